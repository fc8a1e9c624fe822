'use strict';
// Error payloads in the shape AWS's Node.js runtime reports them:
// native errors become {errorType: name, errorMessage: message, trace: stack lines};
// anything else becomes {errorType: typeof value, errorMessage: String(value), trace: []}.
const util = require('node:util');

function isErrorLike(value) {
  return util.types.isNativeError(value) ||
    (value !== null && typeof value === 'object' && typeof value.name === 'string' &&
     typeof value.message === 'string' && typeof value.stack === 'string');
}

// Payload posted to /invocation/{id}/error and /init/error.
function toRuntimeResponse(error) {
  try {
    if (isErrorLike(error)) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        trace: String(error.stack).split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

// What the runtime writes to the log for an error: the error with its enumerable
// properties, errorType/errorMessage first and the stack as an array of lines.
function toLogText(error) {
  try {
    if (!isErrorLike(error)) return '\t' + JSON.stringify(toRuntimeResponse(error));
    const out = { errorType: error.name, errorMessage: error.message, code: error.code };
    for (const key of Object.keys(error)) {
      if (!(key in out)) out[key] = error[key];
    }
    out.stack = String(error.stack).split('\n');
    return '\t' + JSON.stringify(out, (k, v) => (isErrorLike(v) && v !== error ? toRuntimeResponse(v) : v));
  } catch (_) {
    return '\t' + String(error);
  }
}

// Named runtime errors; `name` is what AWS reports as errorType.
function defineRuntimeError(name) {
  return class extends Error {
    constructor(message) {
      super(message);
      Object.defineProperty(this, 'name', { value: name, enumerable: false, writable: true });
    }
  };
}

const ImportModuleError = defineRuntimeError('Runtime.ImportModuleError');
const HandlerNotFound = defineRuntimeError('Runtime.HandlerNotFound');
const MalformedHandlerName = defineRuntimeError('Runtime.MalformedHandlerName');
const UserCodeSyntaxError = defineRuntimeError('Runtime.UserCodeSyntaxError');

class UnhandledPromiseRejection extends defineRuntimeError('Runtime.UnhandledPromiseRejection') {
  constructor(reason, promise) {
    super(reason === undefined ? 'undefined' : String(reason));
    this.reason = reason;
    this.promise = promise;
  }
}

module.exports = {
  toRuntimeResponse,
  toLogText,
  isErrorLike,
  ImportModuleError,
  HandlerNotFound,
  MalformedHandlerName,
  UserCodeSyntaxError,
  UnhandledPromiseRejection,
};
