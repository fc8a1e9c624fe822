'use strict';
// Resolves _HANDLER ("dir/sub/module.export.nested") to the user's function the way
// AWS's Node.js runtime does: the module is looked up as <root>/<dir>/<module> with
// .js (CommonJS, or ES module when the nearest package.json says "type": "module"),
// .mjs, .cjs, then as a path Node itself resolves (a folder, a package).
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const {
  ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError,
} = require('./errors');

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;

function splitHandler(fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(`'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const base = path.basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.length - base.length);
  const match = base.match(FUNCTION_EXPR);
  if (!match) throw new MalformedHandlerName('Bad handler');
  return { moduleRoot, moduleName: match[1], handlerPath: match[2] };
}

function isFile(p) {
  try { return fs.statSync(p).isFile(); } catch (_) { return false; }
}

function exists(p) {
  try { fs.statSync(p); return true; } catch (_) { return false; }
}

// The "type" of the nearest package.json above `dir`, as Node decides a .js file's format.
function nearestPackageType(dir) {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'package.json');
    if (isFile(candidate)) {
      try { return JSON.parse(fs.readFileSync(candidate, 'utf8')).type || 'commonjs'; } catch (_) { return 'commonjs'; }
    }
    const parent = path.dirname(current);
    if (parent === current) return 'commonjs';
  }
}

let esmSearchPathRegistered = false;
// ES modules ignore NODE_PATH; AWS's runtime still lets them import the SDK and layer
// packages. A resolve hook falls back to the NODE_PATH folders for bare specifiers.
function ensureEsmSearchPath() {
  if (esmSearchPathRegistered) return;
  esmSearchPathRegistered = true;
  const mod = require('node:module');
  const dirs = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean);
  if (typeof mod.register === 'function' && dirs.length > 0) {
    mod.register(pathToFileURL(path.join(__dirname, 'esm_search_path.mjs')).href, { data: { dirs } });
  }
}

async function importEsm(file) {
  ensureEsmSearchPath();
  return import(pathToFileURL(file).href);
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  if (isFile(base + '.js')) {
    return nearestPackageType(path.dirname(base)) === 'module' ? importEsm(base + '.js') : require(base + '.js');
  }
  if (isFile(base + '.mjs')) return importEsm(base + '.mjs');
  if (isFile(base + '.cjs')) return require(base + '.cjs');
  if (exists(base)) return require(base);
  const resolved = require.resolve(moduleName, { paths: [path.resolve(appRoot, moduleRoot), appRoot] });
  return resolved.endsWith('.mjs') ? importEsm(resolved) : require(resolved);
}

function isModuleNotFound(error) {
  return error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND');
}

async function loadHandler(appRoot, fullHandler) {
  const { moduleRoot, moduleName, handlerPath } = splitHandler(fullHandler);
  let userModule;
  try {
    userModule = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(String(error));
    if (isModuleNotFound(error)) throw new ImportModuleError(String(error));
    throw error;
  }
  const handler = handlerPath.split('.').reduce((obj, key) => (obj == null ? undefined : obj[key]), userModule);
  if (handler === undefined || handler === null) {
    throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  }
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

module.exports = { loadHandler, splitHandler };
