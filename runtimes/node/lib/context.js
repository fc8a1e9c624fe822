'use strict';
// The context object a Node.js handler receives, with every field AWS provides.

function parseJsonHeader(value) {
  if (value === undefined || value === '') return undefined;
  try { return JSON.parse(value); } catch (_) { return undefined; }
}

// `callbacks` supplies succeed/fail/done, which report the result without waiting for
// the event loop (the 2016-era programming model).
function makeContext(invocation, callbacks) {
  const env = process.env;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invocation.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: invocation.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parseJsonHeader(invocation.identity),
    clientContext: parseJsonHeader(invocation.clientContext),
    getRemainingTimeInMillis() {
      return Math.max(0, invocation.deadlineMs - Date.now());
    },
    succeed: callbacks.succeed,
    fail: callbacks.fail,
    done: callbacks.done,
  };
  return context;
}

module.exports = { makeContext };
