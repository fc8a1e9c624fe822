const lodash = require('bunker-module-that-does-not-exist');
exports.handler = async () => lodash;
