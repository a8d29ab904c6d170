import tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-leaked-connection.js';

// Each case is a whole small module: the driver import and the pool come from these headers,
// so the code of a case proper starts on line 3.
const PG = `import pg from 'pg';
const pool = new pg.Pool();`;
const MYSQL = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});`;
const MYSQL_CALLBACK = `import mysql from 'mysql2';
const pool = mysql.createPool({});`;

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // \`while (true)\` without \`break\` ends only by its \`return\`: no path falls off its end.
    {
      code: `${PG}
async function spin() {
  const client = await pool.connect();
  let n = 0;
  while (true) {
    n += 1;
    if (n > 3) {
      client.release();
      return n;
    }
  }
}`,
    },
    // \`startSession()\` on a receiver that is no MongoDB client, in a file without MongoDB.
    {
      code: `export function track(analytics, user) {
  const session = analytics.startSession(user);
  return session.id;
}`,
    },
    // A client stored in an outer variable before it connects is handed off (pg-boss).
    {
      code: `import pg from 'pg';
export async function listen(channel) {
  let client = null;
  const connect = async () => {
    const next = new pg.Client();
    client = next;
    await next.connect();
    await next.query('LISTEN x');
  };
  await connect();
  return { close: async () => { await client?.end(); } };
}`,
    },
    // A receiver named like a pool but built by another constructor in view (agenda).
    {
      code: `import { Pool } from 'pg';
import { PostgresBackend } from './backend';
export async function start() {
  const backendWithPool = new PostgresBackend({ pool: new Pool() });
  await backendWithPool.connect();
  return backendWithPool;
}`,
    },
    // Queueing a cursor does not throw (NodeBB): the client is released in finally.
    {
      code: `import pg from 'pg';
import Cursor from 'pg-cursor';
const pool = new pg.Pool();
export async function scan(match) {
  const client = await pool.connect();
  const cursor = client.query(new Cursor('SELECT key FROM t WHERE key ~ $1', [match]));
  try {
    let rows;
    do {
      rows = await cursor.read(100);
    } while (rows.length > 0);
  } finally {
    client.release();
  }
}`,
    },
    // MongoDB's startTransaction() right after startSession() does not throw (parse-server).
    {
      code: `import { MongoClient } from 'mongodb';
export class Adapter {
  client = new MongoClient('mongodb://localhost');
  createTransactionalSession() {
    const session = this.client.startSession();
    session.startTransaction();
    return Promise.resolve(session);
  }
}`,
    },
    // `!client || client.release()` decides `!client` as a condition: the release runs
    // whenever a client is held.
    {
      code: `${PG}
async function run(sql: string) {
  let client;
  try {
    client = await pool.connect();
    await client.query(sql);
  } finally {
    !client || client.release();
  }
}`,
    },
    // A \`finally\` that returns the same client as the \`try\` does not drop it.
    {
      code: `${PG}
async function open() {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    return client;
  }
}`,
    },
    // \`return\` of an \`await using\` variable still disposes it on the way out, even when a
    // \`finally\` then throws.
    {
      code: `${PG}
async function probe() {
  try {
    await using client = await pool.connect();
    return client;
  } finally {
    await audit();
  }
}`,
    },
    // The catch of an empty try never runs: the acquisition in it is dead code.
    {
      code: `${PG}
async function never() {
  try {
  } catch {
    const client = await pool.connect();
  }
}`,
    },
    // The pool comes from elsewhere: the imported driver (oracledb) decides that `close()` releases.
    {
      code: `import oracledb from 'oracledb';
export class Reports {
  pool: oracledb.Pool | undefined;
  async run(sql: string) {
    const conn = await this.pool!.getConnection();
    try {
      return await conn.execute(sql);
    } finally {
      await conn.close();
    }
  }
}`,
    },
    // Reading `.connection` off a TypeORM runner takes no connection (the runner connects lazily).
    {
      code: `import { DataSource } from 'typeorm';
export class Items {
  constructor(private dataSource: DataSource) {}
  async all() {
    const ds = this.dataSource.createQueryRunner('master').connection;
    return ds.getRepository('Item').find();
  }
}`,
    },
    // A LISTEN client with a notification handler lives as long as the process, by design.
    // (Were the handler attached after a query, a throwing query would still leak it.)
    {
      code: `import { Client } from 'pg';
export async function listen(onEvent: () => void) {
  const client = new Client();
  await client.connect();
  client.on('notification', onEvent);
  await client.query('LISTEN new_event');
}`,
    },
    // `c ?? acquire()` with c already held keeps the same client: nothing is overwritten.
    {
      code: `${PG}
async function keep() {
  let client = await pool.connect();
  client = client ?? (await pool.connect());
  client.release();
}`,
    },
    // A callee whose name says it keeps the connection takes ownership: a promise's resolve,
    // a storing method (defined in another file), a helper named for releasing.
    {
      code: `${MYSQL_CALLBACK}
function reserve() {
  return new Promise((resolve, reject) => {
    pool.getConnection((err, connection) => {
      if (err) reject(err);
      resolve(connection);
    });
  });
}`,
    },
    {
      code: `${MYSQL}
class Tabs {
  async reserve(tabId: number) {
    const conn = await pool.getConnection();
    this.pushConnection(tabId, conn);
  }
}
async function run(fn: (c: unknown) => Promise<void>) {
  const conn = await pool.getConnection();
  return withClosable(conn, fn);
}`,
    },
    // A driver callback given by name: the connection goes to a function this one cannot see.
    {
      code: `${PG}
function listen(onConnect: (err: Error, client: pg.PoolClient) => void) {
  pool.connect(onConnect);
}`,
    },
    // Listener bookkeeping, logging, timers and pg's string escaping are taken not to throw
    // (a documented approximation), so nothing between the acquisition and the release can
    // skip it.
    {
      code: `${PG}
async function verify() {
  const client = await pool.connect();
  client.on('error', (err) => console.error(err));
  console.log('connected', client.processID);
  const timer = setInterval(() => undefined, 1000);
  const table = client.escapeIdentifier('t');
  client.release();
  clearInterval(timer);
  return table;
}`,
    },
    // pg, straight line: nothing can throw between the acquisition and the release.
    {
      code: `${PG}
async function processId() {
  const client = await pool.connect();
  const id = client.processID;
  client.release();
  return id;
}`,
    },
    // pg, try/finally: the release runs on the return and on a throwing query.
    {
      code: `${PG}
async function count() {
  const client = await pool.connect();
  try {
    const res = await client.query('select count(*) from t');
    return res.rows[0];
  } finally {
    client.release();
  }
}`,
    },
    // pg, early return inside try/finally, from a for-of loop.
    {
      code: `${PG}
async function allExist(ids: number[]) {
  const client = await pool.connect();
  try {
    for (const id of ids) {
      const res = await client.query('select 1 from t where id = $1', [id]);
      if (res.rowCount === 0) return false;
    }
    return true;
  } finally {
    client.release();
  }
}`,
    },
    // pg, early return that releases first; the rest is covered by finally.
    {
      code: `${PG}
async function find(id: number) {
  const client = await pool.connect();
  if (id < 0) {
    client.release();
    return null;
  }
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
    },
    // pg, explicit throw after the release: the connection is back in the pool first.
    {
      code: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  if (!id) {
    client.release();
    throw new Error('id required');
  }
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
    },
    // pg, explicit throw inside try/finally.
    {
      code: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  try {
    const res = await client.query('select * from t where id = $1', [id]);
    if (res.rowCount === 0) throw new Error('not found');
    return res.rows[0];
  } finally {
    client.release();
  }
}`,
    },
    // pg, implicit throws before the acquisition leave nothing open.
    {
      code: `${PG}
async function audited(sql: string) {
  await audit(sql);
  const client = await pool.connect();
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}`,
    },
    // pg, try/catch: released on the happy path and in the catch, which rethrows.
    {
      code: `${PG}
async function save(row: unknown) {
  const client = await pool.connect();
  try {
    await client.query('insert into t values ($1)', [row]);
    client.release();
  } catch (error) {
    client.release();
    throw error;
  }
}`,
    },
    // pg, try/catch/finally: rollback in catch, release in finally.
    {
      code: `${PG}
async function transfer(from: number, to: number) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('update a set n = n - 1 where id = $1', [from]);
    await client.query('update a set n = n + 1 where id = $1', [to]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}`,
    },
    // pg, nested try: the inner catch swallows, the outer finally releases.
    {
      code: `${PG}
