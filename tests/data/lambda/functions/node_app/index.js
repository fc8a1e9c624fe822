// Node.js handlers for the real-client tests, one export per behaviour.
'use strict';
let invocations = 0;

exports.echo = async (event, context) => {
  invocations += 1;
  console.log('event', JSON.stringify(event));
  return {
    event,
    invocations,
    pid: process.pid,
    requestId: context.awsRequestId,
    arn: context.invokedFunctionArn,
    version: context.functionVersion,
    memory: context.memoryLimitInMB,
    remaining: context.getRemainingTimeInMillis(),
    clientContext: context.clientContext,
    env: {
      name: process.env.AWS_LAMBDA_FUNCTION_NAME,
      region: process.env.AWS_REGION,
      group: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      stream: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      taskRoot: process.env.LAMBDA_TASK_ROOT,
      handler: process.env._HANDLER,
      custom: process.env.CUSTOM_VAR,
      endpoint: process.env.AWS_ENDPOINT_URL,
      uid: process.getuid(),
      accessKey: process.env.AWS_ACCESS_KEY_ID,
      traceId: process.env._X_AMZN_TRACE_ID,
    },
  };
};

exports.fail = async (event) => { throw new Error(`Error: ${event.error_msg}`); };

exports.sleep = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { slept: event.ms, pid: process.pid };
};

exports.crash = async () => { process.exit(3); };

exports.oom = async () => {
  const hoard = [];
  for (;;) {
    hoard.push(Buffer.alloc(16 * 1024 * 1024, 1));
    await new Promise((resolve) => setImmediate(resolve));
  }
};

exports.big = async () => 'x'.repeat(7 * 1024 * 1024);

exports.greet = async () => require('greeting').greet('layer');

// Writes to Bunker's DynamoDB through the SDK v3, configured by nothing but the environment.
exports.putItem = async (event) => {
  const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({});
  await client.send(new PutItemCommand({
    TableName: event.table,
    Item: { id: { S: event.id }, via: { S: 'sdk-v3' } },
  }));
  return { written: event.id };
};

// The same through the SDK v2 (aws-sdk), as 2016-era functions do.
exports.putItemV2 = function (event, context, callback) {
  const AWS = require('aws-sdk');
  const docs = new AWS.DynamoDB.DocumentClient();
  docs.put({ TableName: event.table, Item: { id: event.id, via: 'sdk-v2' } }, (err) => {
    if (err) callback(err);
    else callback(null, { written: event.id });
  });
};

// Holds its invocation until the test lets it go: it writes `event.started` and waits
// for `event.release` to exist (files under /tmp, shared with the test).
exports.gate = async (event) => {
  const fs = require('fs');
  fs.writeFileSync(event.started, 'started');
  while (!fs.existsSync(event.release)) await new Promise((resolve) => setTimeout(resolve, 10));
  return { released: true, pid: process.pid };
};
