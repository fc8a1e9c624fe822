// Lambda functions behind API Gateway in the real-client tests, one export per role.
'use strict';
let authorizerCalls = 0;

// Proxy integration: answers with the event it received, so a test can check every field.
exports.echo = async (event, context) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json', 'x-function-version': context.functionVersion },
  body: JSON.stringify(event),
});

// Proxy integration: answers with whatever JSON the client posted (the response contract
// under test), or null without a body.
exports.respond = async (event) => (event.body ? JSON.parse(event.body) : null);

// Non-proxy integration: the payload back, or a failure whose message the selection
// patterns see.
exports.plain = async (event) => {
  if (event && event.fail) throw new Error(event.fail);
  return { received: event };
};

// The function's version and alias, for stage variables selecting an alias.
exports.version = async (event, context) => ({
  statusCode: 200,
  body: JSON.stringify({ version: context.functionVersion, arn: context.invokedFunctionArn }),
});

function policy(effect, resource) {
  return { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] };
}

// TOKEN / REQUEST authorizer: "allow" / "deny" / anything else is Unauthorized.
exports.authorizer = async (event) => {
  authorizerCalls += 1;
  const token = event.type === 'TOKEN' ? event.authorizationToken : (event.headers || {}).auth;
  if (token === 'allow') {
    return {
      principalId: 'user-1',
      policyDocument: policy('Allow', event.methodArn),
      context: { calls: authorizerCalls, role: 'admin', ok: true },
    };
  }
  if (token === 'deny') return { principalId: 'user-2', policyDocument: policy('Deny', event.methodArn) };
  if (token === 'elsewhere') return { principalId: 'user-3', policyDocument: policy('Allow', 'arn:aws:execute-api:*:*:other/*') };
  throw new Error('Unauthorized');
};

// HTTP API authorizer with simple responses.
exports.simple = async (event) => ({
  isAuthorized: (event.headers || {}).authorization === 'let-me-in',
  context: { who: 'simple' },
});