async function migrate() {
  const client = await pool.connect();
  try {
    try {
      await client.query('create table t (id int)');
    } catch {
      await client.query('truncate t');
    }
    await client.query('insert into t values (1)');
  } finally {
    client.release();
  }
}`,
    },
    // pg, return inside finally after the release: every completion has released.
    {
      code: `${PG}
async function vacuum() {
  const client = await pool.connect();
  try {
    await client.query('vacuum');
  } finally {
    client.release();
    return 'done';
  }
}`,
    },
    // pg, for loop acquiring per iteration: break and continue pass through finally.
    {
      code: `${PG}
async function insertBatches(batches: string[][]) {
  for (let i = 0; i < batches.length; i++) {
    const client = await pool.connect();
    try {
      if (batches[i].length === 0) continue;
      if (i > 10) break;
      await client.query('insert into t select unnest($1::text[])', [batches[i]]);
    } finally {
      client.release();
    }
  }
}`,
    },
    // pg, labelled break and continue out of nested loops inside try/finally.
    {
      code: `${PG}
async function runGroups(groups: string[][]) {
  const client = await pool.connect();
  try {
    outer: for (const group of groups) {
      for (const sql of group) {
        if (!sql) continue outer;
        if (sql === 'stop') break outer;
        await client.query(sql);
      }
    }
  } finally {
    client.release();
  }
}`,
    },
    // pg, for-await with break inside try/finally.
    {
      code: `${PG}
async function replay(source: AsyncIterable<string>) {
  const client = await pool.connect();
  try {
    for await (const sql of source) {
      if (sql === '') break;
      await client.query(sql);
    }
  } finally {
    client.release();
  }
}`,
    },
    // pg, while loop: released before the break, and in finally otherwise.
    {
      code: `${PG}
async function drain(queue: string[]) {
  while (queue.length > 0) {
    const client = await pool.connect();
    if (queue[0] === '') {
      client.release();
      break;
    }
    try {
      await client.query(queue[0]);
    } finally {
      client.release();
    }
    queue.shift();
  }
}`,
    },
    // pg, do-while acquiring per iteration with try/finally.
    {
      code: `${PG}
async function pages(count: number) {
  let page = 0;
  do {
    const client = await pool.connect();
    try {
      await client.query('select * from t offset $1 limit 100', [page * 100]);
    } finally {
      client.release();
    }
    page += 1;
  } while (page < count);
}`,
    },
    // pg, switch fallthrough: every case, falling through or not, reaches a release.
    {
      code: `${PG}
async function touch(mode: string) {
  let count = 0;
  const client = await pool.connect();
  switch (mode) {
    case 'a':
      count += 1;
    // falls through
    case 'b':
      client.release();
      break;
    default:
      client.release();
  }
  return count;
}`,
    },
    // pg, let before try, connect inside; `client && client.release()` in finally: on the path where
    // connect() threw, client is undefined and nothing is open.
    {
      code: `${PG}
async function run(sql: string) {
  let client;
  try {
    client = await pool.connect();
    await client.query(sql);
  } finally {
    client && client.release();
  }
}`,
    },
    // pg, `let c; try { c = await pool.connect(); … } finally { c?.release(); }` (from the issue).
    {
      code: `${PG}
async function run(sql: string) {
  let c;
  try {
    c = await pool.connect();
    await c.query(sql);
  } finally {
    c?.release();
  }
}`,
    },
    // pg, `??`: acquired only when no client was given, released under the matching condition,
    // which syntax alone cannot relate to the choice, so the rule stays silent.
    {
      code: `${PG}
async function run(sql: string, given?: pg.PoolClient) {
  const client = given ?? (await pool.connect());
  try {
    return await client.query(sql);
  } finally {
    if (!given) client.release();
  }
}`,
    },
    // pg, promise chain: `pool.connect().then(c => c.query(sql).finally(() => c.release()))` (from the issue).
    {
      code: `${PG}
async function run(sql: string) {
  await pool.connect().then((c) => c.query(sql).finally(() => c.release()));
}`,
    },
    // pg, `.finally(() => client.release())` on the query chain hands the client to the callback.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  return client.query(sql).finally(() => client.release());
}`,
    },
    // pg, `.then(onFulfilled, onRejected)` releasing in both handlers.
    {
      code: `${PG}
async function rows(sql: string) {
  const client = await pool.connect();
  return client.query(sql).then(
    (res) => {
      client.release();
      return res.rows;
    },
    (error: unknown) => {
      client.release();
      throw error;
    },
  );
}`,
    },
    // pg, the driver's callback style: `if (err) return` leaves nothing open, and the query's
    // callback calls done().
    {
      code: `${PG}
function run(sql: string) {
  pool.connect((err, client, done) => {
    if (err) return console.error(err);
    client.query(sql, (queryError) => {
      done(queryError);
    });
  });
}`,
    },
    // pg, callback style releasing with `client.release()` before leaving the callback.
    {
      code: `${PG}
function ping() {
  pool.connect((err, client) => {
    if (err) throw err;
    client.release();
  });
}`,
    },
    // pg, `await using` disposes the client on every path.
    {
      code: `${PG}
async function run(sql: string) {
  await using client = await pool.connect();
  const res = await client.query(sql);
  if (res.rowCount === 0) return null;
  return res.rows;
}`,
    },
    // pg, escape by return: the caller owns the client.
    {
      code: `${PG}
async function getClient() {
  const client = await pool.connect();
  return client;
}`,
    },
    // pg, a factory that releases in catch and rethrows, then returns the client (from the issue).
    {
      code: `${PG}
async function getClient() {
  const client = await pool.connect();
  try {
    await client.query('set search_path to app');
  } catch (error) {
    client.release();
    throw error;
  }
  return client;
}`,
    },
    // pg, escape by storing on `this`: the object releases it later.
    {
      code: `${PG}
class Session {
  client?: pg.PoolClient;
  async open() {
    this.client = await pool.connect();
  }
  close() {
    this.client?.release();
  }
}`,
    },
    // pg, a client kept in an outer variable across beforeAll/afterAll (from the issue).
    {
      code: `${PG}
let client: pg.PoolClient;
beforeAll(async () => {
  client = await pool.connect();
});
afterAll(() => {
  client.release();
});`,
    },
    // pg, escape through a returned cleanup closure.
    {
      code: `${PG}
async function lease() {
  const client = await pool.connect();
  return () => client.release();
}`,
    },
    // pg, a cleanup closure called in finally.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  const done = () => client.release();
  try {
    await client.query(sql);
  } finally {
    done();
  }
}`,
    },
    // pg, `return new Repo(await pool.connect())` passes ownership to the escaping object (from the issue).
    {
      code: `${PG}
class Repo {
  constructor(readonly client: pg.PoolClient) {}
}
async function openRepo() {
  return new Repo(await pool.connect());
}`,
    },
    // pg, a client bound to a variable and then passed to an escaping constructor.
    {
      code: `${PG}
class Repo {
  constructor(readonly client: pg.PoolClient) {}
}
async function openRepo() {
  const client = await pool.connect();
  return new Repo(client);
}`,
    },
    // pg, release through a same-file helper that releases its parameter on every path (from the issue).
    {
      code: `${PG}
function releaseQuietly(client: pg.PoolClient) {
  try {
    client.release();
  } catch {
    // already released
  }
}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    releaseQuietly(client);
  }
}`,
    },
    // pg, an async generator with try/finally: `return()` from the consumer runs the finally.
    {
      code: `${PG}
async function* rows(sql: string) {
  const client = await pool.connect();
  try {
    const res = await client.query(sql);
    yield* res.rows;
  } finally {
    client.release();
  }
}`,
    },
    // pg, dead code: the acquisition after a return never runs.
    {
      code: `${PG}
async function disabled() {
  return 0;
  const client = await pool.connect();
  await client.query('select 1');
}`,
    },
    // pg, `(await pool.connect()).release()` (from the issue).
    {
      code: `${PG}
async function warmUp() {
  (await pool.connect()).release();
}`,
    },
    // pg, `pool.query()` checks out and returns a client by itself (from the issue).
    {
      code: `${PG}
async function count() {
  const res = await pool.query('select count(*) from t');
  return res.rows[0];
}`,
    },
    // Syntax-only mode: `array.find()`, `socket.connect()` and `someObject.connect()` without a driver
    // import are not connections (from the issue).
    {
      code: `import net from 'node:net';
async function f(items: number[], someObject: { connect(): Promise<unknown> }) {
  const socket = new net.Socket();
  socket.connect(80, 'example.com');
  const hit = items.find((item) => item > 1);
  const session = await someObject.connect();
  return [hit, session];
}`,
    },
    // Syntax-only mode: `socket.connect()` in a file that imports pg is still not a pool.
    {
      code: `${PG}
