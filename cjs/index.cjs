// `require('eslint-plugin-leakguard')` from a CommonJS config (eslint.config.cjs): the
// plugin object itself, not `{ default }`. The plugin is an ES module; Node 20.19 and
// 22.12 (the versions package.json's `engines` names) load it with require().
'use strict';

module.exports = require('../dist/src/index.js').default;
