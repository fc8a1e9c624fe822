'use strict';
// Client of the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API.
// The runtime only ever has one request in flight, on one keep-alive connection, so a
// few lines of HTTP/1.1 over a socket do what node:http's client does at a fraction of
// its cost per request (it is paid twice per invocation, on the warm path).
const net = require('node:net');

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
    this.connection = null;
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

  // Resolves {status, headers (lower-case names), body (text)}. A connection the server
  // closed while idle is replaced once, before anything was answered on it.
  request(method, path, body, headers = {}) {
    const data = body === undefined ? null : Buffer.from(body, 'utf8');
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    if (data) head += `Content-Length: ${data.length}\r\n`;
    head += '\r\n';
    const message = data ? Buffer.concat([Buffer.from(head, 'latin1'), data]) : Buffer.from(head, 'latin1');
    const attempt = (retry) => this.connect().exchange(message).catch((error) => {
      if (retry && error.beforeAnswer && error.reused) return attempt(false);
      throw error;
    });
    return attempt(true);
  }

  connect() {
    if (!this.connection || this.connection.closed) this.connection = new Connection(this.host, this.port);
    return this.connection;
  }
}

// One socket, one exchange at a time: the request is written, the response parsed as it
// arrives (Content-Length or chunked framing, or up to the end of the connection).
class Connection {
  constructor(host, port) {
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.closed = false;
    this.used = false;
    this.pending = null;
    this.buffer = Buffer.alloc(0);
    this.socket.on('data', (chunk) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    this.socket.on('end', () => this.finish(true));
    this.socket.on('close', () => this.finish(true));
    this.socket.on('error', (error) => this.fail(error));
  }

  exchange(message) {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, head: null, reused: this.used, answered: false };
      this.used = true;
      this.socket.ref();
      this.socket.write(message);
    });
  }

  parse() {
    const p = this.pending;
    if (!p) return;
    if (!p.head) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = this.buffer.toString('latin1', 0, end).split('\r\n');
      this.buffer = this.buffer.subarray(end + 4);
      const status = Number(lines[0].split(' ')[1]);
      const headers = {};
      for (let i = 1; i < lines.length; i++) {
        const colon = lines[i].indexOf(':');
        if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
      }
      p.head = { status, headers };
      p.answered = true;
      p.length = headers['content-length'] !== undefined ? Number(headers['content-length']) : -1;
      p.chunked = /chunked/i.test(headers['transfer-encoding'] || '');
      p.chunks = [];
      p.keepAlive = !/close/i.test(headers.connection || '');
    }
    if (p.chunked) {
      for (;;) {
        const eol = this.buffer.indexOf('\r\n');
        if (eol < 0) return;
        const size = parseInt(this.buffer.toString('latin1', 0, eol), 16);
        if (size === 0) {
          if (this.buffer.indexOf('\r\n\r\n', eol) < 0) return;  // after any trailers
          this.buffer = Buffer.alloc(0);
          this.complete(Buffer.concat(p.chunks));
          return;
        }
        if (this.buffer.length < eol + 2 + size + 2) return;
        p.chunks.push(this.buffer.subarray(eol + 2, eol + 2 + size));
        this.buffer = this.buffer.subarray(eol + 2 + size + 2);
      }
    }
    if (p.length >= 0) {
      if (this.buffer.length < p.length) return;
      const body = this.buffer.subarray(0, p.length);
      this.buffer = this.buffer.subarray(p.length);
      this.complete(body);
    }
    // Otherwise the body ends with the connection (finish()).
  }

  complete(body) {
    const p = this.pending;
    this.pending = null;
    // Idle, the connection must not keep the process alive: a handler's callback waits
    // for the event loop to drain (callbackWaitsForEmptyEventLoop).
    this.socket.unref();
    if (!p.keepAlive) this.close();
    p.resolve({ status: p.head.status, headers: p.head.headers, body: Buffer.from(body).toString('utf8') });
  }

  finish(ended) {
    const p = this.pending;
    this.closed = true;
    if (!p) return;
    if (ended && p.head && p.length < 0 && !p.chunked) {
      this.complete(this.buffer);
      return;
    }
    this.fail(Object.assign(new Error('Runtime API connection closed'), { code: 'ECONNRESET' }));
  }

  fail(error) {
    this.closed = true;
    const p = this.pending;
    this.pending = null;
    this.socket.destroy();
    if (p) p.reject(Object.assign(error, { beforeAnswer: !p.answered, reused: p.reused }));
  }

  close() {
    this.closed = true;
    this.socket.destroy();
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