import net from 'node:net';
async function probe() {
  const socket = new net.Socket();
  await socket.connect(5432, 'db');
  return socket;
}`,
    },
    // pg, `if (!client) throw …` right after connect: a held client is an object, so that branch is
    // impossible.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  if (!client) throw new Error('no client');
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}`,
    },
    // pg, a copy of the client (`const conn = client`) released in finally.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  const conn = client;
  try {
    return await conn.query(sql);
  } finally {
    conn.release();
  }
}`,
    },
    // pg, `release(err)` in catch destroys the client; the happy path releases normally.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    const res = await client.query(sql);
    client.release();
    return res;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}`,
    },
    // pg, an arrow function with an expression body.
    {
      code: `${PG}
export const warmUp = async () => (await pool.connect()).release();`,
    },
    // pg, a pool imported from another module, acquired and released in finally.
    {
      code: `import { pool } from './db';
async function count() {
  const client = await pool.connect();
  try {
    return await client.query('select count(*) from t');
  } finally {
    client.release();
  }
}`,
    },
    // Syntax-only mode: `db.connect()` in a file that does not import a driver: the name `db` is not
    // enough evidence of a pg pool.
    {
      code: `import { db } from './db';
async function count() {
  const conn = await db.connect();
  return conn.query('select 1');
}`,
    },
    // pg, acquired only under a condition and released under `if (client)`: the guard follows the
    // variable, so every path is settled.
    {
      code: `${PG}
async function run(sql: string, useOwn: boolean) {
  let client: pg.PoolClient | undefined;
  if (useOwn) client = await pool.connect();
  try {
    await (client ?? pool).query(sql);
  } finally {
    if (client) client.release();
  }
}`,
    },
    // mysql2, straight line: nothing can throw before the release.
    {
      code: `${MYSQL}
async function threadId() {
  const conn = await pool.getConnection();
  const id = conn.threadId;
  conn.release();
  return id;
}`,
    },
    // mysql2, try/finally.
    {
      code: `${MYSQL}
async function count() {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query('select count(*) as n from t');
    return rows;
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, early return and explicit throw inside try/finally.
    {
      code: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  try {
    if (id === 0) return null;
    const [rows] = await conn.execute('select * from t where id = ?', [id]);
    if (!rows) throw new Error('no rows');
    return rows;
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, early return after releasing.
    {
      code: `${MYSQL}
async function maybe(id: number) {
  const conn = await pool.getConnection();
  if (id < 0) {
    conn.release();
    return null;
  }
  try {
    return await conn.query('select * from t where id = ?', [id]);
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, try/catch releasing in both the happy path and the catch.
    {
      code: `${MYSQL}
async function save(row: unknown) {
  const conn = await pool.getConnection();
  try {
    await conn.query('insert into t set ?', [row]);
    conn.release();
  } catch (error) {
    conn.release();
    throw error;
  }
}`,
    },
    // mysql2, try/catch/finally around a transaction.
    {
      code: `${MYSQL}
async function transfer(from: number, to: number) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('update a set n = n - 1 where id = ?', [from]);
    await conn.query('update a set n = n + 1 where id = ?', [to]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, nested try inside try/finally.
    {
      code: `${MYSQL}
async function upsert(row: unknown) {
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } catch {
      await conn.query('update t set ?', [row]);
    }
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, return inside finally after the release.
    {
      code: `${MYSQL}
async function optimize() {
  const conn = await pool.getConnection();
  try {
    await conn.query('optimize table t');
  } finally {
    conn.release();
    return true;
  }
}`,
    },
    // mysql2, for-of acquiring per iteration; continue and break go through finally.
    {
      code: `${MYSQL}
async function insertAll(rows: unknown[]) {
  for (const row of rows) {
    const conn = await pool.getConnection();
    try {
      if (row === null) continue;
      if (row === 'stop') break;
      await conn.query('insert into t set ?', [row]);
    } finally {
      conn.release();
    }
  }
}`,
    },
    // mysql2, labelled continue inside try/finally.
    {
      code: `${MYSQL}
async function runAll(groups: string[][]) {
  const conn = await pool.getConnection();
  try {
    outer: for (const group of groups) {
      for (const sql of group) {
        if (sql === '') continue outer;
        await conn.query(sql);
      }
    }
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, for-await inside try/finally.
    {
      code: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  const conn = await pool.getConnection();
  try {
    for await (const sql of source) {
      await conn.query(sql);
    }
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, while and do-while acquiring per iteration.
    {
      code: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (n < limit) {
    const conn = await pool.getConnection();
    try {
      await conn.query('select 1');
    } finally {
      conn.release();
    }
    n += 1;
  }
  do {
    const conn = await pool.getConnection();
    try {
      await conn.query('select 2');
    } finally {
      conn.release();
    }
    n -= 1;
  } while (n > 0);
}`,
    },
    // mysql2, switch fallthrough into a releasing case.
    {
      code: `${MYSQL}
async function touch(mode: string) {
  const conn = await pool.getConnection();
  switch (mode) {
    case 'read':
    case 'write':
      conn.release();
      break;
    default:
      conn.release();
  }
}`,
    },
    // mysql2, `if (conn) conn.release()` in finally after a connection acquired inside try.
    {
      code: `${MYSQL}
async function run(sql: string) {
  let conn;
  try {
    conn = await pool.getConnection();
    await conn.query(sql);
  } finally {
    if (conn) conn.release();
  }
}`,
    },
    // mysql2, `conn?.release()` and `conn && conn.release()` after a connection acquired inside try.
    {
      code: `${MYSQL}
async function run(sql: string) {
  let conn;
  try {
    conn = await pool.getConnection();
    await conn.query(sql);
  } finally {
    conn?.release();
  }
}
async function runAgain(sql: string) {
  let conn;
  try {
    conn = await pool.getConnection();
    await conn.query(sql);
  } finally {
    conn && conn.release();
  }
}`,
    },
    // mysql2, `pool.releaseConnection(conn)` in finally.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query(sql);
  } finally {
    pool.releaseConnection(conn);
  }
}`,
    },
    // mysql2, promise chain with `.finally` releasing.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  return conn.query(sql).finally(() => conn.release());
}`,
    },
    // mysql, the driver's callback style: `if (err)` leaves nothing open; the query's callback releases.
    {
      code: `${MYSQL_CALLBACK}
function run(sql: string) {
  pool.getConnection((err, conn) => {
    if (err) return;
    conn.query(sql, () => {
      conn.release();
    });
  });
}`,
    },
    // mysql2, `await using`.
    {
      code: `${MYSQL}
async function run(sql: string) {
  await using conn = await pool.getConnection();
  return conn.query(sql);
}`,
    },
    // mysql2, `using` (synchronous disposal) also releases at scope end.
    {
      code: `${MYSQL}
async function run(sql: string) {
  using conn = await pool.getConnection();
  return conn.query(sql);
}`,
    },
    // mysql2, escape by return.
    {
      code: `${MYSQL}
async function getConn() {
  const conn = await pool.getConnection();
  return conn;
}`,
    },
    // mysql2, escape by storing on `this`.
    {
      code: `${MYSQL}
class Db {
  conn?: unknown;
  async open() {
    this.conn = await pool.getConnection();
  }
}`,
    },
    // mysql2, escape by storing in an outer variable.
    {
      code: `${MYSQL}
let shared: unknown;
async function open() {
  shared = await pool.getConnection();
}`,
    },
    // mysql2, escape through a closure that releases, passed to a registration call.
    {
      code: `${MYSQL}
async function serve(server: { on(event: string, cb: () => void): void }) {
  const conn = await pool.getConnection();
  server.on('close', () => conn.release());
}`,
    },
    // mysql2, passing the connection to a constructor whose object escapes hands it off.
    {
      code: `${MYSQL}
class Repo {
  constructor(readonly conn: unknown) {}
}
async function openRepo() {
  const conn = await pool.getConnection();
  return new Repo(conn);
}`,
    },
    // mysql2, `return new Repo(await pool.getConnection())`.
    {
      code: `${MYSQL}
class Repo {
  constructor(readonly conn: unknown) {}
}
async function openRepo() {
  return new Repo(await pool.getConnection());
}`,
    },
    // mysql2, an async generator releasing in finally.
    {
      code: `${MYSQL}
async function* stream(sql: string) {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query(sql);
    yield rows;
  } finally {
    conn.release();
  }
}`,
    },
    // mysql2, `pool.query()` and `pool.execute()` need no release.
    {
      code: `${MYSQL}
async function count() {
  const [rows] = await pool.query('select count(*) from t');
  await pool.execute('delete from log');
  return rows;
}`,
    },
    // mysql2, `(await pool.getConnection()).release()`.
    {
      code: `${MYSQL}
async function warmUp() {
  (await pool.getConnection()).release();
}`,
    },
    // pg Client: `new Client()` + `connect()`, ended in finally.
    {
      code: `import { Client } from 'pg';
async function migrate(sql: string) {
  const client = new Client();
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}`,
    },
    // mysql2 `createConnection()`, ended in finally.
    {
      code: `import mysql from 'mysql2/promise';
async function once(sql: string) {
  const conn = await mysql.createConnection({});
  try {
    return await conn.query(sql);
  } finally {
    await conn.end();
  }
}`,
    },
    // generic-pool: `pool.acquire()` and `pool.release(resource)` in finally.
    {
      code: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
async function use() {
  const resource = await pool.acquire();
  try {
    await work(resource);
  } finally {
    await pool.release(resource);
  }
}`,
    },
    // TypeORM: query runner released in finally, connect and transaction inside try.
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function rename(id: number, name: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    await runner.query('update t set name = $1 where id = $2', [name, id]);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
    },
    // TypeORM: `dataSource.transaction(cb)` manages its own connection.
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function rename(id: number, name: string) {
  await dataSource.transaction(async (manager) => {
    await manager.query('update t set name = $1 where id = $2', [name, id]);
  });
}`,
    },
    // TypeORM: `this.runner ?? ds.createQueryRunner()` released under `if (!this.runner)` (from the issue):
    // the condition matches the choice, which syntax alone cannot prove, so the rule stays silent.
    {
      code: `import { DataSource } from 'typeorm';
class Repo {
  runner?: ReturnType<DataSource['createQueryRunner']>;
  constructor(private readonly ds: DataSource) {}
  async find(sql: string) {
    const runner = this.runner ?? this.ds.createQueryRunner();
    try {
      return await runner.query(sql);
    } finally {
      if (!this.runner) await runner.release();
    }
  }
}`,
    },
    // MongoDB: `startSession()` ended in finally.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer() {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      await client.db('bank').collection('a').updateOne({}, { $inc: { n: 1 } }, { session });
    });
  } finally {
    await session.endSession();
  }
}`,
    },
    // MongoDB: `withSession(cb)` ends the session itself.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer() {
  await client.withSession(async (session) => {
    await client.db('bank').collection('a').updateOne({}, { $inc: { n: 1 } }, { session });
  });
}`,
    },
    // oracledb: `getConnection()` closed in finally.
    {
      code: `import oracledb from 'oracledb';
async function count() {
  const connection = await oracledb.getConnection({ user: 'app' });
  try {
    return await connection.execute('select count(*) from t');
  } finally {
    await connection.close();
  }
}`,
    },
    // mssql: a `ConnectionPool` opened in the function and closed in finally.
    {
      code: `import sql from 'mssql';
async function count(config: sql.config) {
  const pool = new sql.ConnectionPool(config);
  await pool.connect();
  try {
    return await pool.query('select count(*) from t');
  } finally {
    await pool.close();
  }
}`,
    },
    // Option `resources`: a user-declared `*.openSession` closed in finally.
    {
      code: `async function run(db: { openSession(): { run(q: string): Promise<void>; close(): void } }, q: string) {
  const session = db.openSession();
  try {
    await session.run(q);
  } finally {
    session.close();
  }
}`,
      options: [{"resources":[{"acquire":["*.openSession"],"release":["close"]}]}],
    },
    // Option `resources` with a named receiver (`db.openSession`): another receiver is not tracked.
    {
      code: `async function run(other: { openSession(): { run(q: string): Promise<void> } }, q: string) {
  const session = other.openSession();
  await session.run(q);
}`,
      options: [{"resources":[{"acquire":["db.openSession"],"release":["close"]}]}],
    },
    // Option `resources` with `releaseVia`: `manager.giveBack(session)` in finally.
    {
      code: `async function run(manager: { openSession(): { run(q: string): Promise<void> }; giveBack(s: unknown): void }, q: string) {
  const session = manager.openSession();
  try {
    await session.run(q);
  } finally {
    manager.giveBack(session);
  }
}`,
      options: [{"resources":[{"acquire":["*.openSession"],"release":["close"],"releaseVia":["giveBack"]}]}],
    },
    // Option `releasers`: `giveBack` (from another file) takes ownership of the client.
    {
      code: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    giveBack(client);
  }
}`,
      options: [{"releasers":["giveBack"]}],
    },
  ],
  invalid: [
    // A parameter passed to the acquiring call is an argument, not a callback that would
    // make the call self-managing; and passing \`{ session }\` to a query is a use.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function run(opts, orders) {
  const session = client.startSession(opts);
  await orders.insertOne({}, { session });
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          data: { name: 'session', what: 'session from `client.startSession()`', release: 'session.endSession()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await session.endSession()' },
              output: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function run(opts, orders) {
  const session = client.startSession(opts);
  try {
    await orders.insertOne({}, { session });
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    // `registerTypes(client)` only uses the client: a name that does not say "keep" or
    // "release" takes nothing over, so the query that may throw leaks it.
    {
      code: `${PG}
