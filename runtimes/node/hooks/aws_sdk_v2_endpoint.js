'use strict';
// AWS SDK for JavaScript v2 ignores AWS_ENDPOINT_URL. So that functions reach Bunker
// unchanged, every copy of aws-sdk v2 that gets loaded — the runtime's own or one bundled
// in the function's node_modules, as 2016-era zips have — is configured the moment its
// core module finishes loading: Bunker's endpoint and path-style S3 become defaults of
// its global config (credentials come from the dummy AWS_ACCESS_KEY_ID/... variables,
// which v2 reads itself). The SDK replaces AWS.config while loading (node_loader.js) and
// code may assign its own, so every config object assigned later gets the same defaults;
// an endpoint the code sets explicitly still wins.
const Module = require('node:module');

const CORE_FILE = /[\\/]aws-sdk[\\/]lib[\\/]core\.js$/;
const hooked = new WeakSet();

function applyDefaults(config) {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint || !config || typeof config.update !== 'function') return;
  const settings = {};
  if (!config.endpoint) settings.endpoint = endpoint;
  if (!config.s3ForcePathStyle) settings.s3ForcePathStyle = true;
  config.update(settings);
}

function configure(AWS) {
  if (!AWS || typeof AWS !== 'object' || hooked.has(AWS) || !('config' in AWS)) return;
  hooked.add(AWS);
  let current = AWS.config;
  applyDefaults(current);
  Object.defineProperty(AWS, 'config', {
    configurable: true,
    enumerable: true,
    get() { return current; },
    set(value) { current = value; applyDefaults(value); },
  });
}

function install() {
  if (Module._extensions.__bunkerSdkHook) return;
  const loadJs = Module._extensions['.js'];
  Module._extensions['.js'] = function loadWithSdkHook(module, filename) {
    loadJs.call(this, module, filename);
    if (CORE_FILE.test(filename)) configure(module.exports);
  };
  Object.defineProperty(Module._extensions, '__bunkerSdkHook', { value: true });
}

module.exports = { install, configure };
