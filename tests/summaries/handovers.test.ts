import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import { FIXTURES } from '../provenance/helpers.js';

// Hand-overs and throws that only the callee's body shows, across modules of
// tests/fixtures/provenance (linted as src/service.ts there):
// - a `new Promise` executor whose handler resolves the connection (`conn.once('connect',
//   onConnect)` with `onConnect = () => resolve(conn)`): the connection is the promise's, and
//   a function returning that promise acquires (sequelize's mysql createConnection());
// - `pending.then((c) => c.release())` on the promise of an acquisition, and `await
//   Promise.race([pending, wait])` where `wait` cannot reject (ali-rds's wait timeout);
// - a project logger whose method only returns what `debug` made: its calls cannot throw.
const filename = `${FIXTURES}src/service.ts`;

const ruleTester = new RuleTester({
  settings: { leakguard: { testFiles: [] } },
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-leaked-connection: hand-overs and throws through other functions', connectionRule, {
  valid: [
    // The helper itself: resolving from the 'connect' handler hands the connection to the promise.
    {
      filename,
      code: `import * as MySql2 from 'mysql2';
export function createConnection(config: MySql2.ConnectionOptions): Promise<MySql2.Connection> {
  return new Promise((resolve, reject) => {
    const connection = MySql2.createConnection(config);
    const connectHandler = () => resolve(connection);
    connection.on('error', (error) => reject(error));
    connection.once('connect', connectHandler);
  });
}`,
    },
    // The imported helper's connection, ended on every path.
    {
      filename,
      code: `import * as MySql2 from 'mysql2';
import { createConnection } from './lib/create-connection.js';
export async function connect(config: MySql2.ConnectionOptions) {
  const connection = await createConnection(MySql2, config);
  try {
    await connection.promise().query('SET time_zone = "+00:00"');
  } finally {
    connection.end();
  }
}`,
    },
    // A connection that arrives after the wait won is released by the handler; the wait
    // (another module) cannot reject, so a rejected race is the pool's own failure.
    {
      filename,
      code: `import mysql from 'mysql2/promise';
import { waitFor } from './lib/wait.js';
const pool = mysql.createPool({});
export async function getConnectionWithTimeout(ms: number) {
  const pending = pool.getConnection();
  const winner = await Promise.race([pending, waitFor(ms)]);
  if (typeof winner === 'number') {
    pending.then((conn) => {
      conn.release();
    }).catch(() => undefined);
    throw new Error(\`no connection after \${ms} ms\`);
  }
  return pending;
}`,
    },
    // The logger of another module only builds \`debug\` functions: logging cannot throw.
    {
      filename,
      code: `import mysql from 'mysql2/promise';
import { logger } from './lib/logger.js';
const debug = logger.debugContext('pool');
const pool = mysql.createPool({});
export async function connect() {
  const conn = await pool.getConnection();
  debug('connection acquired');
  return conn;
}`,
    },
  ],
  invalid: [
    // The imported helper acquires: a failing SET leaves the connection open.
    {
      filename,
      code: `import * as MySql2 from 'mysql2';
import { createConnection } from './lib/create-connection.js';
export async function connect(config: MySql2.ConnectionOptions) {
  const connection = await createConnection(MySql2, config);
  await connection.promise().query('SET time_zone = "+00:00"');
  return connection;
}`,
      errors: [{ messageId: 'leakOnThrowReturned', line: 4, column: 28, endLine: 4, endColumn: 60, suggestions: [{ messageId: 'releaseInCatchSuggestion', data: { name: 'connection', call: 'await connection.end()', release: 'await connection.end()' }, output: `import * as MySql2 from 'mysql2';
import { createConnection } from './lib/create-connection.js';
export async function connect(config: MySql2.ConnectionOptions) {
  const connection = await createConnection(MySql2, config);
  try {
    await connection.promise().query('SET time_zone = "+00:00"');
  } catch (error) {
    await connection.end();
    throw error;
  }
  return connection;
}` }] }],
    },
    // The late connection's handler does not release it.
    {
      filename,
      code: `import mysql from 'mysql2/promise';
import { waitFor } from './lib/wait.js';
const pool = mysql.createPool({});
export async function getConnectionWithTimeout(ms: number) {
  const pending = pool.getConnection();
  const winner = await Promise.race([pending, waitFor(ms)]);
  if (typeof winner === 'number') {
    pending.then((conn) => {
      console.log(conn.threadId);
    }).catch(() => undefined);
    throw new Error(\`no connection after \${ms} ms\`);
  }
  return pending;
}`,
      errors: [{ messageId: 'leakOnThrowReturned', line: 5, column: 19, endLine: 5, endColumn: 39 }],
    },
    // This logger's function throws on an empty message.
    {
      filename,
      code: `import mysql from 'mysql2/promise';
import { logger } from './lib/logger.js';
const debug = logger.strictContext('pool');
const pool = mysql.createPool({});
export async function connect() {
  const conn = await pool.getConnection();
  debug('connection acquired');
  return conn;
}`,
      errors: [{ messageId: 'leakOnThrowReturned', line: 6, column: 22, endLine: 6, endColumn: 42, suggestions: [{ messageId: 'releaseInCatchSuggestion', data: { name: 'conn', call: 'conn.release()', release: 'conn.release()' }, output: `import mysql from 'mysql2/promise';
import { logger } from './lib/logger.js';
const debug = logger.strictContext('pool');
const pool = mysql.createPool({});
export async function connect() {
  const conn = await pool.getConnection();
  try {
    debug('connection acquired');
  } catch (error) {
    conn.release();
    throw error;
  }
  return conn;
}` }] }],
    },
  ],
});
