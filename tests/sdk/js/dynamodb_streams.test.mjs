// DynamoDB transactions, Streams, TTL and PartiQL through the AWS SDK for JavaScript v3:
// @aws-sdk/client-dynamodb-streams, the document client's TransactWrite/ExecuteStatement,
// and the typed TransactionCanceledException with its CancellationReasons.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  DynamoDBClient, CreateTableCommand, UpdateTimeToLiveCommand, DescribeTimeToLiveCommand,
  TransactionCanceledException, TransactGetItemsCommand,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient, PutCommand, TransactWriteCommand, ExecuteStatementCommand, BatchExecuteStatementCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  DynamoDBStreamsClient, ListStreamsCommand, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand,
} from "@aws-sdk/client-dynamodb-streams";
import {
  LambdaClient, CreateEventSourceMappingCommand, ListEventSourceMappingsCommand, InvalidParameterValueException,
} from "@aws-sdk/client-lambda";
import { Bunker, clientConfig } from "./harness.mjs";

const bunker = new Bunker("dynamodb-streams");
let ddb, doc, streams, streamArn;

before(async () => {
  await bunker.start();
  ddb = new DynamoDBClient(clientConfig(bunker.endpoint));
  doc = DynamoDBDocumentClient.from(ddb);
  streams = new DynamoDBStreamsClient(clientConfig(bunker.endpoint));
  const { TableDescription } = await ddb.send(new CreateTableCommand({
    TableName: "js-stream",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
  }));
  streamArn = TableDescription.LatestStreamArn;
});
after(async () => { await bunker.cleanup(); });

async function readAll() {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({
    StreamArn: streamArn, ShardId: StreamDescription.Shards[0].ShardId, ShardIteratorType: "TRIM_HORIZON" }));
  const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
  return Records;
}

test("transactions commit atomically and cancel with typed reasons", async () => {
  await doc.send(new TransactWriteCommand({ TransactItems: [
    { Put: { TableName: "js-stream", Item: { id: "a", n: 1 } } },
    { Put: { TableName: "js-stream", Item: { id: "b", n: 2 } } },
  ] }));
  const err = await doc.send(new TransactWriteCommand({ TransactItems: [
    { Update: { TableName: "js-stream", Key: { id: "a" }, UpdateExpression: "SET n = :n",
      ExpressionAttributeValues: { ":n": 10 } } },
    { ConditionCheck: { TableName: "js-stream", Key: { id: "b" }, ConditionExpression: "n = :x",
      ExpressionAttributeValues: { ":x": 99 }, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
  ] })).catch((e) => e);
  assert.ok(err instanceof TransactionCanceledException);
  assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ["None", "ConditionalCheckFailed"]);
  assert.deepEqual(err.CancellationReasons[1].Item, { id: { S: "b" }, n: { N: "2" } });
  const got = await ddb.send(new TransactGetItemsCommand({ TransactItems: [
    { Get: { TableName: "js-stream", Key: { id: { S: "a" } } } }] }));
  assert.deepEqual(got.Responses[0].Item.n, { N: "1" });
});

test("the stream client reads the table's changes in order", async () => {
  await doc.send(new PutCommand({ TableName: "js-stream", Item: { id: "c", n: 3 } }));
  await doc.send(new PutCommand({ TableName: "js-stream", Item: { id: "c", n: 4 } }));
  const { Streams } = await streams.send(new ListStreamsCommand({ TableName: "js-stream" }));
  assert.equal(Streams[0].StreamArn, streamArn);
  const records = await readAll();
  const forC = records.filter((r) => r.dynamodb.Keys.id.S === "c");
  assert.deepEqual(forC.map((r) => r.eventName), ["INSERT", "MODIFY"]);
  assert.deepEqual(forC[1].dynamodb.OldImage.n, { N: "3" });
  assert.ok(forC[0].dynamodb.ApproximateCreationDateTime instanceof Date);
  assert.ok(BigInt(forC[0].dynamodb.SequenceNumber) < BigInt(forC[1].dynamodb.SequenceNumber));
});

test("TTL sweep deletes expired items and the stream says who did", async () => {
  await ddb.send(new UpdateTimeToLiveCommand({ TableName: "js-stream",
    TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" } }));
  const { TimeToLiveDescription } = await ddb.send(new DescribeTimeToLiveCommand({ TableName: "js-stream" }));
  assert.equal(TimeToLiveDescription.TimeToLiveStatus, "ENABLED");
  await doc.send(new PutCommand({ TableName: "js-stream", Item: { id: "old", expires: Math.floor(Date.now() / 1000) - 5 } }));
  const swept = await (await fetch(`${bunker.endpoint}/_bunker/dynamodb/ttl-sweep`, { method: "POST" })).json();
  assert.equal(swept.deleted, 1);
  const removed = (await readAll()).filter((r) => r.eventName === "REMOVE");
  assert.equal(removed.length, 1);
  assert.deepEqual(removed[0].userIdentity, { PrincipalId: "dynamodb.amazonaws.com", Type: "Service" });
});

test("PartiQL through the document client", async () => {
  await doc.send(new ExecuteStatementCommand({ Statement: "INSERT INTO \"js-stream\" VALUE {'id': ?, 'tags': ?}",
    Parameters: ["p1", new Set(["x", "y"])] }));
  const { Items } = await doc.send(new ExecuteStatementCommand({
    Statement: "SELECT id, tags FROM \"js-stream\" WHERE id = ?", Parameters: ["p1"] }));
  assert.deepEqual(Items, [{ id: "p1", tags: new Set(["x", "y"]) }]);
  const { Responses } = await doc.send(new BatchExecuteStatementCommand({ Statements: [
    { Statement: "INSERT INTO \"js-stream\" VALUE {'id': 'p1'}" },
    { Statement: "UPDATE \"js-stream\" SET n = 1 WHERE id = 'p1'" },
  ] }));
  assert.equal(Responses[0].Error.Code, "DuplicateItem");
  assert.equal(Responses[1].TableName, "js-stream");
});

test("event source mappings answer through the Lambda client", async () => {
  const lambda = new LambdaClient(clientConfig(bunker.endpoint));
  const missing = streamArn.replace("js-stream", "no-such-table");
  const err = await lambda.send(new CreateEventSourceMappingCommand({
    EventSourceArn: missing, FunctionName: "anything", StartingPosition: "LATEST" })).catch((e) => e);
  assert.ok(err instanceof InvalidParameterValueException);
  assert.equal(err.message, `Stream not found: ${missing}`);
  const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: streamArn }));
  assert.deepEqual(EventSourceMappings, []);
});
