// no-leaked-connection with type information, against the real libraries' declarations
// (pg, @types/pg, mysql2, typeorm, mongodb, knex, postgres, redis, ioredis, mongoose;
// tests/fixtures/types/db.ts plays "another file"; the pool libraries are in
// no-leaked-connection-pools.test.ts). Three groups: cases only types find; cases where types remove a syntax-only false
// positive; cases both modes must agree on (run by both testers).

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';
import rule from '../../rules/no-leaked-connection.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

type Options = ESLintUtils.InferOptionsTypeFromRule<typeof rule>;
type MessageIds = ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>;

// ------------------------------------------------------------------ only types find these

/** Clean without types (the syntax cannot see them); reported with types. */
const onlyTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // `getClient` (db.ts) is declared `Promise<PoolClient>`: its caller owns the client, and
  // leaks it when the query throws.
  {
    code: `import { getClient } from './db.js';
export async function rename(id: number, name: string) {
  const client = await getClient();
  await client.query('update users set name = $1 where id = $2', [name, id]);
  client.release();
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        line: 3,
        column: 24,
        endLine: 3,
        endColumn: 35,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'client.release()' },
            output: `import { getClient } from './db.js';
export async function rename(id: number, name: string) {
  const client = await getClient();
  try {
    await client.query('update users set name = $1 where id = $2', [name, id]);
  } finally {
    client.release();
  }
}`,
          },
        ],
      },
    ],
  },
  // Helpers from another file returning a TypeORM QueryRunner and a mysql2 PoolConnection:
  // both leak when their first query throws.
  {
    code: `import { openRunner, getConnection } from './db.js';
export async function both() {
  const runner = await openRunner();
  await runner.query('select 1');
  await runner.release();
  const conn = await getConnection();
  await conn.query('select 1');
  conn.release();
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 3, column: 24, endLine: 3, endColumn: 36,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { openRunner, getConnection } from './db.js';
export async function both() {
  const runner = await openRunner();
  try {
    await runner.query('select 1');
  } finally {
    await runner.release();
  }
  const conn = await getConnection();
  await conn.query('select 1');
  conn.release();
}`,
          },
        ],
      },
      {
        messageId: 'leakOnThrow',
        line: 6,
        column: 22,
        endLine: 6,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'conn.release()' },
            output: `import { openRunner, getConnection } from './db.js';
export async function both() {
  const runner = await openRunner();
  await runner.query('select 1');
  await runner.release();
  const conn = await getConnection();
  try {
    await conn.query('select 1');
  } finally {
    conn.release();
  }
}`,
          },
        ],
      },
    ],
  },
  // The awaited pool client is dropped on the floor.
  {
    code: `import { getClient } from './db.js';
export async function drop() {
  await getClient();
}`,
    errors: [{ messageId: 'discarded', line: 3, column: 9, endLine: 3, endColumn: 20 }],
  },
  // A disposable created here and never disposed: the fix is `using`.
  {
    code: `import { Lock } from './db.js';
export function hold(work: () => void) {
  const lock = new Lock('orders');
  work();
}`,
    errors: [
      {
        messageId: 'notDisposed',
        data: {
          name: 'lock',
          what: 'disposable `Lock` from `new Lock()`',
          exit: 'on any path out of the function',
          keyword: 'using',
        },
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'useUsingSuggestion',
            output: `import { Lock } from './db.js';
export function hold(work: () => void) {
  using lock = new Lock('orders');
  work();
}`,
          },
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { Lock } from './db.js';
export function hold(work: () => void) {
  const lock = new Lock('orders');
  try {
    work();
  } finally {
    lock.release();
  }
}`,
          },
        ],
      },
    ],
  },
  // An async disposable from a factory in another file: `await using`.
  {
    code: `import { makeTempDir } from './db.js';
export async function scratch() {
  const dir = await makeTempDir();
  await fetch(dir.path);
}`,
    errors: [
      {
        messageId: 'notDisposed',
        data: {
          name: 'dir',
          what: 'disposable `TempDir` from `makeTempDir()`',
          exit: 'on any path out of the function',
          keyword: 'await using',
        },
        line: 3,
        column: 21,
        endLine: 3,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'useUsingSuggestion',
            data: { name: 'dir', keyword: 'await using' },
            output: `import { makeTempDir } from './db.js';
export async function scratch() {
  await using dir = await makeTempDir();
  await fetch(dir.path);
}`,
          },
        ],
      },
    ],
  },
  // A disposable released by its own method, but not when the work throws.
  {
    code: `import { Lock } from './db.js';
export function guarded(work: () => void) {
  const lock = new Lock('orders');
  work();
  lock.release();
}`,
    errors: [
      {
        messageId: 'notDisposed',
        data: {
          name: 'lock',
          what: 'disposable `Lock` from `new Lock()`',
          exit: 'if `work(…)` on line 4 throws',
          keyword: 'using',
        },
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'useUsingSuggestion',
            output: `import { Lock } from './db.js';
export function guarded(work: () => void) {
  using lock = new Lock('orders');
  work();
}`,
          },
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { Lock } from './db.js';
export function guarded(work: () => void) {
  const lock = new Lock('orders');
  try {
    work();
  } finally {
    lock.release();
  }
}`,
          },
        ],
      },
    ],
  },
  // Returned on one path and dropped on the other: `using` would dispose the returned lock
  // too, so the message does not offer it.
  {
    code: `import { Lock } from './db.js';
export function maybe(work: () => boolean) {
  const lock = new Lock('orders');
  if (work()) return lock;
  work();
}`,
    errors: [
      {
        messageId: 'leakAtEnd',
        data: {
          name: 'lock',
          what: 'disposable `Lock` from `new Lock()`',
          exit: 'on the path that reaches the end of the function on line 6',
        },
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 34,
      },
    ],
  },
  // A DisposableStack collecting locks is itself disposable: if the second `new Lock()`
  // throws, the first lock stays held. (Declared with `using`, `return stack.move()`
  // would hand the locks on and dispose them on a throw.)
  {
    code: `import { Lock } from './db.js';
export function many(names: string[]) {
  const stack = new DisposableStack();
  for (const name of names) {
    const lock = new Lock(name);
    stack.use(lock);
  }
  return stack.move();
}`,
    errors: [
      {
        messageId: 'notDisposed',
        data: {
          name: 'stack',
          what: 'disposable `DisposableStack` from `new DisposableStack()`',
          exit: 'if `new Lock(…)` on line 5 throws',
          keyword: 'using',
        },
        line: 3,
        column: 17,
        endLine: 3,
        endColumn: 38,
      },
    ],
  },
  // Node's FileHandle is a disposable the function owns (unlike Node's timers, sockets and
  // streams): closed on the happy path only.
  {
    code: `import fs from 'node:fs';
export async function readHead(path: string) {
  const handle = await fs.promises.open(path);
  const buffer = Buffer.alloc(10);
  await handle.read(buffer, 0, 10, 0);
  await handle.close();
  return buffer;
}`,
    errors: [
      {
        messageId: 'notDisposed', line: 3, column: 24, endLine: 3, endColumn: 46,
        suggestions: [
          {
            messageId: 'useUsingSuggestion',
            output: `import fs from 'node:fs';
export async function readHead(path: string) {
  await using handle = await fs.promises.open(path);
  const buffer = Buffer.alloc(10);
  await handle.read(buffer, 0, 10, 0);
  return buffer;
}`,
          },
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import fs from 'node:fs';
export async function readHead(path: string) {
  const handle = await fs.promises.open(path);
  let buffer;
  try {
    buffer = Buffer.alloc(10);
    await handle.read(buffer, 0, 10, 0);
  } finally {
    await handle.close();
  }
  return buffer;
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-leaked-connection: only types find these', rule, {
  valid: [],
  invalid: onlyTypes,
});
syntaxRuleTester.run('no-leaked-connection: without types these stay silent', rule, {
  valid: onlyTypes.map(({ code }) => ({ code })),
  invalid: [],
});

// ------------------------------------------------------- types remove syntax-only reports

/** Reported without types (names and the driver import mislead); clean with types. */
const removedByTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // `pool` is a Socket (db.ts) whose `connect()` resolves to the socket, not a pool client.
  {
    code: `import pg from 'pg';
import { openSocket } from './db.js';
const pool = openSocket();
export async function probe() {
  const client = await pool.connect();
  client.query('select 1');
}`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 5,
        column: 24,
        endLine: 5,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'client.release()' },
            output: `import pg from 'pg';
import { openSocket } from './db.js';
const pool = openSocket();
export async function probe() {
  const client = await pool.connect();
  try {
    client.query('select 1');
  } finally {
    client.release();
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-leaked-connection: types remove these reports', rule, {
  valid: removedByTypes.map(({ code }) => ({ code })),
  invalid: [],
});
syntaxRuleTester.run('no-leaked-connection: without types these are reported', rule, {
  valid: [],
  invalid: removedByTypes,
});

// --------------------------------------------------------------- both modes must agree

const agreedValid: (ValidTestCase<Options> | string)[] = [
  // Silent without types too: a receiver's name is weak evidence that the result's use must
  // confirm, and an import of the driver only breaks ties between confirmed matches.
  // A dialer named `pool` whose `connect()` resolves to nothing: nothing is discarded.
  `import pg from 'pg';
import type { Dialer } from './db.js';
export async function probe(pool: Dialer) {
  await pool.connect();
}`,
  // mysql2 is imported, but this `pool` is a job queue whose getConnection() returns a name.
  `import mysql from 'mysql2/promise';
export async function pick(pool: { getConnection(): Promise<string> }) {
  const conn = await pool.getConnection();
  mysql.format(conn);
  return conn.length;
}`,
  // `client.startSession()` in a file that imports mongodb; this one returns an id string.
  `import { ObjectId } from 'mongodb';
export function track(client: { startSession(user: string): string }, user: string) {
  const session = client.startSession(user);
  return session.toUpperCase() + String(new ObjectId());
}`,
  // A context getter (sync, not a checkout) and a pass-through helper are not acquisitions;
  // the one fresh client is released in `finally`.
  `import { currentClient, traced, getClient } from './db.js';
export async function q() {
  const client = currentClient();
  await client.query('select 1');
  const c2 = await getClient();
  try {
    const t = await traced(c2);
    await t.query('select 1');
  } finally {
    c2.release();
  }
}`,
  // `array.find()` is no cursor and no connection; the client is released in `finally`.
  `import pg from 'pg';
const pool = new pg.Pool();
export async function ok(items: number[]) {
  const hit = items.find((x) => x > 1);
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
  return hit;
}`,
  // A knex transaction belongs to no-unsettled-transaction, not to this rule.
  `import knex from 'knex';
const db = knex({});
export async function t() {
  const trx = await db.transaction();
  await trx('users').insert({});
}`,
  // Disposables: declared with `using`, disposed explicitly in `finally`, handed on.
  `import { Lock } from './db.js';
export function guarded(work: () => void) {
  using lock = new Lock('orders');
  work();
}`,
  `import { Lock } from './db.js';
export function explicit(work: () => void) {
  const lock = new Lock('orders');
  try {
    work();
  } finally {
    lock[Symbol.dispose]();
  }
}`,
  `import { Lock } from './db.js';
export function keep(registry: Lock[]) {
  const lock = new Lock('orders');
  registry.push(lock);
  return lock;
}`,
  // The idiomatic stack: `using`, locks handed to it with `use`, `move()` on success.
  `import { Lock } from './db.js';
export function many(names: string[]) {
  using stack = new DisposableStack();
  for (const name of names) {
    const lock = new Lock(name);
    stack.use(lock);
  }
  return stack.move();
}`,
  // Receivers are not resources: a pool, a MongoClient created here are the caller's to manage.
  `import pg from 'pg';
export function makePool() {
  const pool = new pg.Pool();
  return pool.totalCount;
}`,
  `import { MongoClient } from 'mongodb';
export async function connect(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  return client.db('x');
}`,
  // Node's timers, sockets and servers are disposable, but the event loop owns them.
  `import net from 'node:net';
import http from 'node:http';
export function start() {
  const socket = new net.Socket();
  const timer = setTimeout(() => undefined, 10);
  const server = http.createServer();
  server.listen(8080);
  socket.connect(80, 'example.com');
  return timer.hasRef();
}`,
];

const agreedInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // Declared types are read without type information too (docs/provenance.md), so these
  // are reported in both modes.
  // postgres.js: a pool whose name gives nothing away (`Sql`); the tagged query may throw before
  // the release.
  {
    code: `import type { Sql } from 'postgres';
export async function count(database: Sql) {
  const reserved = await database.reserve();
  const rows = await reserved\`select count(*) from t\`;
  reserved.release();
  return rows;
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        line: 3,
        column: 26,
        endLine: 3,
        endColumn: 44,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'reserved.release()' },
            output: `import type { Sql } from 'postgres';
export async function count(database: Sql) {
  const reserved = await database.reserve();
  let rows;
  try {
    rows = await reserved\`select count(*) from t\`;
  } finally {
    reserved.release();
  }
  return rows;
}`,
          },
        ],
      },
    ],
  },
  // ioredis: a duplicate of a client typed `Redis`, whatever its name; the read may throw first.
  {
    code: `import type { Redis } from 'ioredis';
export async function pop(store: Redis, key: string) {
  const reader = store.duplicate();
  const item = await reader.blpop(key, 1);
  reader.disconnect();
  return item;
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 35,
        suggestions: [],
      },
    ],
  },
  // node-redis: a duplicate of a `RedisClientType`; the read may throw before `quit()`.
  {
    code: `import type { RedisClientType } from 'redis';
export async function read(conn: RedisClientType, key: string) {
  const copy = conn.duplicate();
  await copy.connect();
  const value = await copy.get(key);
  await copy.quit();
  return value;
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 32,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'await copy.quit()' },
            output: `import type { RedisClientType } from 'redis';
export async function read(conn: RedisClientType, key: string) {
  const copy = conn.duplicate();
  let value;
  try {
    await copy.connect();
    value = await copy.get(key);
  } finally {
    await copy.quit();
  }
  return value;
}`,
          },
        ],
      },
    ],
  },
  // mongoose: a session from a `Connection` whose name gives nothing away (a MongoDB
  // `ClientSession` by type).
  {
    code: `import type { Connection } from 'mongoose';
export async function move(odm: Connection) {
  const session = await odm.startSession();
  await session.withTransaction(async () => {});
  await session.endSession();
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        line: 3,
        column: 25,
        endLine: 3,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'await session.endSession()' },
            output: `import type { Connection } from 'mongoose';
export async function move(odm: Connection) {
  const session = await odm.startSession();
  try {
    await session.withTransaction(async () => {});
  } finally {
    await session.endSession();
  }
}`,
          },
        ],
      },
    ],
  },
  // A pool whose name gives nothing away: the parameter's type is pg's Pool. Leaks on throw.
  {
    code: `import pg from 'pg';
export async function count(db: pg.Pool) {
  const client = await db.connect();
  const res = await client.query('select count(*) from t');
  client.release();
  return res.rows[0];
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 3, column: 24, endLine: 3, endColumn: 36,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import pg from 'pg';
export async function count(db: pg.Pool) {
  const client = await db.connect();
  let res;
  try {
    res = await client.query('select count(*) from t');
  } finally {
    client.release();
  }
  return res.rows[0];
}`,
          },
        ],
      },
    ],
  },
  // A pool injected into a class under another name (`this.db: Pool`): leaks on the early return.
  {
    code: `import type { Pool } from 'pg';
export class Repo {
  constructor(private readonly db: Pool) {}
  async count() {
    const c = await this.db.connect();
    const res = await c.query('select 1');
    if (res.rowCount === 0) return null;
    c.release();
    return res;
  }
}`,
    errors: [
      {
        messageId: 'leakOnReturn', line: 5, column: 21, endLine: 5, endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import type { Pool } from 'pg';
export class Repo {
  constructor(private readonly db: Pool) {}
  async count() {
    const c = await this.db.connect();
    let res;
    try {
      res = await c.query('select 1');
      if (res.rowCount === 0) return null;
    } finally {
      c.release();
    }
    return res;
  }
}`,
          },
        ],
      },
    ],
  },
  // pg, the classic: leaks on the early return.
  {
    code: `import pg from 'pg';
const pool = new pg.Pool();
export async function total(day: string) {
  const client = await pool.connect();
  const res = await client.query('select sum(amount) from orders where day = $1', [day]);
  if (res.rowCount === 0) return 0;
  client.release();
  return Number(res.rows[0].sum);
}`,
    errors: [
      {
        messageId: 'leakOnReturn', line: 4, column: 24, endLine: 4, endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import pg from 'pg';
const pool = new pg.Pool();
export async function total(day: string) {
  const client = await pool.connect();
  let res;
  try {
    res = await client.query('select sum(amount) from orders where day = $1', [day]);
    if (res.rowCount === 0) return 0;
  } finally {
    client.release();
  }
  return Number(res.rows[0].sum);
}`,
          },
        ],
      },
    ],
  },
  // mysql2 pool: leaks when the query throws.
  {
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  const conn = await pool.getConnection();
  const [rows] = await conn.query('select 1');
  conn.release();
  return rows;
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 4, column: 22, endLine: 4, endColumn: 42,
        suggestions: [
          {
            messageId: 'useUsingSuggestion',
            output: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  await using conn = await pool.getConnection();
  const [rows] = await conn.query('select 1');
  return rows;
}`,
          },
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  const conn = await pool.getConnection();
  let rows;
  try {
    ([rows] = await conn.query('select 1'));
  } finally {
    conn.release();
  }
  return rows;
}`,
          },
        ],
      },
    ],
  },
  // TypeORM query runner: leaks when connect() throws.
  {
    code: `import { DataSource } from 'typeorm';
export async function migrate(ds: DataSource) {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.query('select 1');
  await runner.release();
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 40,
        suggestions: [
          {
            messageId: 'useUsingSuggestion',
            output: `import { DataSource } from 'typeorm';
export async function migrate(ds: DataSource) {
  await using runner = ds.createQueryRunner();
  await runner.connect();
  await runner.query('select 1');
}`,
          },
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import { DataSource } from 'typeorm';
export async function migrate(ds: DataSource) {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('select 1');
  } finally {
    await runner.release();
  }
}`,
          },
        ],
      },
    ],
  },
  // mysql2's callback style: the receiver's type (mysql2 Pool) confirms it; never released.
  {
    code: `import mysql from 'mysql2';
const pool = mysql.createPool({});
export function count(done: (n: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (err) return done(err);
    conn.query('select 1', (error, rows) => {
      done(rows);
    });
  });
}`,
    errors: [{ messageId: 'neverReleased', line: 4, column: 3, endLine: 9, endColumn: 5 }],
  },
  // A stand-alone pg Client: `client.connect()` opens the receiver itself (pg's Client
  // type confirms it); the query can throw before `end()`.
  {
    code: `import pg from 'pg';
export async function once(sql: string) {
  const client = new pg.Client();
  await client.connect();
  const res = await client.query(sql);
  await client.end();
  return res.rows;
}`,
    errors: [
      {
        messageId: 'leakOnThrow', line: 4, column: 9, endLine: 4, endColumn: 25,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            output: `import pg from 'pg';
export async function once(sql: string) {
  const client = new pg.Client();
  await client.connect();
  let res;
  try {
    res = await client.query(sql);
  } finally {
    await client.end();
  }
  return res.rows;
}`,
          },
        ],
      },
    ],
  },
  // mongodb session (whose type is also async-disposable: reported once, as a session).
  {
    code: `import { MongoClient } from 'mongodb';
export async function tx(client: MongoClient) {
  const session = client.startSession();
  await session.withTransaction(async () => {});
  await session.endSession();
}`,
    errors: [
      {
        messageId: 'leakOnThrow',
        line: 3,
        column: 19,
        endLine: 3,
        endColumn: 40,
        suggestions: [
          {
            messageId: 'wrapInTryFinallySuggestion',
            data: { release: 'await session.endSession()' },
            output: `import { MongoClient } from 'mongodb';
export async function tx(client: MongoClient) {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {});
  } finally {
    await session.endSession();
  }
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester.run('no-leaked-connection: both modes agree (types)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
syntaxRuleTester.run('no-leaked-connection: both modes agree (syntax)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
