// no-leaked-connection, escapes: returned, stored on `this` or an outer variable, captured by a
// closure, passed to an escaping constructor or to a callee that takes ownership.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, MYSQL_CALLBACK, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
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
    // ioredis, a client only closures use, in an adapter object given to an escaping
    // constructor (typebot's rate limiter): the limiter the caller gets owns it.
    {
      code: `import Redis from 'ioredis';
import { Ratelimit } from '@upstash/ratelimit';
export function createRateLimiter(url: string) {
  const redis = new Redis(url);
  const adapter = {
    sadd: (key: string, ...members: string[]) => redis.sadd(key, ...members),
    eval(script: string, keys: string[]) { return redis.eval(script, keys.length, ...keys); },
  };
  return new Ratelimit({ redis: adapter });
}`,
    },
    // pg, a returned query function and a closure stored on \`this\` take the client along.
    {
      code: `${PG}
export async function querier() {
  const client = await pool.connect();
  return (sql: string) => client.query(sql);
}
export class Repo {
  run?: (sql: string) => Promise<unknown>;
  async open() {
    const client = await pool.connect();
    this.run = (sql) => client.query(sql);
  }
}`,
    },
    // ioredis, a client registered in a dependency-injection container (inversify) or an
    // application registry (fastify's decorate) lives as long as the application.
    {
      code: `import Redis from 'ioredis';
import { Container } from 'inversify';
export async function load(url: string, app: { decorate(name: string, value: unknown): void }) {
  const container = new Container();
  let redis;
  if (url.includes(',')) {
    redis = new Redis.Cluster(url.split(','));
  } else {
    redis = new Redis(url);
  }
  container.bind('Redis').toConstantValue(redis);
  const cache = new Redis(url);
  app.decorate('cache', cache);
  return container;
}`,
    },
    // ioredis, both clients given to socket.io's redis adapter, which the returned server
    // keeps: the adapter owns them. Making the duplicate cannot throw (it builds a client).
    {
      code: `import Redis from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
export function initialize(port: number) {
  const pubClient = new Redis({ port });
  const subClient = pubClient.duplicate();
  const io = new Server({
    adapter: createAdapter(pubClient, subClient, { key: 'app:' }),
  });
  return io;
}`,
    },
  ],
  invalid: [
    // pg, a closure that uses the client is passed to a call, not returned: a use, and the
    // client is never released.
    {
      code: `${PG}
export async function each(rows: string[]) {
  const client = await pool.connect();
  await Promise.all(rows.map((sql) => client.query(sql)));
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
export async function each(rows: string[]) {
  const client = await pool.connect();
  try {
    await Promise.all(rows.map((sql) => client.query(sql)));
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, the function releases the client itself, so a returned object with a closure
    // over it does not take it over: the query that may throw first leaks it.
    {
      code: `${PG}
export async function stats() {
  const client = await pool.connect();
  const res = await client.query('select 1');
  client.release();
  return { rows: res.rows, again: () => client.query('select 1') };
}`,
      errors: [{ messageId: 'leakOnThrow', line: 4, column: 24, endLine: 4, endColumn: 38 }],
    },
    // pg, the function releases the client itself: an object built on it by a call is no
    // hand-off, and the query that may throw first leaks it.
    {
      code: `${PG}
declare function describe(client: pg.PoolClient): string;
export async function stats() {
  const client = await pool.connect();
  const info = { name: describe(client) };
  await client.query('select 1');
  client.release();
  return info;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
declare function describe(client: pg.PoolClient): string;
export async function stats() {
  const client = await pool.connect();
  let info;
  try {
    info = { name: describe(client) };
    await client.query('select 1');
  } finally {
    client.release();
  }
  return info;
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
  ],
});
