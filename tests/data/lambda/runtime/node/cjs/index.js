// Handlers exercising the Node.js programming model, one per export.
'use strict';
let warmCounter = 0;

exports.echo = async (event, context) => ({
  event,
  counter: ++warmCounter,
  ctx: {
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    awsRequestId: context.awsRequestId,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    identity: context.identity,
    clientContext: context.clientContext,
    remaining: context.getRemainingTimeInMillis(),
    waits: context.callbackWaitsForEmptyEventLoop,
  },
  traceId: process.env._X_AMZN_TRACE_ID,
});

// 2016-era style: context.succeed / fail / done.
exports.succeed = function (event, context) { context.succeed({ ok: event.value }); };
exports.succeedString = function (event, context) { context.succeed('text'); };
exports.succeedNothing = function (event, context) { context.succeed(); };
exports.failString = function (event, context) { context.fail('some string'); };
exports.failNothing = function (event, context) { context.fail(); };
exports.doneError = function (event, context) { context.done(new TypeError('done failed')); };
exports.doneResult = function (event, context) { context.done(null, 'done ok'); };
exports.firstWins = function (event, context) { context.succeed('first'); context.fail('second'); };

// Callbacks wait for the event loop to drain unless told otherwise.
exports.callbackWaits = function (event, context, callback) {
  let late = 'not yet';
  setTimeout(() => { late = 'ran'; globalThis.lateTimer = late; }, 200);
  callback(null, { before: late });
};
exports.afterWait = async () => ({ lateTimer: globalThis.lateTimer || null });
exports.callbackNoWait = function (event, context, callback) {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => {}, 60000);
  callback(null, 'no wait');
};
exports.callbackError = function (event, context, callback) { callback(new RangeError('cb failed')); };
exports.syncNoAnswer = function () { /* returns undefined, never calls back */ };

// Errors.
exports.throwAsync = async (event) => { throw new Error(`Error: ${event.error_msg}`); };
exports.throwSync = function () { throw new Error('sync boom'); };
exports.rejectString = () => Promise.reject('plain rejection');
exports.uncaught = function (event, context, callback) {
  setTimeout(() => { throw new Error('uncaught boom'); }, 10);
};
exports.unhandledRejection = function (event, context, callback) {
  Promise.reject(new Error('rejected boom'));
  setTimeout(() => callback(null, 'too late'), 200);
};
exports.circular = async () => { const a = {}; a.self = a; return a; };

// Logging.
exports.logs = async (event) => {
  console.log('hello', { a: 1 });
  console.error('line one\nline two');
  console.warn('warned');
  return 'logged';
};

exports.nested = { deeper: { handler: async () => 'nested ok' } };
exports.notAFunction = 42;

// SDKs: which endpoint each resolves to, without configuring anything.
exports.sdkV2 = async () => {
  const AWS = require('aws-sdk');
  const s3 = new AWS.S3();
  return {
    endpoint: s3.endpoint.href,
    pathStyle: s3.config.s3ForcePathStyle,
    region: s3.config.region,
    accessKeyId: AWS.config.credentials && AWS.config.credentials.accessKeyId,
    dynamodb: new AWS.DynamoDB.DocumentClient().service.endpoint.href,
    sdkPath: require.resolve('aws-sdk'),
  };
};
exports.sdkV3 = async () => {
  const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
  const client = new S3Client({});
  let seen;
  // Capture the request the SDK would send instead of sending it.
  client.middlewareStack.add(() => async (args) => { seen = args.request; throw new Error('captured'); },
    { step: 'finalizeRequest', name: 'capture' });
  try { await client.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'key' })); } catch (_) { /* captured */ }
  return { hostname: seen.hostname, port: seen.port, protocol: seen.protocol, path: seen.path };
};
