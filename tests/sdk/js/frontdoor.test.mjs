// The front door through the AWS SDK for JavaScript v3: every service's errors reach the
// SDK as typed, parseable AWS errors with their request ids.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { DynamoDBClient, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { LambdaClient, GetFunctionCommand } from "@aws-sdk/client-lambda";
import { APIGatewayClient, GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import { Bunker, clientConfig, errorOf } from "./harness.mjs";

const bunker = new Bunker("frontdoor");
before(async () => { await bunker.start(); });
after(async () => { await bunker.cleanup(); });

test("health answers JSON with every service", async () => {
  const r = await fetch(`${bunker.endpoint}/_bunker/health`);
  const body = await r.json();
  for (const s of ["s3", "dynamodb", "lambda", "apigateway"]) assert.equal(body.services[s], "running");
});

test("DynamoDB errors are typed", async () => {
  const c = new DynamoDBClient(clientConfig(bunker.endpoint));
  const e = await errorOf(c.send(new DescribeTableCommand({ TableName: "no-such-table" })));
  assert.ok(["ResourceNotFoundException", "UnknownOperationException"].includes(e.name), e.name);
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.equal(e.$metadata.requestId.length, 52);
});

test("S3 errors are typed", async () => {
  const c = new S3Client(clientConfig(bunker.endpoint, { forcePathStyle: true }));
  const e = await errorOf(c.send(new ListObjectsV2Command({ Bucket: "no-such-bucket" })));
  assert.ok(["NoSuchBucket", "NotImplemented"].includes(e.name), e.name);
  assert.match(e.$metadata.requestId, /^[0-9A-F]{16}$/);
  assert.ok(e.$metadata.extendedRequestId);
});

test("Lambda errors are typed", async () => {
  const c = new LambdaClient(clientConfig(bunker.endpoint));
  const e = await errorOf(c.send(new GetFunctionCommand({ FunctionName: "no-such-function" })));
  assert.ok(["ResourceNotFoundException", "UnknownOperationException"].includes(e.name), e.name);
  assert.ok(e.$metadata.requestId);
});

test("API Gateway errors are typed", async () => {
  const c = new APIGatewayClient(clientConfig(bunker.endpoint));
  const e = await errorOf(c.send(new GetRestApiCommand({ restApiId: "nosuchapi" })));
  assert.equal(e.name, "NotFoundException");
  assert.equal(e.$metadata.httpStatusCode, 404);
});
