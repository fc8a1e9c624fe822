'use strict';
// Console output in Lambda's text log format:
//   <ISO time>\t<request id>\t<LEVEL>\t<message>
// Newlines inside one message become '\r' so that a multi-line message stays one log
// event; the request id is "undefined" outside an invocation, as on AWS.
const util = require('node:util');

let currentRequestId;

function setRequestId(id) { currentRequestId = id; }

function write(level, args) {
  const message = util.format(...args);
  const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}`.replace(/\n/g, '\r');
  process.stdout.write(line + '\n');
}

function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE', fatal: 'FATAL' };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => write(level, args);
  }
}

module.exports = { patchConsole, setRequestId, write };