async function vectors(pgvector: { registerTypes(c: pg.PoolClient): Promise<void> }) {
  const client = await pool.connect();
  await pgvector.registerTypes(client);
  const res = await client.query('select 1');
  return res.rows;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function vectors(pgvector: { registerTypes(c: pg.PoolClient): Promise<void> }) {
  const client = await pool.connect();
  try {
    await pgvector.registerTypes(client);
    const res = await client.query('select 1');
    return res.rows;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A same-file function is judged by its body, not its name: this one releases nothing.
    {
      code: `${PG}
function closeQuietly(client: pg.PoolClient): void {
  void client;
}
async function run() {
  const client = await pool.connect();
  closeQuietly(client);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
function closeQuietly(client: pg.PoolClient): void {
  void client;
}
async function run() {
  const client = await pool.connect();
  try {
    closeQuietly(client);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A `finally` that throws replaces `return client`: the caller never receives the client.
    // The function returns the client, so the advice is not a `finally` release.
    {
      code: `${PG}
async function open() {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    await audit();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrowReturned',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `audit(…)` on line 8 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // A `return` inside `finally` replaces `return client`: the client is dropped.
    {
      code: `${PG}
async function open() {
  const client = await pool.connect();
  try {
    return client;
  } finally {
    return null;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 8' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, the incident: the row loop returns early (and the query may throw) before the release. The
    // report names the explicit exit, the `return`.
    {
      code: `${PG}
async function dailyTotal(day: string) {
  const client = await pool.connect();
  const res = await client.query('select sum(n) from t where day = $1', [day]);
  let total = 0;
  for (const row of res.rows) {
    if (row.sum === null) return 0;
    total += Number(row.sum);
  }
  client.release();
  return total;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 8' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function dailyTotal(day: string) {
  const client = await pool.connect();
  let total;
  try {
    const res = await client.query('select sum(n) from t where day = $1', [day]);
    total = 0;
    for (const row of res.rows) {
      if (row.sum === null) return 0;
      total += Number(row.sum);
    }
  } finally {
    client.release();
  }
  return total;
}`,
            },
          ],
        },
      ],
    },
    // pg, straight line: the query may throw before the release. The release is the last statement,
    // so the suggestion moves it into a finally.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, early return before the try/finally that would release.
    {
      code: `${PG}
async function find(id: number) {
  const client = await pool.connect();
  if (id < 0) return null;
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function find(id: number) {
  const client = await pool.connect();
  try {
    if (id < 0) return null;
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, explicit throw while the client is open.
    {
      code: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  if (!id) throw new Error('id required');
  try {
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function load(id: number) {
  const client = await pool.connect();
  try {
    if (!id) throw new Error('id required');
    return await client.query('select * from t where id = $1', [id]);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, explicit `throw` of an existing error while the client is open.
    {
      code: `${PG}
async function load(id: number, invalid: Error) {
  const client = await pool.connect();
  if (!id) throw invalid;
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function load(id: number, invalid: Error) {
  const client = await pool.connect();
  try {
    if (!id) throw invalid;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, two leaking paths: the query may throw, and `ok` false reaches the end of the function. The
    // report names the exit the code spells out (the end of the function) over the call that may throw.
    {
      code: `${PG}
async function run(ok: boolean) {
  const client = await pool.connect();
  await client.query('select 1');
  if (ok) client.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the path that reaches the end of the function on line 7' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(ok: boolean) {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, two explicit exits: the early return (line 5) comes before the end of the function (line 7) in
    // source order, so it is the one named.
    {
      code: `${PG}
async function run(id: number) {
  const client = await pool.connect();
  if (id === 0) return;
  if (id > 0) client.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 5' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(id: number) {
  const client = await pool.connect();
  try {
    if (id === 0) return;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a same-file releaser called only on the happy path: the query may throw before it.
    {
      code: `${PG}
function giveBack(client: pg.PoolClient) {
  client.release();
}
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  giveBack(client);
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 8 throws' },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, implicit throw outside try: `set` runs before the try/finally.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  await client.query('set statement_timeout = 1000');
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query('set statement_timeout = 1000');
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, implicit throw inside try/catch: the catch returns without releasing.
    {
      code: `${PG}
async function save(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
    client.release();
    return true;
  } catch {
    return false;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 10' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function save(sql: string) {
  const client = await pool.connect();
  try {
    try {
      await client.query(sql);
      return true;
    } catch {
      return false;
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, try/catch/finally: released only in the catch; the happy path falls off the end.
    {
      code: `${PG}
async function save(sql: string) {
  let busy = true;
  const client = await pool.connect();
  try {
    await client.query(sql);
  } catch (error) {
    client.release();
    throw error;
  } finally {
    busy = false;
  }
  return busy;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 14' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function save(sql: string) {
  let busy = true;
  const client = await pool.connect();
  try {
    try {
      await client.query(sql);
    } catch (error) {
      throw error;
    } finally {
      busy = false;
    }
  } finally {
    client.release();
  }
  return busy;
}`,
            },
          ],
        },
      ],
    },
    // pg, nested try: when 'begin' or 'commit' throws, the outer catch returns without releasing.
    {
      code: `${PG}
async function run() {
  const client = await pool.connect();
  try {
    try {
      await client.query('begin');
    } finally {
      await client.query('commit');
    }
    client.release();
  } catch {
    return false;
  }
  return true;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 13' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run() {
  const client = await pool.connect();
  try {
    try {
      try {
        await client.query('begin');
      } finally {
        await client.query('commit');
      }
    } catch {
      return false;
    }
  } finally {
    client.release();
  }
  return true;
}`,
            },
          ],
        },
      ],
    },
    // pg, return inside finally skips the release that follows it.
    {
      code: `${PG}
async function vacuum(skip: boolean) {
  const client = await pool.connect();
  try {
    await client.query('vacuum');
  } finally {
    if (skip) return;
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 8' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function vacuum(skip: boolean) {
  const client = await pool.connect();
  try {
    try {
      await client.query('vacuum');
    } finally {
      if (skip) return;
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, `continue` in a loop that acquires per iteration (from the issue).
    {
      code: `${PG}
async function purge(ids: number[]) {
  for (const id of ids) {
    const client = await pool.connect();
    if (id === 0) continue;
    try {
      await client.query('delete from t where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `continue` on line 6' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function purge(ids: number[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      if (id === 0) continue;
      await client.query('delete from t where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, `break` out of a for loop before the release.
    {
      code: `${PG}
async function drain(queue: string[]) {
  for (;;) {
    const client = await pool.connect();
    if (queue.length === 0) break;
    try {
      await client.query(queue[0]);
    } finally {
      client.release();
    }
    queue.shift();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `break` on line 6' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function drain(queue: string[]) {
  for (;;) {
    const client = await pool.connect();
    try {
      if (queue.length === 0) break;
      await client.query(queue[0]);
    } finally {
      client.release();
    }
    queue.shift();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, labelled `continue outer` from the inner loop skips the release.
    {
      code: `${PG}
async function runGroups(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const client = await pool.connect();
      if (!sql) continue outer;
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `continue` on line 7' },
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
async function runGroups(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const client = await pool.connect();
      try {
        if (!sql) continue outer;
        await client.query(sql);
      } finally {
        client.release();
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, labelled `break outer` leaves the client acquired in the inner loop open.
    {
      code: `${PG}
async function firstEmpty(groups: string[][]) {
  outer: for (const group of groups) {
    while (group.length > 0) {
      const client = await pool.connect();
      if (group[0] === '') break outer;
      client.release();
      group.shift();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `break` on line 7' },
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function firstEmpty(groups: string[][]) {
  outer: for (const group of groups) {
    while (group.length > 0) {
      const client = await pool.connect();
      try {
        if (group[0] === '') break outer;
      } finally {
        client.release();
      }
      group.shift();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, for-await: the early return skips the release (and the iteration itself may throw).
    {
      code: `${PG}
async function replay(source: AsyncIterable<string>) {
  const client = await pool.connect();
  for await (const sql of source) {
    if (sql === 'stop') return;
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 6' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function replay(source: AsyncIterable<string>) {
  const client = await pool.connect();
  try {
    for await (const sql of source) {
      if (sql === 'stop') return;
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, while loop with a `break` that skips the release.
    {
      code: `${PG}
async function poll(limit: number) {
  let n = 0;
  while (n < limit) {
    const client = await pool.connect();
    n += 1;
    if (n === 3) break;
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `break` on line 8' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function poll(limit: number) {
  let n = 0;
  while (n < limit) {
    const client = await pool.connect();
    try {
      n += 1;
      if (n === 3) break;
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, do-while with a `continue` that skips the release.
    {
      code: `${PG}
async function pages(count: number) {
  let page = 0;
  do {
    const client = await pool.connect();
    page += 1;
    if (page % 2 === 0) continue;
    client.release();
  } while (page < count);
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `continue` on line 8' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function pages(count: number) {
  let page = 0;
  do {
    const client = await pool.connect();
    try {
      page += 1;
      if (page % 2 === 0) continue;
    } finally {
      client.release();
    }
  } while (page < count);
}`,
            },
          ],
        },
      ],
    },
    // pg, switch fallthrough: case 'b' falls into case 'c', which breaks without releasing.
    {
      code: `${PG}
async function touch(mode: string) {
  let count = 0;
  const client = await pool.connect();
  switch (mode) {
    case 'a':
      client.release();
      break;
    case 'b':
      count += 1;
    // falls through
    case 'c':
      break;
    default:
      client.release();
  }
  return count;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 18' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, `&&`: released only when `keep` is false.
    {
      code: `${PG}
async function maybeRelease(keep: boolean) {
  const client = await pool.connect();
  !keep && client.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the path that reaches the end of the function on line 6' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, `??`: the side that acquires is never released.
    {
      code: `${PG}
async function run(sql: string, given?: pg.PoolClient) {
  const client = given ?? (await pool.connect());
  return client.query(sql);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 34,
          endLine: 4,
          endColumn: 48,
          suggestions: [],
        },
      ],
    },
    // pg, `?.`: an optional call is still a call that may throw before the release.
    {
      code: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  await client.query?.(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query?.(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, promise chain: `.then(onFulfilled)` releases only when the query succeeds; a failing query
    // leaks the client.
    {
      code: `${PG}
async function rows(sql: string) {
  const client = await pool.connect();
  return client.query(sql).then((res) => {
    client.release();
    return res.rows;
  });
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, the driver's callback style: `done` is never called.
    {
      code: `${PG}
function run(sql: string) {
  pool.connect((err, client, done) => {
    if (err) return;
    client.query(sql);
  });
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 3,
          endLine: 7,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // pg, the driver's callback style: the second early return skips `done()`.
    {
      code: `${PG}
function run(sql: string) {
  pool.connect((err, client, done) => {
    if (err) return;
    if (!sql) return;
    client.query(sql, () => done());
  });
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 6' },
          line: 4,
          column: 3,
          endLine: 8,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // pg, `await using` on another value does not dispose the client.
    {
      code: `${PG}
async function run(sql: string, lock: AsyncDisposable) {
  await using held = lock;
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 6 throws' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run(sql: string, lock: AsyncDisposable) {
  await using held = lock;
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a cleanup closure that is never called (from the issue).
    {
      code: `${PG}
async function run() {
  const client = await pool.connect();
  const cleanup = () => client.release();
  const id = client.processID;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, `client.release;` without the call releases nothing (from the issue).
    {
      code: `${PG}
async function run() {
  const client = await pool.connect();
  client.release;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run() {
  const client = await pool.connect();
  try {
    client.release;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, passed to a same-file helper that only queries, then dropped (from the issue): a use,
    // not a hand-off.
    {
      code: `${PG}
async function runQuery(client: pg.PoolClient, sql: string) {
  return client.query(sql);
}
async function run() {
  const client = await pool.connect();
  await runQuery(client, 'select 1');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function runQuery(client: pg.PoolClient, sql: string) {
  return client.query(sql);
}
async function run() {
  const client = await pool.connect();
  try {
    await runQuery(client, 'select 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, passed to an unknown helper: still this function's job to release it.
    {
      code: `${PG}
import { audit } from './audit';
async function run() {
  const client = await pool.connect();
  await audit(client);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
import { audit } from './audit';
async function run() {
  const client = await pool.connect();
  try {
    await audit(client);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a same-file acquirer: the caller of getClient() owns the client and never ends it
    // (from the issue).
    {
      code: `import { Client } from 'pg';
async function getClient() {
  const c = new Client();
  await c.connect();
  return c;
}
async function report() {
  const client = await getClient();
  const res = await client.query('select 1');
  return res.rows;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'client connection from `getClient()`', release: 'client.end()' },
          line: 8,
          column: 24,
          endLine: 8,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.end()' },
              output: `import { Client } from 'pg';
async function getClient() {
  const c = new Client();
  await c.connect();
  return c;
}
async function report() {
  const client = await getClient();
  try {
    const res = await client.query('select 1');
    return res.rows;
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, overwriting a held connection loses the first one (from the issue).
    {
      code: `${PG}
async function run(sql: string) {
  let client = await pool.connect();
  client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'overwritten',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
          suggestions: [],
        },
      ],
    },
    // pg, `await pool.connect();` discarded (from the issue).
    {
      code: `${PG}
async function warmUp() {
  await pool.connect();
}`,
      errors: [
        {
          messageId: 'discarded',
          data: { what: 'pool connection from `pool.connect()`' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 23,
          suggestions: [],
        },
      ],
    },
    // pg, released in only one branch of an `if` (from the issue).
    {
      code: `${PG}
async function run(id: number) {
  const client = await pool.connect();
  if (id > 0) {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the path that reaches the end of the function on line 8' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, generator: a consumer that stops early (`break` in its for-await) never resumes the
    // generator past the yield, so the release after the loop does not run.
    {
      code: `${PG}
async function* ids(list: number[]) {
  const client = await pool.connect();
  for (const id of list) {
    yield id;
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if the consumer stops at the `yield` on line 6' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function* ids(list: number[]) {
  const client = await pool.connect();
  try {
    for (const id of list) {
      yield id;
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, dead code: the release after the return never runs, so the client is never released.
    {
      code: `${PG}
async function run() {
  const client = await pool.connect();
  return client.processID;
  client.release();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function run() {
  const client = await pool.connect();
  try {
    return client.processID;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a pool stored on `this` in the class: the query may throw before the release.
    {
      code: `${PG}
class Store {
  private pool = new pg.Pool();
  async count() {
    const client = await this.pool.connect();
    const res = await client.query('select count(*) from t');
    client.release();
    return res.rows;
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `this.pool.connect()`', exit: 'if `client.query(…)` on line 7 throws' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
class Store {
  private pool = new pg.Pool();
  async count() {
    const client = await this.pool.connect();
    let res;
    try {
      res = await client.query('select count(*) from t');
    } finally {
      client.release();
    }
    return res.rows;
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a pool imported from another module (recognised by its name and the `.query`/`.release` use).
    {
      code: `import { pool } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 4 throws' },
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import { pool } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, CommonJS `require`: the query may throw before the release.
    {
      code: `const { Pool } = require('pg');
const pool = new Pool();
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `const { Pool } = require('pg');
const pool = new Pool();
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, acquiring in a loop into a variable declared outside it: the next iteration overwrites the
    // previous client while it is open.
    {
      code: `${PG}
async function runAll(statements: string[]) {
  let client;
  for (const sql of statements) {
    client = await pool.connect();
    await client.query(sql);
  }
  client?.release();
}`,
      errors: [
        {
          messageId: 'overwritten',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on line 6' },
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 34,
          suggestions: [],
        },
      ],
    },
    // pg, a loop acquiring per iteration that never releases.
    {
      code: `${PG}
async function runAll(statements: string[]) {
  for (const sql of statements) {
    const client = await pool.connect();
    await client.query(sql);
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function runAll(statements: string[]) {
  for (const sql of statements) {
    const client = await pool.connect();
    try {
      await client.query(sql);
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, an Express handler: the connection is acquired in the nested arrow function, where the early
    // return leaks it.
    {
      code: `${PG}
import express from 'express';
const app = express();
app.get('/users/:id', async (req, res) => {
  const client = await pool.connect();
  if (!req.params.id) return res.status(400).end();
  try {
    res.json((await client.query('select * from users where id = $1', [req.params.id])).rows);
  } finally {
    client.release();
  }
});`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 7' },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    // pg, `this.pool?.connect()` and optional calls: the query may throw before the release.
    {
      code: `${PG}
class Store {
  pool?: pg.Pool;
  async run(sql: string) {
    const client = await this.pool?.connect();
    await client?.query(sql);
    client?.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `this.pool?.connect()`', exit: 'if `client?.query(…)` on line 7 throws' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    // pg, a same-file acquirer method called as `this.getClient()`: the caller owns the client.
    {
      code: `${PG}
class Store {
  async getClient() {
    return pool.connect();
  }
  async count() {
    const client = await this.getClient();
    const res = await client.query('select count(*) from t');
    return res.rows;
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `this.getClient()`', release: 'client.release()' },
          line: 8,
          column: 26,
          endLine: 8,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
class Store {
  async getClient() {
    return pool.connect();
  }
  async count() {
    const client = await this.getClient();
    try {
      const res = await client.query('select count(*) from t');
      return res.rows;
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, straight line: the query may throw before the release.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  await conn.query(sql);
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.query(…)` on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function run(sql: string) {
  await using conn = await pool.getConnection();
  await conn.query(sql);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query(sql);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2 callback API turned into promises with `.promise()`: the query may throw before the release.
    {
      code: `import mysql from 'mysql2';
const pool = mysql.createPool({}).promise();
async function run(sql: string) {
  const conn = await pool.getConnection();
  await conn.query(sql);
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.query(…)` on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `import mysql from 'mysql2';
const pool = mysql.createPool({}).promise();
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query(sql);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, early return before the try/finally.
    {
      code: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  if (id === 0) return null;
  try {
    return await conn.execute('select * from t where id = ?', [id]);
  } finally {
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'conn' },
              output: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  try {
    if (id === 0) return null;
    return await conn.execute('select * from t where id = ?', [id]);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, explicit throw while the connection is open.
    {
      code: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  if (id < 0) throw new RangeError('id');
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function load(id: number) {
  await using conn = await pool.getConnection();
  if (id < 0) throw new RangeError('id');
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function load(id: number) {
  const conn = await pool.getConnection();
  try {
    if (id < 0) throw new RangeError('id');
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, explicit `throw` of an existing error while the connection is open.
    {
      code: `${MYSQL}
async function load(id: number, invalid: Error) {
  const conn = await pool.getConnection();
  if (id < 0) throw invalid;
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `throw` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function load(id: number, invalid: Error) {
  await using conn = await pool.getConnection();
  if (id < 0) throw invalid;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function load(id: number, invalid: Error) {
  const conn = await pool.getConnection();
  try {
    if (id < 0) throw invalid;
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, implicit throw outside try: the query runs before the try/finally.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  await conn.query('set session sql_mode = ""');
  try {
    await conn.query(sql);
  } finally {
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.query(…)` on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'conn' },
              output: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query('set session sql_mode = ""');
    await conn.query(sql);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, implicit throw inside try: the catch logs and falls through without releasing.
    {
      code: `${MYSQL}
async function save(row: unknown) {
  let ok = true;
  const conn = await pool.getConnection();
  try {
    await conn.query('insert into t set ?', [row]);
    conn.release();
  } catch {
    ok = false;
  }
  return ok;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 12' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function save(row: unknown) {
  let ok = true;
  await using conn = await pool.getConnection();
  try {
    await conn.query('insert into t set ?', [row]);
  } catch {
    ok = false;
  }
  return ok;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function save(row: unknown) {
  let ok = true;
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } catch {
      ok = false;
    }
  } finally {
    conn.release();
  }
  return ok;
}`,
            },
          ],
        },
      ],
    },
    // mysql2, try/catch/finally: rollback in catch, but no release anywhere on the happy path.
    {
      code: `${MYSQL}
let inFlight = 0;
async function transfer(from: number) {
  const conn = await pool.getConnection();
  inFlight += 1;
  try {
    await conn.beginTransaction();
    await conn.query('update a set n = n - 1 where id = ?', [from]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    conn.release();
    throw error;
  } finally {
    inFlight -= 1;
  }
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the path that reaches the end of the function on line 18' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
let inFlight = 0;
async function transfer(from: number) {
  await using conn = await pool.getConnection();
  inFlight += 1;
  try {
    await conn.beginTransaction();
    await conn.query('update a set n = n - 1 where id = ?', [from]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    inFlight -= 1;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
let inFlight = 0;
async function transfer(from: number) {
  const conn = await pool.getConnection();
  try {
    inFlight += 1;
    try {
      await conn.beginTransaction();
      await conn.query('update a set n = n - 1 where id = ?', [from]);
      await conn.commit();
    } catch (error) {
      await conn.rollback();
      throw error;
    } finally {
      inFlight -= 1;
    }
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, nested try: the inner finally releases only after a query that may throw past it.
    {
      code: `${MYSQL}
async function upsert(row: unknown) {
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } finally {
      await conn.query('unlock tables');
      conn.release();
    }
  } catch {
    return false;
  }
  return true;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 13' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function upsert(row: unknown) {
  await using conn = await pool.getConnection();
  try {
    try {
      await conn.query('insert into t set ?', [row]);
    } finally {
      await conn.query('unlock tables');
    }
  } catch {
    return false;
  }
  return true;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function upsert(row: unknown) {
  const conn = await pool.getConnection();
  try {
    try {
      try {
        await conn.query('insert into t set ?', [row]);
      } finally {
        await conn.query('unlock tables');
      }
    } catch {
      return false;
    }
  } finally {
    conn.release();
  }
  return true;
}`,
            },
          ],
        },
      ],
    },
    // mysql2, return inside finally before the release.
    {
      code: `${MYSQL}
async function optimize(dryRun: boolean) {
  const conn = await pool.getConnection();
  try {
    await conn.query('optimize table t');
  } finally {
    if (dryRun) return false;
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 8' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function optimize(dryRun: boolean) {
  await using conn = await pool.getConnection();
  try {
    await conn.query('optimize table t');
  } finally {
    if (dryRun) return false;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function optimize(dryRun: boolean) {
  const conn = await pool.getConnection();
  try {
    try {
      await conn.query('optimize table t');
    } finally {
      if (dryRun) return false;
    }
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, `continue` in a for-of loop that acquires per iteration.
    {
      code: `${MYSQL}
async function insertAll(rows: unknown[]) {
  for (const row of rows) {
    const conn = await pool.getConnection();
    if (row === null) continue;
    try {
      await conn.query('insert into t set ?', [row]);
    } finally {
      conn.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `continue` on line 6' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'conn' },
              output: `${MYSQL}
async function insertAll(rows: unknown[]) {
  for (const row of rows) {
    const conn = await pool.getConnection();
    try {
      if (row === null) continue;
      await conn.query('insert into t set ?', [row]);
    } finally {
      conn.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, `break` in a classic for loop before the release.
    {
      code: `${MYSQL}
async function firstN(n: number) {
  for (let i = 0; i < 10; i++) {
    const conn = await pool.getConnection();
    if (i >= n) break;
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `break` on line 6' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function firstN(n: number) {
  for (let i = 0; i < 10; i++) {
    await using conn = await pool.getConnection();
    if (i >= n) break;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function firstN(n: number) {
  for (let i = 0; i < 10; i++) {
    const conn = await pool.getConnection();
    try {
      if (i >= n) break;
    } finally {
      conn.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, labelled `continue` to the outer loop skips the release.
    {
      code: `${MYSQL}
async function runAll(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const conn = await pool.getConnection();
      if (sql === '') continue outer;
      conn.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `continue` on line 7' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function runAll(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      await using conn = await pool.getConnection();
      if (sql === '') continue outer;
    }
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function runAll(groups: string[][]) {
  outer: for (const group of groups) {
    for (const sql of group) {
      const conn = await pool.getConnection();
      try {
        if (sql === '') continue outer;
      } finally {
        conn.release();
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, for-await whose iteration may throw before the release after the loop.
    {
      code: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  const conn = await pool.getConnection();
  for await (const sql of source) {
    if (sql === '') break;
  }
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if the `for await` iteration on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  await using conn = await pool.getConnection();
  for await (const sql of source) {
    if (sql === '') break;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function replay(source: AsyncIterable<string>) {
  const conn = await pool.getConnection();
  try {
    for await (const sql of source) {
      if (sql === '') break;
    }
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, while loop: `break` before the release.
    {
      code: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (true) {
    const conn = await pool.getConnection();
    if (n++ > limit) break;
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnBreak',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `break` on line 7' },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (true) {
    await using conn = await pool.getConnection();
    if (n++ > limit) break;
  }
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function poll(limit: number) {
  let n = 0;
  while (true) {
    const conn = await pool.getConnection();
    try {
      if (n++ > limit) break;
    } finally {
      conn.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, do-while: `continue` before the release.
    {
      code: `${MYSQL}
async function pages(count: number) {
  let page = 0;
  do {
    const conn = await pool.getConnection();
    page += 1;
    if (page === 2) continue;
    conn.release();
  } while (page < count);
}`,
      errors: [
        {
          messageId: 'leakOnContinue',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `continue` on line 8' },
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function pages(count: number) {
  let page = 0;
  do {
    await using conn = await pool.getConnection();
    page += 1;
    if (page === 2) continue;
  } while (page < count);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function pages(count: number) {
  let page = 0;
  do {
    const conn = await pool.getConnection();
    try {
      page += 1;
      if (page === 2) continue;
    } finally {
      conn.release();
    }
  } while (page < count);
}`,
            },
          ],
        },
      ],
    },
    // mysql2, switch: case 'read' falls through into a default that does not release.
    {
      code: `${MYSQL}
async function touch(mode: string) {
  let n = 0;
  const conn = await pool.getConnection();
  switch (mode) {
    case 'write':
      conn.release();
      break;
    case 'read':
      n += 1;
    // falls through
    default:
      n += 2;
  }
  return n;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 16' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql2, `&&`: released only when the rows came back.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  const [rows] = await conn.query(sql);
  rows && conn.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 7' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql2, `?.`: an optional call may throw before the release too.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  await conn.query?.(sql);
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.query(…)` on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function run(sql: string) {
  await using conn = await pool.getConnection();
  await conn.query?.(sql);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query?.(sql);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, `??` with a release that runs only when `verbose` is nullish.
    {
      code: `${MYSQL}
async function run(verbose?: boolean) {
  const conn = await pool.getConnection();
  verbose ?? conn.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the path that reaches the end of the function on line 6' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql2, promise chain `.then(onFulfilled)`: a failing query leaks the connection.
    {
      code: `${MYSQL}
async function rows(sql: string) {
  const conn = await pool.getConnection();
  return conn.query(sql).then(([result]) => {
    conn.release();
    return result;
  });
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.query(…)` on line 5 throws' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql, the driver's callback style: the connection is never released.
    {
      code: `${MYSQL_CALLBACK}
function run(sql: string) {
  pool.getConnection((err, conn) => {
    if (err) throw err;
    conn.query(sql);
  });
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 4,
          column: 3,
          endLine: 7,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // mysql, the driver's callback style: an early return before the release.
    {
      code: `${MYSQL_CALLBACK}
function run(sql: string) {
  pool.getConnection((err, conn) => {
    if (err) return;
    if (sql === '') return;
    conn.query(sql, () => conn.release());
  });
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the `return` on line 6' },
          line: 4,
          column: 3,
          endLine: 8,
          endColumn: 5,
          suggestions: [],
        },
      ],
    },
    // mysql2, a cleanup closure defined but never called.
    {
      code: `${MYSQL}
async function run() {
  const conn = await pool.getConnection();
  const done = () => conn.release();
  return conn.threadId;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // mysql2, passed to a same-file helper that only queries: a use, not a hand-off.
    {
      code: `${MYSQL}
async function insert(conn: unknown, row: unknown) {
  return (conn as { query(q: string, v: unknown[]): Promise<unknown> }).query('insert into t set ?', [row]);
}
async function run(row: unknown) {
  const conn = await pool.getConnection();
  await insert(conn, row);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function insert(conn: unknown, row: unknown) {
  return (conn as { query(q: string, v: unknown[]): Promise<unknown> }).query('insert into t set ?', [row]);
}
async function run(row: unknown) {
  await using conn = await pool.getConnection();
  await insert(conn, row);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function insert(conn: unknown, row: unknown) {
  return (conn as { query(q: string, v: unknown[]): Promise<unknown> }).query('insert into t set ?', [row]);
}
async function run(row: unknown) {
  const conn = await pool.getConnection();
  try {
    await insert(conn, row);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, overwriting a held connection.
    {
      code: `${MYSQL}
async function run() {
  let conn = await pool.getConnection();
  conn = await pool.getConnection();
  conn.release();
}`,
      errors: [
        {
          messageId: 'overwritten',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on line 5' },
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
    // mysql2, `await pool.getConnection();` discarded.
    {
      code: `${MYSQL}
async function warmUp() {
  await pool.getConnection();
}`,
      errors: [
        {
          messageId: 'discarded',
          data: { what: 'pool connection from `pool.getConnection()`' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 29,
          suggestions: [],
        },
      ],
    },
    // mysql2, released in one branch of an `if` only.
    {
      code: `${MYSQL}
async function run(ok: boolean) {
  const conn = await pool.getConnection();
  if (ok) conn.release();
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on the path that reaches the end of the function on line 6' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function run(ok: boolean) {
  await using conn = await pool.getConnection();
}`,
            },
          ],
        },
      ],
    },
    // mysql2, generator: a consumer that stops at the yield skips the release.
    {
      code: `${MYSQL}
async function* stream(sql: string) {
  const conn = await pool.getConnection();
  yield sql;
  conn.release();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if the consumer stops at the `yield` on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function* stream(sql: string) {
  await using conn = await pool.getConnection();
  yield sql;
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function* stream(sql: string) {
  const conn = await pool.getConnection();
  try {
    yield sql;
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, dead code: the release sits after a throw, so it never runs.
    {
      code: `${MYSQL}
async function fail() {
  const conn = await pool.getConnection();
  throw new Error('not implemented');
  conn.release();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function fail() {
  await using conn = await pool.getConnection();
  throw new Error('not implemented');
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function fail() {
  const conn = await pool.getConnection();
  try {
    throw new Error('not implemented');
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg Client: `new Client()` + `connect()`, and the query may throw before `end()`.
    {
      code: `import { Client } from 'pg';
async function migrate(sql: string) {
  const client = new Client();
  await client.connect();
  await client.query(sql);
  await client.end();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'client connection from `client.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.end()' },
              output: `import { Client } from 'pg';
async function migrate(sql: string) {
  const client = new Client();
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2 `createConnection()`: the query may throw before `end()`.
    {
      code: `import mysql from 'mysql2/promise';
async function once(sql: string) {
  const conn = await mysql.createConnection({});
  await conn.query(sql);
  await conn.end();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'connection from `mysql.createConnection()`', exit: 'if `conn.query(…)` on line 4 throws' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await conn.end()' },
              output: `import mysql from 'mysql2/promise';
async function once(sql: string) {
  const conn = await mysql.createConnection({});
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}`,
            },
          ],
        },
      ],
    },
    // generic-pool: `work()` may throw before `pool.release(resource)`.
    {
      code: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
async function use() {
  const resource = await pool.acquire();
  await work(resource);
  await pool.release(resource);
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'resource', what: 'pooled resource from `pool.acquire()`', exit: 'if `work(…)` on line 5 throws' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
    // TypeORM: the query runner is released only on the happy path.
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function run(sql: string) {
  const runner = dataSource.createQueryRunner();
  await runner.query(sql);
  await runner.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'runner', what: 'query runner from `dataSource.createQueryRunner()`', exit: 'if `runner.query(…)` on line 5 throws' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'runner', keyword: 'await using' },
              output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function run(sql: string) {
  await using runner = dataSource.createQueryRunner();
  await runner.query(sql);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await runner.release()' },
              output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function run(sql: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(sql);
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // MongoDB: `withTransaction` may throw before `endSession()`.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer(work: () => Promise<void>) {
  const session = client.startSession();
  await session.withTransaction(work);
  await session.endSession();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'session', what: 'session from `client.startSession()`', exit: 'if `session.withTransaction(…)` on line 5 throws' },
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await session.endSession()' },
              output: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer(work: () => Promise<void>) {
  const session = client.startSession();
  try {
    await session.withTransaction(work);
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    // oracledb: `execute` may throw before `close()`.
    {
      code: `import oracledb from 'oracledb';
async function count() {
  const connection = await oracledb.getConnection({ user: 'app' });
  const result = await connection.execute('select count(*) from t');
  await connection.close();
  return result;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'connection', what: 'connection from `oracledb.getConnection()`', exit: 'if `connection.execute(…)` on line 4 throws' },
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 67,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await connection.close()' },
              output: `import oracledb from 'oracledb';
async function count() {
  const connection = await oracledb.getConnection({ user: 'app' });
  let result;
  try {
    result = await connection.execute('select count(*) from t');
  } finally {
    await connection.close();
  }
  return result;
}`,
            },
          ],
        },
      ],
    },
    // mssql: a `ConnectionPool` opened here is never closed.
    {
      code: `import sql from 'mssql';
async function count(config: sql.config) {
  const pool = new sql.ConnectionPool(config);
  await pool.connect();
  return pool.query('select count(*) from t');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'pool', what: 'connection pool from `pool.connect()`', release: 'pool.close()' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await pool.close()' },
              output: `import sql from 'mssql';
async function count(config: sql.config) {
  const pool = new sql.ConnectionPool(config);
  await pool.connect();
  try {
    return await pool.query('select count(*) from t');
  } finally {
    await pool.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // Option `resources`: `*.openSession` → `close`; the run may throw before the close.
    {
      code: `async function run(db: { openSession(): { run(q: string): Promise<void>; close(): void } }, q: string) {
  const session = db.openSession();
  await session.run(q);
  session.close();
}`,
      options: [{"resources":[{"acquire":["*.openSession"],"release":["close"],"description":"graph session"}]}],
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'session', what: 'graph session from `db.openSession()`', exit: 'if `session.run(…)` on line 3 throws' },
          line: 2,
          column: 19,
          endLine: 2,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'session.close()' },
              output: `async function run(db: { openSession(): { run(q: string): Promise<void>; close(): void } }, q: string) {
  const session = db.openSession();
  try {
    await session.run(q);
  } finally {
    session.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // Without the `releasers` option, `giveBack(client)` is an unknown helper: a use, not a release.
    {
      code: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    giveBack(client);
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    try {
      await client.query(sql);
    } finally {
      giveBack(client);
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Option `releasers`: the connection is handed to `giveBack` only on the happy path.
    {
      code: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  giveBack(client);
}`,
      options: [{"releasers":["giveBack"]}],
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 6 throws' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
  ],
});

describe('no-leaked-connection options', () => {
  // @typescript-eslint/rule-tester has no case shape for "this configuration is rejected", so bad
  // options are checked through ESLint's Linter, which throws the schema error on verify.
  const linter = new Linter({ configType: 'flat' });
  const lintWith = (options: unknown): Linter.LintMessage[] =>
    linter.verify(
      'const a = 1;',
      {
        files: ['**/*.ts'],
        // typescript-eslint's RuleModule and ESLint's Plugin type describe the same object.
        plugins: { leakguard: { rules: { 'no-leaked-connection': rule } } as unknown as ESLint.Plugin },
        languageOptions: { parser: tsParser },
        rules: { 'leakguard/no-leaked-connection': ['error', options] },
      },
      { filename: 'file.ts' },
    );

  it('accepts the documented options', () => {
    expect(
      lintWith({ resources: [{ acquire: ['*.openSession', 'db.begin', 'connect'], release: ['close'], releaseVia: ['giveBack'], description: 'session' }], releasers: ['giveBack'] }),
    ).toEqual([]);
  });

  it('rejects an unknown option', () => {
    expect(() => lintWith({ resource: [] })).toThrow(/should NOT have additional properties/);
  });

  it('rejects a resource without a release list', () => {
    expect(() => lintWith({ resources: [{ acquire: ['*.openSession'] }] })).toThrow(/should have required property 'release'/);
  });

  it('rejects an acquire pattern that is not *.method, receiver.method or a function name', () => {
    expect(() => lintWith({ resources: [{ acquire: ['db.open()'], release: ['close'] }] })).toThrow(/should match pattern/);
  });

  it('rejects an empty releaser name', () => {
    expect(() => lintWith({ releasers: [''] })).toThrow(/Value "" should match pattern/);
  });
});
