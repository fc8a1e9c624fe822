// DynamoDB through the AWS SDK for JavaScript v3: the low-level client and the
// @aws-sdk/lib-dynamodb document client, paginators, waiters, and typed errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, PutItemCommand, GetItemCommand, QueryCommand,
  UpdateItemCommand, ConditionalCheckFailedException, ResourceNotFoundException, paginateScan, paginateQuery,
  waitUntilTableExists, BatchWriteItemCommand, DeleteTableCommand, waitUntilTableNotExists,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, QueryCommand as DocQueryCommand,
  BatchGetCommand, DeleteCommand, ScanCommand as DocScanCommand,
} from "@aws-sdk/lib-dynamodb";
import { Bunker, clientConfig, errorOf } from "./harness.mjs";

const bunker = new Bunker("dynamodb");
let ddb, doc;

before(async () => {
  await bunker.start();
  ddb = new DynamoDBClient(clientConfig(bunker.endpoint));
  doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  await ddb.send(new CreateTableCommand({
    TableName: "js-table",
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" },
      { AttributeName: "email", AttributeType: "S" }],
    GlobalSecondaryIndexes: [{ IndexName: "by_email", KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" } }],
    BillingMode: "PAY_PER_REQUEST",
  }));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: "js-table" });
});
after(async () => { await bunker.cleanup(); });

test("document client marshals JS values and reads them back", async () => {
  await doc.send(new PutCommand({ TableName: "js-table", Item: {
    pk: "user", sk: 1, email: "a@example.com", tags: new Set(["x", "y"]), profile: { age: 30, langs: ["c++", "js"] },
    active: true, nothing: null, skipped: undefined } }));
  const { Item } = await doc.send(new GetCommand({ TableName: "js-table", Key: { pk: "user", sk: 1 } }));
  assert.deepEqual(Item.profile, { age: 30, langs: ["c++", "js"] });
  assert.deepEqual([...Item.tags].sort(), ["x", "y"]);
  assert.equal(Item.active, true);
  assert.equal(Item.nothing, null);
  assert.ok(!("skipped" in Item));
});

test("update expressions with the document client", async () => {
  const r = await doc.send(new UpdateCommand({ TableName: "js-table", Key: { pk: "user", sk: 1 },
    UpdateExpression: "SET profile.age = profile.age + :one, #c = if_not_exists(#c, :zero) + :one REMOVE active",
    ExpressionAttributeNames: { "#c": "count" }, ExpressionAttributeValues: { ":one": 1, ":zero": 0 },
    ReturnValues: "ALL_NEW" }));
  assert.equal(r.Attributes.profile.age, 31);
  assert.equal(r.Attributes.count, 1);
  assert.ok(!("active" in r.Attributes));
});

test("conditional failure is a typed error", async () => {
  const e = await errorOf(doc.send(new PutCommand({ TableName: "js-table", Item: { pk: "user", sk: 1 },
    ConditionExpression: "attribute_not_exists(pk)" })));
  assert.ok(e instanceof ConditionalCheckFailedException);
  assert.equal(e.message, "The conditional request failed");
  const missing = await errorOf(ddb.send(new GetItemCommand({ TableName: "nope", Key: { pk: { S: "x" } } })));
  assert.ok(missing instanceof ResourceNotFoundException);
  const bad = await errorOf(ddb.send(new PutItemCommand({ TableName: "js-table", Item: { pk: { S: "x" } } })));
  assert.equal(bad.name, "ValidationException");
  assert.equal(bad.message, "One or more parameter values were invalid: Missing the key sk in the item");
});

test("query, GSI and paginators", async () => {
  const requests = [];
  for (let i = 0; i < 30; i++)
    requests.push({ PutRequest: { Item: { pk: { S: "many" }, sk: { N: String(i) }, email: { S: `u${i % 3}@x` } } } });
  for (let i = 0; i < requests.length; i += 25)
    await ddb.send(new BatchWriteItemCommand({ RequestItems: { "js-table": requests.slice(i, i + 25) } }));
  const keys = [];
  for await (const page of paginateQuery({ client: ddb, pageSize: 7 }, { TableName: "js-table",
    KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "many" } }, ScanIndexForward: false }))
    keys.push(...page.Items.map((i) => Number(i.sk.N)));
  assert.deepEqual(keys, [...Array(30).keys()].reverse());
  let scanned = 0;
  for await (const page of paginateScan({ client: ddb, pageSize: 4 }, { TableName: "js-table" })) scanned += page.Count;
  assert.equal(scanned, 31);
  const r = await doc.send(new DocQueryCommand({ TableName: "js-table", IndexName: "by_email",
    KeyConditionExpression: "email = :e", ExpressionAttributeValues: { ":e": "u1@x" } }));
  assert.equal(r.Count, 10);
  const numbers = await ddb.send(new QueryCommand({ TableName: "js-table", KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
    ExpressionAttributeValues: { ":p": { S: "many" }, ":a": { N: "9" }, ":b": { N: "11" } } }));
  assert.deepEqual(numbers.Items.map((i) => i.sk.N), ["9", "10", "11"]);
});

test("exact decimals survive as strings in the low-level client", async () => {
  await ddb.send(new PutItemCommand({ TableName: "js-table", Item: { pk: { S: "num" }, sk: { N: "0" }, v: { N: "0.1" } } }));
  const r = await ddb.send(new UpdateItemCommand({ TableName: "js-table", Key: { pk: { S: "num" }, sk: { N: "0" } },
    UpdateExpression: "SET v = v + :x", ExpressionAttributeValues: { ":x": { N: "0.2" } }, ReturnValues: "UPDATED_NEW" }));
  assert.equal(r.Attributes.v.N, "0.3");
});

test("batch get, delete and scan with the document client", async () => {
  const r = await doc.send(new BatchGetCommand({ RequestItems: { "js-table": { Keys: [{ pk: "many", sk: 3 }, { pk: "many", sk: 4 }] } } }));
  assert.equal(r.Responses["js-table"].length, 2);
  await doc.send(new DeleteCommand({ TableName: "js-table", Key: { pk: "many", sk: 3 } }));
  const s = await doc.send(new DocScanCommand({ TableName: "js-table", FilterExpression: "pk = :p",
    ExpressionAttributeValues: { ":p": "many" }, Select: "COUNT" }));
  assert.equal(s.Count, 29);
  const d = await ddb.send(new DescribeTableCommand({ TableName: "js-table" }));
  assert.equal(d.Table.ItemCount, 31);
  await ddb.send(new DeleteTableCommand({ TableName: "js-table" }));
  await waitUntilTableNotExists({ client: ddb, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: "js-table" });
});
