'use strict';
// Client of the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API.
// The runtime talks to it over one keep-alive connection, one exchange at a time except
// that a result and the request for the next invocation go out together, so a few lines
// of HTTP/1.1 over a socket do what node:http's client does at a fraction of its cost per
// request (paid on every invocation, on the warm path).
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
    this.nextMessage = this.message('GET', this.nextPath);  // the same bytes on every invocation
  }

  // Resolves {requestId, deadlineMs, invokedFunctionArn, traceId, clientContext, identity, body}.
  nextInvocation() {
    return this.request('GET', this.nextPath).then(toInvocation);
  }

  // Reports a result and asks for the next invocation in one write (HTTP/1.1 pipelining,
  // the server answers them in order): a syscall and a wake-up fewer per invocation on
  // both sides. Resolves like nextInvocation(); rejects with `reportFailed` set when the
  // result could not be delivered.
  postResponseAndNext(requestId, body) {
    return this.reportAndNext(this.message('POST', this.invocationPath(requestId, 'response'), body, JSON_TYPE,
      this.nextMessage));
  }

  postErrorAndNext(requestId, payload) {
    return this.reportAndNext(this.message('POST', this.invocationPath(requestId, 'error'), JSON.stringify(payload),
      errorHeaders(payload), this.nextMessage));
  }

  postError(requestId, payload) {
    return this.request('POST', this.invocationPath(requestId, 'error'), JSON.stringify(payload), errorHeaders(payload));
  }

  postInitError(payload) {
    return this.request('POST', `${this.prefix}/init/error`, JSON.stringify(payload), errorHeaders(payload));
  }

  get nextPath() { return `${this.prefix}/invocation/next`; }

  invocationPath(requestId, kind) { return `${this.prefix}/invocation/${encodeURIComponent(requestId)}/${kind}`; }

  // The bytes of a request; `then` (bytes of another request) is appended, in the same
  // buffer: one allocation and one copy of the body.
  message(method, path, body, headers, then) {
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n`;
    if (headers) for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    if (body === undefined) return Buffer.from(head + '\r\n', 'latin1');
    const bodyLength = Buffer.byteLength(body, 'utf8');
    head += `Content-Length: ${bodyLength}\r\n\r\n`;
    const headLength = head.length;  // latin1: one byte a character
    const out = Buffer.allocUnsafe(headLength + bodyLength + (then ? then.length : 0));
    out.write(head, 0, 'latin1');
    out.write(body, headLength, 'utf8');
    if (then) then.copy(out, headLength + bodyLength);
    return out;
  }

  // Resolves {status, headers (lower-case names), body (text)}. A connection the server
  // closed while idle is replaced once, before anything was answered on it.
  request(method, path, body, headers) {
    const message = this.message(method, path, body, headers);
    const attempt = (retry) => this.connect().exchange(message).catch((error) => {
      if (retry && error.beforeAnswer && error.reused) return attempt(false);
      throw error;
    });
    return attempt(true);
  }

  // `both`: the report, then the request for the next invocation (message(..., nextMessage)).
  reportAndNext(both) {
    const attempt = (retry) => {
      const [posted, next] = this.connect().exchange(both, 2);
      next.catch(() => {});  // its failure is handled below, or made moot by the report's
      return posted.then(
        () => next.then(toInvocation, (error) => {
          // The server ended the connection after answering the report (e.g. a response
          // too large): the request for the next invocation was never read; ask again.
          if (error.beforeAnswer) return this.nextInvocation();
          throw error;
        }),
        (error) => {
          if (retry && error.beforeAnswer && error.reused) return attempt(false);
          throw Object.assign(error, { reportFailed: true });
        });
    };
    return attempt(true);
  }

  connect() {
    if (!this.connection || this.connection.closed) this.connection = new Connection(this.host, this.port);
    return this.connection;
  }
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

function toInvocation({ status, headers, body }) {
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
}

// One socket; requests written on it are answered in order (a report and the request for
// the next invocation may go out together). Responses are parsed as they arrive
// (Content-Length or chunked framing, or up to the end of the connection).
class Connection {
  constructor(host, port) {
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.closed = false;
    this.used = false;
    this.queue = [];  // the exchanges awaiting their answer, oldest first
    this.buffer = Buffer.alloc(0);
    this.socket.on('data', (chunk) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    this.socket.on('end', () => this.finish(true));
    this.socket.on('close', () => this.finish(true));
    this.socket.on('error', (error) => this.fail(error));
  }

  // Writes `message` (holding `count` requests) and resolves with each answer: a promise
  // for one, an array of promises for more.
  exchange(message, count = 1) {
    const answers = [];
    for (let i = 0; i < count; i++) {
      answers.push(new Promise((resolve, reject) => {
        this.queue.push({ resolve, reject, head: null, reused: this.used || i > 0, answered: false });
      }));
    }
    this.used = true;
    this.socket.ref();
    this.socket.write(message);
    return count === 1 ? answers[0] : answers;
  }

  parse() {
    while (this.queue.length) {
      const p = this.queue[0];
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
        if (!this.readChunks(p)) return;
        continue;
      }
      if (p.length < 0) return;  // the body ends with the connection (finish())
      if (this.buffer.length < p.length) return;
      const body = this.buffer.subarray(0, p.length);
      this.buffer = this.buffer.subarray(p.length);
      this.complete(body);
    }
  }

  // True once the last chunk (and any trailers) arrived and the exchange completed.
  readChunks(p) {
    for (;;) {
      const eol = this.buffer.indexOf('\r\n');
      if (eol < 0) return false;
      const size = parseInt(this.buffer.toString('latin1', 0, eol), 16);
      if (size === 0) {
        const end = this.buffer.indexOf('\r\n\r\n', eol);
        if (end < 0) return false;  // after any trailers
        this.buffer = this.buffer.subarray(end + 4);
        this.complete(Buffer.concat(p.chunks));
        return true;
      }
      if (this.buffer.length < eol + 2 + size + 2) return false;
      p.chunks.push(this.buffer.subarray(eol + 2, eol + 2 + size));
      this.buffer = this.buffer.subarray(eol + 2 + size + 2);
    }
  }

  complete(body) {
    const p = this.queue.shift();
    // Idle, the connection must not keep the process alive: a handler's callback waits
    // for the event loop to drain (callbackWaitsForEmptyEventLoop).
    if (!this.queue.length) this.socket.unref();
    if (!p.keepAlive) this.close();
    p.resolve({ status: p.head.status, headers: p.head.headers, body: body.toString('utf8') });
  }

  finish(ended) {
    this.closed = true;
    const p = this.queue[0];
    if (!p) return;
    if (ended && p.head && p.length < 0 && !p.chunked) this.complete(this.buffer);
    if (this.queue.length) this.fail(Object.assign(new Error('Runtime API connection closed'), { code: 'ECONNRESET' }));
  }

  fail(error) {
    this.closed = true;
    const failed = this.queue;
    this.queue = [];
    this.socket.destroy();
    failed.forEach((p, i) => {
      const e = i === 0 ? error : Object.assign(new Error(error.message), { code: error.code });
      p.reject(Object.assign(e, { beforeAnswer: !p.answered, reused: p.reused }));
    });
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
