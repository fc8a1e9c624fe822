// Module resolve hook (module.register): bare specifiers that the ordinary ES module
// resolution cannot find are looked up in the NODE_PATH folders, the way CommonJS
// require() already does, so ES module handlers can import the runtime's AWS SDK and
// layer packages as on AWS.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

let dirs = [];

export function initialize(data) {
  dirs = (data && data.dirs) || [];
}

function isBare(specifier) {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!isBare(specifier) || error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    for (const dir of dirs) {
      // A parent inside `dir` makes the resolver walk `dir` and the node_modules above it.
      const parentURL = pathToFileURL(path.join(dir, 'node_modules', '__bunker_resolve__.mjs')).href;
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch (_) { /* try the next folder */ }
    }
    throw error;
  }
}
