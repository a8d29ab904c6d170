import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import { FIXTURES } from './helpers.js';

// Methods of a project class called on an instance (`db.getConnection()` with
// `db = new RDSClient()`): the receiver's provenance is `new C()` of a class in view (this
// file or an imported module, in a variable or a field), and the method's summary applies as
// for `this.method()`. Linted as src/service.ts of tests/fixtures/provenance; the class of the
// cross-module cases is in src/rds-client.ts there.
const filename = `${FIXTURES}src/service.ts`;

const SAME_FILE = `import mysql from 'mysql2/promise';
class Repo {
  pool = mysql.createPool({});
  async getConnection() {
    return await this.pool.getConnection();
  }
  done(conn: mysql.PoolConnection) {
    conn.release();
  }
}
`;

const ruleTester = new RuleTester({
  settings: { leakguard: { testFiles: [] } },
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-leaked-connection: methods of project classes on instances', connectionRule, {
  valid: [
    // Released in a finally.
    {
      filename,
      code: `${SAME_FILE}export async function run(q: string) {
  const db = new Repo();
  const conn = await db.getConnection();
  try {
    return await conn.query(q);
  } finally {
    conn.release();
  }
}`,
    },
    // Released by the class's own method, called on the instance.
    {
      filename,
      code: `${SAME_FILE}export async function run(q: string) {
  const db = new Repo();
  const conn = await db.getConnection();
  try {
    return await conn.query(q);
  } finally {
    db.done(conn);
  }
}`,
    },
    // The same across modules: RDSClient.release(conn) releases.
    {
      filename,
      code: `import { RDSClient } from './rds-client.js';
export async function run(q: string) {
  const db = new RDSClient();
  const conn = await db.getConnection();
  try {
    return await conn.query(q);
  } finally {
    db.release(conn);
  }
}`,
    },
    // A method that returns something else acquires nothing, whatever it is called.
    {
      filename,
      code: `class Settings {
  async getConnection() {
    return { host: 'localhost', query: (q: string) => q };
  }
}
export async function run(q: string) {
  const settings = new Settings();
  const conn = await settings.getConnection();
  return conn.query(q);
}`,
    },
    {
      filename,
      code: `import { RDSClient } from './rds-client.js';
export async function run() {
  const db = new RDSClient();
  const settings = await db.getSettings();
  return settings.host;
}`,
    },
    // The receiver may be an instance of two classes: no method is chosen.
    {
      filename,
      code: `${SAME_FILE}class Other {
  async getConnection() {
    return { query: (q: string) => q };
  }
}
export async function run(q: string, cond: boolean) {
  const source = cond ? new Repo() : new Other();
  const conn = await source.getConnection();
  return conn.query(q);
}`,
    },
  ],
  invalid: [
    // The class in the same file, the instance in a local.
    {
      filename,
      code: `${SAME_FILE}export async function run(q: string) {
  const db = new Repo();
  const conn = await db.getConnection();
  await conn.query(q);
}`,
      errors: [{ messageId: 'neverReleased', line: 13, column: 22, endLine: 13, endColumn: 40, suggestions: [{ messageId: 'useUsingSuggestion', data: { name: 'conn', keyword: 'await using' }, output: `import mysql from 'mysql2/promise';
class Repo {
  pool = mysql.createPool({});
  async getConnection() {
    return await this.pool.getConnection();
  }
  done(conn: mysql.PoolConnection) {
    conn.release();
  }
}
export async function run(q: string) {
  const db = new Repo();
  await using conn = await db.getConnection();
  await conn.query(q);
}` }, { messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'conn.release()', release: 'conn.release()' }, output: `import mysql from 'mysql2/promise';
class Repo {
  pool = mysql.createPool({});
  async getConnection() {
    return await this.pool.getConnection();
  }
  done(conn: mysql.PoolConnection) {
    conn.release();
  }
}
export async function run(q: string) {
  const db = new Repo();
  const conn = await db.getConnection();
  try {
    await conn.query(q);
  } finally {
    conn.release();
  }
}` }] }],
    },
    // The class imported from another module (ali-rds: the test never releases).
    {
      filename,
      code: `import { RDSClient } from './rds-client.js';
export async function run(q: string) {
  const db = new RDSClient();
  const conn = await db.getConnection();
  await conn.query(q);
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 22, endLine: 4, endColumn: 40, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'conn.release()', release: 'conn.release()' }, output: `import { RDSClient } from './rds-client.js';
export async function run(q: string) {
  const db = new RDSClient();
  const conn = await db.getConnection();
  try {
    await conn.query(q);
  } finally {
    conn.release();
  }
}` }] }],
    },
    // An inherited method, of a subclass imported from another module.
    {
      filename,
      code: `import { ReadOnlyClient } from './rds-client.js';
export async function run(q: string) {
  const db = new ReadOnlyClient();
  const conn = await db.getConnection();
  await conn.query(q);
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 22, endLine: 4, endColumn: 40, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'conn.release()', release: 'conn.release()' }, output: `import { ReadOnlyClient } from './rds-client.js';
export async function run(q: string) {
  const db = new ReadOnlyClient();
  const conn = await db.getConnection();
  try {
    await conn.query(q);
  } finally {
    conn.release();
  }
}` }] }],
    },
    // The instance kept in a field set in the constructor.
    {
      filename,
      code: `import { RDSClient } from './rds-client.js';
export class Service {
  private readonly db: RDSClient;
  constructor() {
    this.db = new RDSClient();
  }
  async run(q: string) {
    const conn = await this.db.getConnection();
    await conn.query(q);
    conn.release();
  }
}`,
      errors: [{ messageId: 'leakOnThrow', line: 8, column: 24, endLine: 8, endColumn: 47, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { name: 'conn', call: 'conn.release()', release: 'conn.release()' }, output: `import { RDSClient } from './rds-client.js';
export class Service {
  private readonly db: RDSClient;
  constructor() {
    this.db = new RDSClient();
  }
  async run(q: string) {
    const conn = await this.db.getConnection();
    try {
      await conn.query(q);
    } finally {
      conn.release();
    }
  }
}` }] }],
    },
  ],
});
