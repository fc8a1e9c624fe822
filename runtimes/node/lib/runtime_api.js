'use strict';
// Client of the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API.
// One keep-alive connection: the runtime only ever has one request in flight.
const http = require('node:http');

const API_VERSION_PATH = '/2018-06-01/runtime';

class RuntimeApi {
  // `address` is host:port as on AWS; Bunker may append a path that names the worker
  // (host:port/prefix), which goes in front of every Runtime API path, as it does for a
  // curl-based bootstrap that builds "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/...".
  constructor(address) {
    const text = String(address || '');
    const slash = text.indexOf('/');
    const [host, port] = splitHostPort(slash < 0 ? text : text.slice(0, slash));
    this.host = host;
    this.port = port;
    this.prefix = (slash < 0 ? '' : text.slice(slash).replace(/\/+$/, '')) + API_VERSION_PATH;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  // Resolves {requestId, deadlineMs, invokedFunctionArn, traceId, clientContext, identity, body}.
  nextInvocation() {
    return this.request('GET', `${this.prefix}/invocation/next`).then(({ status, headers, body }) => {
      if (status !== 200) throw new Error(`Runtime API /invocation/next answered ${status}: ${body}`);
      return {
        requestId: headers['lambda-runtime-aws-request-id'],
        deadlineMs: Number(headers['lambda-runtime-deadline-ms']),
        invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
        traceId: headers['lambda-runtime-trace-id'],
        clientContext: headers['lambda-runtime-client-context'],
        identity: headers['lambda-runtime-cognito-identity'],
        body,
      };
    });
  }

  postResponse(requestId, body) {
    return this.request('POST', `${this.prefix}/invocation/${encodeURIComponent(requestId)}/response`, body,
      { 'Content-Type': 'application/json' });
  }

  postError(requestId, payload) {
    return this.request('POST', `${this.prefix}/invocation/${encodeURIComponent(requestId)}/error`,
      JSON.stringify(payload), errorHeaders(payload));
  }

  postInitError(payload) {
    return this.request('POST', `${this.prefix}/init/error`, JSON.stringify(payload), errorHeaders(payload));
  }

  request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(body, 'utf8');
      if (data) headers['Content-Length'] = data.length;
      const req = http.request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(data);
    });
  }
}

function errorHeaders(payload) {
  return {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': String(payload && payload.errorType || 'Unknown').replace(/[^\x20-\x7e]/g, ''),
  };
}

function splitHostPort(value) {
  const text = String(value || '');
  const colon = text.lastIndexOf(':');
  if (colon < 0) return [text, 80];
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, Number(text.slice(colon + 1))];
}

module.exports = { RuntimeApi };
