// no-leaked-connection, owners: resources kept in a field for one method, owner classes
// inferred from their bodies (same file here; imported ones in tests/summaries/owners.test.ts),
// releasing callbacks handed to a call that may throw first, and library owners as data (Bull,
// BullMQ, ioredis `new Redis()`, node-redis `createClient()`).

import rule from '../../../rules/no-leaked-connection.js';
import { RuleTester } from '@typescript-eslint/rule-tester';

const ruleTester = new RuleTester({
  settings: { leakguard: { testFiles: [] } },
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

const KEYV = `import { createClient } from 'redis';
import { EventEmitter } from 'node:events';
class KeyvRedis extends EventEmitter {
  private client;
  constructor(url?: string) {
    super();
    this.client = createClient({ url });
  }
  isCluster() { return false; }
  async getClient() {
    if (!this.client.isOpen) await this.client.connect();
    return this.client;
  }
  async get(key: string) {
    const client = await this.getClient();
    return client.get(key);
  }
  async disconnect() {
    if (this.client.isOpen) await this.client.close();
  }
}`;

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // A field store that another method releases is an owner hand-over: silent (debug channel).
    `import { DataSource, QueryRunner } from 'typeorm';
export class Session {
  protected queryRunner!: QueryRunner;
  constructor(private dataSource: DataSource) {}
  async open(): Promise<void> {
    this.queryRunner = this.dataSource.createQueryRunner();
    await this.queryRunner.query('SET x');
    if (!this.queryRunner.isTransactionActive) {
      await this.queryRunner.release();
    }
  }
  async close(): Promise<void> {
    await this.queryRunner.release();
  }
}`,
    // A field kept for one method and released in its `finally`.
    `import { DataSource, QueryRunner } from 'typeorm';
export class SchemaBuilder {
  protected queryRunner!: QueryRunner;
  constructor(private dataSource: DataSource) {}
  async log(): Promise<unknown> {
    this.queryRunner = this.dataSource.createQueryRunner();
    try {
      return await this.queryRunner.query('select 1');
    } finally {
      await this.queryRunner.release();
    }
  }
}`,
    // Driver callback style (the result dropped): the callback is where the call fails.
    `import pg from 'pg';
const pool = new pg.Pool();
export async function run(sql: string) {
  const client = await pool.connect();
  client.query(sql, () => {
    client.release();
  });
}`,
    // A redis client and a BullMQ worker made at module level live for the process.
    `import Redis from 'ioredis';
import { Worker } from 'bullmq';
const redis = new Redis();
export const worker = new Worker('jobs', async () => redis.get('x'));`,
    // node-redis: a client created, used and quit in a finally.
    `import { createClient } from 'redis';
export async function ping() {
  const client = createClient();
  await client.connect();
  try {
    return await client.ping();
  } finally {
    await client.quit();
  }
}`,
    // A class that closes something it did not get fresh from a model is no owner.
    `class Buffer {
  items: string[] = [];
  close() {
    this.items.length = 0;
  }
}
export function make() {
  const buffer = new Buffer();
  buffer.items.push('x');
}`,
    // An owner whose client connects only in its own methods (node-redis's \`connect()\`
    // in \`getClient()\`) is built idle: listeners, option reads and calls on its members open nothing.
    `${KEYV}
export function idle() {
  const kv = new KeyvRedis('redis://x');
  kv.on('error', () => {});
  kv.client.listenerCount('error');
  return kv.isCluster();
}`,
  ],
  invalid: [
    // The same owner, opened by a method that reaches \`this.client.connect()\` through
    // \`this.getClient()\`, and never disconnected.
    {
      code: `${KEYV}
export async function read() {
  const kv = new KeyvRedis('redis://x');
  return kv.get('a');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 23,
          column: 14,
          endLine: 23,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'kv', call: 'await kv.disconnect()', release: 'await kv.disconnect()' },
              output: `${KEYV}
export async function read() {
  const kv = new KeyvRedis('redis://x');
  try {
    return await kv.get('a');
  } finally {
    await kv.disconnect();
  }
}`,
            },
          ],
        },
      ],
    },
    // Opened where it is made and dropped: the client \`getClient()\` connected is never closed
    // (the second \`makeStore()\` is another, idle, object).
    {
      code: `${KEYV}
const makeStore = () => new KeyvRedis('redis://x');
export async function flush() {
  const client = await makeStore().getClient();
  await client.flushDb();
  await makeStore().disconnect();
}`,
      errors: [{ messageId: 'discarded', line: 24, column: 24, endLine: 24, endColumn: 35 }],
    },
    // A field kept for one method, tracked like a local: the query before the `try` may throw with the runner held.
    {
      code: `import { DataSource, QueryRunner } from 'typeorm';
export class SchemaBuilder {
  protected queryRunner!: QueryRunner;
  constructor(private dataSource: DataSource) {}
  async build(): Promise<void> {
    this.queryRunner = this.dataSource.createQueryRunner();
    await this.queryRunner.query('SET x');
    try {
      await this.sync();
    } finally {
      await this.queryRunner.release();
    }
  }
  protected async sync(): Promise<void> {
    await this.queryRunner.query('x');
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 59,
        },
      ],
    },
    // A releasing callback given to a call whose result is kept takes over only once the call returns: `stream()` may throw first.
    {
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({} as never);
export async function stream(sql: string) {
  const queryRunner = ds.createQueryRunner();
  const releaseFn = () => queryRunner.release();
  const results = await queryRunner.stream(sql, [], releaseFn, releaseFn);
  return results;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 45,
        },
      ],
    },
    // ioredis: a client built in a function under any local name of the default export, never quit.
    {
      code: `const Redis = require('ioredis');
export async function check() {
  const client = new Redis();
  await client.set('a', 1);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: {name: 'client',call: 'await client.quit()',release: 'await client.quit()'},
              output: `const Redis = require('ioredis');
export async function check() {
  const client = new Redis();
  try {
    await client.set('a', 1);
  } finally {
    await client.quit();
  }
}`,
            },
          ],
        },
      ],
    },
    // Bull: a queue built in a function opens redis connections and is never closed.
    {
      code: `import Queue from 'bull';
export function enqueue(job: object) {
  const queue = new Queue('jobs');
  return queue.add(job);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 34,
        },
      ],
    },
    // An owner class in the same file: it stores a pool in a field and `end()` ends it; `new Db()` is never ended.
    {
      code: `import mysql from 'mysql2/promise';
class Db {
  pool = mysql.createPool({});
  query(sql: string) {
    return this.pool.query(sql);
  }
  async end() {
    await this.pool.end();
  }
}
export async function count() {
  const db = new Db();
  return db.query('select 1');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 12,
          column: 14,
          endLine: 12,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: {name: 'db',call: 'await db.end()',release: 'await db.end()'},
              output: `import mysql from 'mysql2/promise';
class Db {
  pool = mysql.createPool({});
  query(sql: string) {
    return this.pool.query(sql);
  }
  async end() {
    await this.pool.end();
  }
}
export async function count() {
  const db = new Db();
  try {
    return await db.query('select 1');
  } finally {
    await db.end();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
