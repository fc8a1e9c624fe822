'use strict';
// The invocation loop: fetch the next event, call the handler with AWS's Node.js
// programming model, report the result, repeat. Only the first of return value,
// promise, callback, context.succeed/fail/done counts, as on AWS.
const { makeContext } = require('./context');
const { setRequestId } = require('./console_log');
const errors = require('./errors');

class InvokeLoop {
  constructor(api, handler) {
    this.api = api;
    this.handler = handler;
    this.current = null; // state of the invocation in progress
    this.streaming = Boolean(handler && handler[STREAMING]);
  }

  start() {
    process.on('uncaughtException', (error) => this.crash('Uncaught Exception', error, 129));
    process.on('unhandledRejection', (reason, promise) => {
      this.crash('Unhandled Promise Rejection', new errors.UnhandledPromiseRejection(reason, promise), 128);
    });
    this.next();
  }

  next() {
    this.serve(this.api.nextInvocation());
  }

  serve(nextInvocation) {
    nextInvocation.then(
      (invocation) => this.handle(invocation),
      (error) => {
        process.stderr.write(error.reportFailed
          ? `bunker node runtime: cannot report result: ${error.message}\n`
          : `bunker node runtime: Runtime API unreachable: ${error.message}\n`);
        process.exit(1);
      });
  }

  // An error escaped the handler's control: report it for the invocation in progress
  // and end the process, which the service then replaces.
  crash(label, error, exitCode) {
    console.error(label, errors.toLogText(error));
    const state = this.current;
    const exit = () => process.exit(exitCode);
    if (state && !state.finished) {
      state.finished = true;
      this.api.postError(state.requestId, errors.toRuntimeResponse(error)).then(exit, exit);
    } else {
      exit();
    }
  }

  handle(invocation) {
    setRequestId(invocation.requestId);
    if (invocation.traceId) process.env._X_AMZN_TRACE_ID = invocation.traceId;
    else delete process.env._X_AMZN_TRACE_ID;

    const state = { requestId: invocation.requestId, finished: false, waiting: null };
    this.current = state;

    const finish = (failed, value) => {
      if (state.finished) return;
      state.finished = true;
      process.removeListener('beforeExit', onBeforeExit);
      this.serve(this.report(state.requestId, failed, value));
    };
    // The event loop drained: a callback result that waited for it is reported now;
    // a handler that never answered answers null, as AWS's runtime does.
    const onBeforeExit = () => {
      if (state.waiting) finish(state.waiting.failed, state.waiting.value);
      else finish(false, null);
    };
    process.on('beforeExit', onBeforeExit);

    const done = (err, result) => {
      if (err !== undefined && err !== null) finish(true, err);
      else finish(false, result);
    };
    const callbacks = {
      succeed: (result) => finish(false, result),
      fail: (err) => finish(true, err === undefined || err === null ? 'handled' : err),
      done,
    };
    const context = makeContext(invocation, callbacks);
    const callback = (err, result) => {
      if (state.finished || state.waiting) return;
      const failed = err !== undefined && err !== null;
      if (context.callbackWaitsForEmptyEventLoop) state.waiting = { failed, value: failed ? err : result };
      else finish(failed, failed ? err : result);
    };

    let event;
    try {
      event = JSON.parse(invocation.body);
    } catch (error) {
      finish(true, error);
      return;
    }
    try {
      const result = this.streaming
        ? this.handler(event, new BufferedResponseStream((body) => finish(false, body)), context)
        : this.handler(event, context, callback);
      if (result && typeof result.then === 'function') {
        result.then((value) => { if (!this.streaming) finish(false, value); }, (err) => finish(true, err));
      }
    } catch (error) {
      finish(true, error);
    }
  }

  // Posts the result; resolves with the next invocation.
  report(requestId, failed, value) {
    if (failed) {
      console.error('Invoke Error', errors.toLogText(value));
      return this.api.postErrorAndNext(requestId, errors.toRuntimeResponse(value));
    }
    let body;
    try {
      body = value instanceof RawBody ? value.text : JSON.stringify(value === undefined ? null : value);
      if (body === undefined) body = 'null';
    } catch (error) {
      console.error('Invoke Error', errors.toLogText(error));
      return this.api.postErrorAndNext(requestId, errors.toRuntimeResponse(error));
    }
    return this.api.postResponseAndNext(requestId, body);
  }
}

// Response streaming (awslambda.streamifyResponse): Bunker answers RequestResponse
// invokes whole, so the stream is collected and reported when the handler ends it.
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
class RawBody { constructor(text) { this.text = text; } }

class BufferedResponseStream extends require('node:stream').Writable {
  constructor(onEnd) {
    const chunks = [];
    super({
      write(chunk, _encoding, cb) { chunks.push(Buffer.from(chunk)); cb(); },
      final(cb) { onEnd(new RawBody(Buffer.concat(chunks).toString('utf8'))); cb(); },
    });
  }
  setContentType(_type) {}
}

function installAwsLambdaGlobal() {
  globalThis.awslambda = {
    streamifyResponse(handler) {
      handler[STREAMING] = true;
      return handler;
    },
    HttpResponseStream: {
      from(stream, _metadata) { return stream; },
    },
  };
}

module.exports = { InvokeLoop, installAwsLambdaGlobal };
