import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import { FIXTURES } from './helpers.js';

// Each case is linted as src/service.ts of the fixture tree (tests/fixtures/provenance), so
// its imports reach the modules there. Every invalid case names its receiver so that the
// name alone is no evidence: only where the receiver comes from makes it a pool.
const filename = `${FIXTURES}src/service.ts`;

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-leaked-connection: provenance of receivers', connectionRule, {
  valid: [
    // Released: a pool exported by another module under a name that says nothing.
    {
      filename,
      code: `import { replica } from './db.js';
export async function run(q: string) {
  const client = await replica.connect();
  try {
    return await client.query(q);
  } finally {
    client.release();
  }
}`,
    },
    // A "pool" that another module makes as a Map is no pool, whatever its name.
    {
      filename,
      code: `import { pool } from './lookalikes.js';
export async function run(key: string) {
  const entry = await pool.connect();
  await entry.query(key);
}`,
    },
    // A socket named client.
    {
      filename,
      code: `import net from 'node:net';
export class Probe {
  private readonly pool = net.connect({ port: 5432 });
  async check() {
    const reply = await this.pool.connect();
    reply.query('x');
  }
}`,
    },
  ],
  invalid: [
    // A module object's export, under a name that says nothing.
    {
      filename,
      code: `import { replica } from './db.js';
export async function run(q: string) {
  const client = await replica.connect();
  await client.query(q);
}`,
      errors: [{ messageId: 'neverReleased', line: 3, column: 24, endLine: 3, endColumn: 41, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { replica } from './db.js';
export async function run(q: string) {
  const client = await replica.connect();
  try {
    await client.query(q);
  } finally {
    client.release();
  }
}` }] }],
    },
    // An alias of a member of an imported module object.
    {
      filename,
      code: `import db from './db.js';
const primary = db.pool;
export async function run(q: string) {
  const client = await primary.connect();
  await client.query(q);
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 24, endLine: 4, endColumn: 41, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import db from './db.js';
const primary = db.pool;
export async function run(q: string) {
  const client = await primary.connect();
  try {
    await client.query(q);
  } finally {
    client.release();
  }
}` }] }],
    },
    // CommonJS: a nested property of module.exports.
    {
      filename,
      code: `const app = require('./db-cjs.cjs');
exports.run = async function run(q) {
  const client = await app.locals.pool.connect();
  return client;
};
exports.count = async function count() {
  const conn = await app.locals.pool.connect();
  await conn.query('select 1');
};`,
      errors: [{ messageId: 'neverReleased', line: 7, column: 22, endLine: 7, endColumn: 47, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'conn.release()' }, output: `const app = require('./db-cjs.cjs');
exports.run = async function run(q) {
  const client = await app.locals.pool.connect();
  return client;
};
exports.count = async function count() {
  const conn = await app.locals.pool.connect();
  try {
    await conn.query('select 1');
  } finally {
    conn.release();
  }
};` }] }],
    },
    // A field set in the constructor of a superclass in another module.
    {
      filename,
      code: `import { BaseRepo } from './base-repo.js';
export class Orders extends BaseRepo {
  async list() {
    const client = await this.primary.connect();
    return client.query('select * from orders');
  }
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 26, endLine: 4, endColumn: 48, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { BaseRepo } from './base-repo.js';
export class Orders extends BaseRepo {
  async list() {
    const client = await this.primary.connect();
    try {
      return await client.query('select * from orders');
    } finally {
      client.release();
    }
  }
}` }] }],
    },
    // A field set in init() of a superclass in another module.
    {
      filename,
      code: `import { LazyStore } from './base-repo.js';
export class Lazy extends LazyStore {
  async list() {
    const client = await this.db.connect();
    await client.query('select 1');
  }
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 26, endLine: 4, endColumn: 43, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { LazyStore } from './base-repo.js';
export class Lazy extends LazyStore {
  async list() {
    const client = await this.db.connect();
    try {
      await client.query('select 1');
    } finally {
      client.release();
    }
  }
}` }] }],
    },
    // An injected constructor parameter, typed with the driver's type.
    {
      filename,
      code: `import type { Pool } from 'pg';
export class Users {
  constructor(private readonly db: Pool) {}
  async find(id: string) {
    const client = await this.db.connect();
    await client.query('select * from users where id = $1', [id]);
  }
}`,
      errors: [{ messageId: 'neverReleased', line: 5, column: 26, endLine: 5, endColumn: 43, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import type { Pool } from 'pg';
export class Users {
  constructor(private readonly db: Pool) {}
  async find(id: string) {
    const client = await this.db.connect();
    try {
      await client.query('select * from users where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}` }] }],
    },
    // An injected parameter stored on this, fed by a factory at a call site in the file.
    {
      filename,
      code: `import { Pool } from 'pg';
class Users {
  constructor(db) {
    this.db = db;
  }
  async find(id) {
    const client = await this.db.connect();
    await client.query('select 1', [id]);
  }
}
export const users = new Users(new Pool());`,
      errors: [{ messageId: 'neverReleased', line: 7, column: 26, endLine: 7, endColumn: 43, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { Pool } from 'pg';
class Users {
  constructor(db) {
    this.db = db;
  }
  async find(id) {
    const client = await this.db.connect();
    try {
      await client.query('select 1', [id]);
    } finally {
      client.release();
    }
  }
}
export const users = new Users(new Pool());` }] }],
    },
    // A driver handed in as a value: \`new this.lib.Client()\` with lib = require('pg').
    {
      filename,
      code: `class Manager {
  constructor(lib) {
    this.lib = lib;
  }
  async run(sql) {
    const connection = new this.lib.Client();
    await connection.connect();
    return connection.query(sql);
  }
}
module.exports = new Manager(require('pg'));`,
      errors: [{ messageId: 'neverReleased', line: 7, column: 11, endLine: 7, endColumn: 31, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'await connection.end()' }, output: `class Manager {
  constructor(lib) {
    this.lib = lib;
  }
  async run(sql) {
    const connection = new this.lib.Client();
    await connection.connect();
    try {
      return await connection.query(sql);
    } finally {
      await connection.end();
    }
  }
}
module.exports = new Manager(require('pg'));` }] }],
    },
  ],
});

// The result of an `async` method of the class is a promise of its `return` values: where the
// call is awaited, those values (or the declared `Promise<Client>`) are the receiver's origin.
ruleTester.run('no-leaked-connection: provenance through an awaited async method', connectionRule, {
  valid: [
    // Not awaited, the value is the promise: nothing says it is a client (and the "client" is
    // not connected in this function).
    {
      filename,
      code: `import { Client } from 'pg';
export class Runner {
  protected async getClient() {
    return new Client({});
  }
  async run(q: string) {
    const pending = this.getClient();
    await pending.connect();
    await pending.query(q);
  }
}`,
    },
  ],
  invalid: [
    // No declared type: the `return` of the async method.
    {
      filename,
      code: `import { Client } from 'pg';
export class Runner {
  protected async getClient() {
    return new Client({});
  }
  async run(q: string) {
    const client = await this.getClient();
    await client.connect();
    await client.query(q);
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 8,
          data: { name: 'client', what: 'client connection from `client.connect()`', release: 'client.end()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.end()' },
              output: `import { Client } from 'pg';
export class Runner {
  protected async getClient() {
    return new Client({});
  }
  async run(q: string) {
    const client = await this.getClient();
    await client.connect();
    try {
      await client.query(q);
    } finally {
      await client.end();
    }
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
