import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import { FIXTURES } from './helpers.js';

// `this` inside a function a CommonJS module exports as a property of its module object
// (oracledb's lib/oracledb.js: `shutdown` exported as `oracledb.shutdown`, calling
// `this.getConnection()`): `this.getConnection()` runs the module's own export. Only when the
// function is reachable solely as that property; otherwise its `this` stays unknown.
const filename = `${FIXTURES}src/cjs/driver.js`;

const GET_CONNECTION = `const oracledb = require('oracledb');
async function getConnection(config) {
  return await oracledb.getConnection(config);
}
`;

const ruleTester = new RuleTester({
  settings: { leakguard: { testFiles: [] } },
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
});

ruleTester.run('no-leaked-connection: this of a module object', connectionRule, {
  valid: [
    // Closed on every path.
    {
      filename,
      code: `${GET_CONNECTION}async function shutdown(config) {
  const conn = await this.getConnection(config);
  try {
    await conn.shutdown();
  } finally {
    await conn.close();
  }
}
module.exports.getConnection = getConnection;
module.exports.shutdown = shutdown;`,
    },
    // Also called directly (where \`this\` is undefined): its \`this\` is not known.
    {
      filename,
      code: `${GET_CONNECTION}async function shutdown(config) {
  const conn = await this.getConnection(config);
  await conn.shutdown();
  await conn.close();
}
module.exports.getConnection = getConnection;
module.exports.shutdown = shutdown;
shutdown({});`,
    },
    // Handed to something else as a callback: not known either.
    {
      filename,
      code: `${GET_CONNECTION}async function shutdown(config) {
  const conn = await this.getConnection(config);
  await conn.shutdown();
  await conn.close();
}
exports.getConnection = getConnection;
process.on('exit', shutdown);`,
    },
    // The module object's getConnection is no acquirer.
    {
      filename,
      code: `function getConnection(config) {
  return { config, shutdown: async () => {}, close: async () => {} };
}
exports.shutdown = async function (config) {
  const conn = await this.getConnection(config);
  await conn.shutdown();
  await conn.close();
};
exports.getConnection = getConnection;`,
    },
  ],
  invalid: [
    // \`module.exports = { … }\` with wrapped functions (oracledb: callbackify(wrapFn(f))).
    {
      filename,
      code: `${GET_CONNECTION}const util = require('./util');
async function shutdown(config) {
  const conn = await this.getConnection(config);
  await conn.shutdown();
  await conn.close();
}
module.exports = {
  getConnection: util.callbackify(util.wrapFn(getConnection)),
  shutdown: util.callbackify(util.wrapFn(shutdown)),
};`,
      errors: [{ messageId: 'leakOnThrow', line: 7, column: 22, endLine: 7, endColumn: 48, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' }, output: `const oracledb = require('oracledb');
async function getConnection(config) {
  return await oracledb.getConnection(config);
}
const util = require('./util');
async function shutdown(config) {
  const conn = await this.getConnection(config);
  try {
    await conn.shutdown();
  } finally {
    await conn.close();
  }
}
module.exports = {
  getConnection: util.callbackify(util.wrapFn(getConnection)),
  shutdown: util.callbackify(util.wrapFn(shutdown)),
};` }] }],
    },
    // \`exports.x = function …\`.
    {
      filename,
      code: `${GET_CONNECTION}exports.getConnection = getConnection;
exports.startup = async function (config) {
  const conn = await this.getConnection(config);
  await conn.startup();
  await conn.close();
};`,
      errors: [{ messageId: 'leakOnThrow', line: 7, column: 22, endLine: 7, endColumn: 48, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' }, output: `const oracledb = require('oracledb');
async function getConnection(config) {
  return await oracledb.getConnection(config);
}
exports.getConnection = getConnection;
exports.startup = async function (config) {
  const conn = await this.getConnection(config);
  try {
    await conn.startup();
  } finally {
    await conn.close();
  }
};` }] }],
    },
    // A method of an exported object literal (already read as the object's own method).
    {
      filename,
      code: `${GET_CONNECTION}module.exports = {
  getConnection,
  async shutdown(config) {
    const conn = await this.getConnection(config);
    await conn.shutdown();
    await conn.close();
  },
};`,
      errors: [{ messageId: 'leakOnThrow', line: 8, column: 24, endLine: 8, endColumn: 50, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' }, output: `const oracledb = require('oracledb');
async function getConnection(config) {
  return await oracledb.getConnection(config);
}
module.exports = {
  getConnection,
  async shutdown(config) {
    const conn = await this.getConnection(config);
    try {
      await conn.shutdown();
    } finally {
      await conn.close();
    }
  },
};` }] }],
    },
  ],
});

// The driver's own source (node-oracledb's lib/oracledb.js, re-exported by index.js): the
// module object is the package, so `this.getConnection()` is `oracledb.getConnection()`,
// which the model knows, even where the module's own getConnection() builds the connection
// from internals the summaries cannot read as an acquisition.
const driverFile = `${FIXTURES}driver-self/lib/oracledb.js`;
const DRIVER_GET_CONNECTION = `const impl = require('./impl.js');
async function getConnection(config) {
  return impl.connect(config);
}
`;

ruleTester.run('no-leaked-connection: this of a driver package entry', connectionRule, {
  valid: [
    // Closed in a finally.
    {
      filename: driverFile,
      code: `${DRIVER_GET_CONNECTION}async function shutdown(config) {
  const conn = await this.getConnection(config);
  try {
    await conn.shutdown();
  } finally {
    await conn.close();
  }
}
module.exports = { getConnection, shutdown };`,
    },
    // A module of the package that is not its entry (lib/impl.js): its module object is not the package.
    {
      filename: `${FIXTURES}driver-self/lib/impl.js`,
      code: `async function shutdown(config) {
  const conn = await this.getConnection(config);
  await conn.shutdown();
  await conn.close();
}
module.exports = { shutdown };`,
    },
  ],
  invalid: [
    // A failing shutdown() leaves the connection open.
    {
      filename: driverFile,
      code: `${DRIVER_GET_CONNECTION}async function shutdown(config) {
  const conn = await this.getConnection(config);
  await conn.shutdown();
  await conn.close();
}
module.exports = { getConnection, shutdown };`,
      errors: [{ messageId: 'leakOnThrow', line: 6, column: 22, endLine: 6, endColumn: 48, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' }, output: `${DRIVER_GET_CONNECTION}async function shutdown(config) {
  const conn = await this.getConnection(config);
  try {
    await conn.shutdown();
  } finally {
    await conn.close();
  }
}
module.exports = { getConnection, shutdown };` }] }],
    },
  ],
});
