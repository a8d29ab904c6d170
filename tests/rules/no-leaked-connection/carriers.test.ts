// no-leaked-connection, wrappers and components kept in a local (src/lifetime/carriers.ts):
// `new Session(client)`, `{ client }` and `(await pool.getConnection()).connection` are a
// use when the function itself releases the resource (directly or through the carrier's
// property); without such a release the wrapping stays a hand-over.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

const SESSION = `class Session {
  constructor(public client: pg.PoolClient) {}
  run(sql: string) { return this.client.query(sql); }
}`;

const CLOSING = `class Closing {
  constructor(private client: pg.PoolClient, private owned = true) {}
  run(sql: string) { return this.client.query(sql); }
  close() { this.client.release(); }
  closeIfOwned() { if (this.owned) this.client.release(); }
}`;

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // The wrapper stays local and every path after the acquisition reaches the release.
    {
      code: `${PG}
${SESSION}
export async function transaction(fn: (s: Session) => Promise<void>) {
  const client = await pool.connect();
  const session = new Session(client);
  try {
    await session.run('begin');
    await fn(session);
  } finally {
    client.release();
  }
}`,
    },
    // Acquired straight into the wrapper and released through its field in a `finally`.
    {
      code: `${PG}
${SESSION}
export async function run(sql: string) {
  const session = new Session(await pool.connect());
  try {
    return await session.run(sql);
  } finally {
    session.client.release();
  }
}`,
    },
    // The wrapper is returned and the function never releases the client: the caller owns both.
    {
      code: `${PG}
${SESSION}
export async function open() {
  const client = await pool.connect();
  const session = new Session(client);
  await session.run('set search_path to app');
  return session;
}`,
    },
    // Stored on `this`, directly or through a local: the object owns the client from then on.
    {
      code: `${PG}
${SESSION}
export class Holder {
  session?: Session;
  async open() {
    const client = await pool.connect();
    const session = new Session(client);
    this.session = session;
    await session.run('set search_path to app');
  }
  async openDirect() {
    this.session = new Session(await pool.connect());
    await this.session.run('set search_path to app');
  }
}`,
    },
    // Released by the wrapper's own method, whose class is not in view: nothing corroborates
    // that this function owns the client, so the wrapping stays a hand-over.
    {
      code: `${PG}
import { Remote } from './remote';
export async function call(sql: string) {
  const remote = new Remote(await pool.connect());
  await remote.run(sql);
  await remote.close();
}
export async function call2(sql: string) {
  const client = await pool.connect();
  const remote = new Remote(client);
  await remote.run(sql);
  remote.close();
}`,
    },
    // A class in view whose constructor does more than store the client (registers a
    // listener) is no plain wrapper: a hand-over, as before.
    {
      code: `${PG}
class Watched {
  client: pg.PoolClient;
  constructor(client: pg.PoolClient) {
    this.client = client;
    client.on('error', () => {});
  }
}
export async function watch() {
  const client = await pool.connect();
  const watched = new Watched(client);
  await watched.client.query('select 1');
  client.release();
}`,
    },
    // A release through a field the constructor does not store the client in is no release
    // of it: nothing corroborates ownership.
    {
      code: `${PG}
${SESSION}
export async function other(log: { release(): void }) {
  const session = new Session(await pool.connect());
  await session.run('select 1');
  (session as unknown as { log: typeof log }).log.release();
}`,
    },
    // Put in a map before anything can throw: the map keeps it.
    {
      code: `${PG}
${SESSION}
export async function keep(sessions: Map<string, Session>, id: string) {
  const client = await pool.connect();
  const session = new Session(client);
  sessions.set(id, session);
  await session.run('select 1');
  client.release();
}`,
    },
    // mysql2: the callback-API view of a promise pool connection, released through it in a
    // \`finally\` (drizzle's mysql2 iterator): the same connection, not a discarded one.
    {
      code: `${MYSQL}
export async function* rows(sql: string) {
  const conn = (await pool.getConnection()).connection;
  try {
    yield* conn.query(sql);
  } finally {
    conn.release();
  }
}`,
    },
    // drizzle's mysql2 iterator: the callback-API \`query()\` and its \`stream()\` report
    // failures as events (the model's \`components\` with \`quietMethods\` / \`quietResults\`),
    // so nothing before the \`try\` can skip the \`end()\` in its \`finally\`.
    {
      code: `${MYSQL}
export async function* rows(sql: string, raw: string, mapped: boolean) {
  const conn = (await pool.getConnection()).connection;
  const query = mapped ? conn.query(sql) : conn.query(raw);
  const stream = query.stream();
  stream.on('data', () => stream.pause());
  try {
    yield* stream;
  } finally {
    stream.off('data', () => {});
    conn.end();
  }
}`,
    },
    // A wrapper class in view whose method releases the field unconditionally: its call is
    // the release, in a \`finally\`.
    {
      code: `${PG}
${CLOSING}
export async function run(fn: (s: Closing) => Promise<void>) {
  const session = new Closing(await pool.connect());
  try {
    await session.run('begin');
    await fn(session);
  } finally {
    session.close();
  }
}`,
    },
    // A method that releases only under a condition of its own says nothing about who owns
    // the client: the wrapping stays a hand-over.
    {
      code: `${PG}
${CLOSING}
export async function run(fn: (s: Closing) => Promise<void>) {
  const session = new Closing(await pool.connect());
  await session.run('begin');
  await fn(session);
  session.closeIfOwned();
}`,
    },
    // Constructors that do more than store the client: one registers a listener through the
    // field, the other keeps the client in a second field under a condition. Neither is a
    // plain wrapper, also when the client comes beside a wrapper that is one, so both
    // stay hand-overs (the transaction object may have released it already).
    {
      code: `${PG}
class Tracker {
  constructor(private readonly client: pg.PoolClient) {
    this.client.on('error', () => {});
  }
}
class Plain {
  constructor(private readonly client: pg.PoolClient) {}
}
class Transaction {
  private readonly scope: object;
  constructor(private readonly client: pg.PoolClient, readonly plain?: Plain, options: { scope?: object } = {}) {
    this.scope = options.scope ?? client;
  }
  run(sql: string) { return this.client.query(sql); }
  isCompleted() { return false; }
}
export async function tracked() {
  const client = await pool.connect();
  const tracker = new Tracker(client);
  await client.query('SET search_path TO app');
  if (tracker) client.release();
}
export async function begin() {
  const client = await pool.connect();
  const plain = new Plain(client);
  const transaction = new Transaction(client, plain);
  try {
    await transaction.run('BEGIN');
    return transaction;
  } catch (error) {
    if (!transaction.isCompleted()) client.release();
    throw error;
  }
}`,
    },
    // A wrapper returned after a release on the failing path: the caller gets the wrapper,
    // not a connection of its own to release, so \`getSession()\` is no acquirer.
    {
      code: `${PG}
${SESSION}
async function getSession() {
  const session = new Session(await pool.connect());
  try {
    await session.run('SET search_path TO app');
  } catch (error) {
    session.client.release();
    throw error;
  }
  return session;
}
export async function use() {
  const session = await getSession();
  await session.run('select 1');
}`,
    },
  ],
  invalid: [
    // The wrapper stays local and the function releases the client itself: `session.run`
    // before the \`try\` leaks the client when it throws (drizzle's \`transaction()\` shape).
    {
      code: `${PG}
${SESSION}
export async function transaction(fn: (s: Session) => Promise<void>) {
  const client = await pool.connect();
  const session = new Session(client);
  await session.run('begin');
  try {
    await fn(session);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `session.run(…)` on line 10 throws' },
          line: 8,
          column: 24,
          endLine: 8,
          endColumn: 38,
        },
      ],
    },
    // An object literal kept in a local: `BEGIN` through it before the \`try\`.
    {
      code: `${PG}
export async function transaction(fn: (tx: { client: pg.PoolClient }) => Promise<void>) {
  const client = await pool.connect();
  const tx = { client };
  await tx.client.query('begin');
  try {
    await fn(tx);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `tx.client.query(…)` on line 6 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
        },
      ],
    },
    // drizzle's shape: acquired into a wrapper under a choice, wrapped again in a
    // transaction object (its class not in view), released through the first wrapper's
    // field under the same condition; \`BEGIN\` before the \`try\` leaks it.
    {
      code: `${PG}
import { Transaction } from './transaction';
${SESSION}
export class Database {
  constructor(private client: pg.Pool | Session) {}
  async transaction(fn: (tx: Transaction) => Promise<void>) {
    const isPool = this.client instanceof pg.Pool;
    const session = isPool ? new Session(await (this.client as pg.Pool).connect()) : this.client;
    const tx = new Transaction(session);
    await tx.execute('begin');
    try {
      await fn(tx);
      await tx.execute('commit');
    } finally {
      if (isPool) (session.client as pg.PoolClient).release();
    }
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: {
            name: 'session.client',
            what: 'pool connection from `(this.client as pg.Pool).connect()`',
            exit: 'if `tx.execute(…)` on line 14 throws',
          },
          line: 12,
          column: 48,
          endLine: 12,
          endColumn: 82,
        },
      ],
    },
    // TypeORM: the manager read from a fresh query runner, released through its
    // \`queryRunner\` property; the save before it leaks the runner when it throws.
    {
      code: `import { DataSource } from 'typeorm';
export async function save(ds: DataSource, post: object) {
  const em = ds.createQueryRunner().manager;
  await em.save(post);
  await em.queryRunner!.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'em', what: 'query runner from `ds.createQueryRunner()`', exit: 'if `em.save(…)` on line 4 throws' },
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    // mysql2: the callback-API view, used through its promise API before the \`try\` whose
    // \`finally\` releases it: that query rejects.
    {
      code: `${MYSQL}
export async function names(sql: string) {
  const conn = (await pool.getConnection()).connection;
  await conn.promise().query('SET NAMES utf8mb4');
  try {
    return await conn.promise().query(sql);
  } finally {
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'if `conn.promise().query(…)` on line 5 throws' },
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 43,
        },
      ],
    },
    // The callback-API view is the pool connection itself (the model's \`components\`): kept and
    // queried but never released, it is reported though nothing releases it here.
    {
      code: `${MYSQL}
export async function dump(sql: string) {
  const conn = (await pool.getConnection()).connection;
  conn.query(sql).stream().pipe(process.stdout);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 43,
        },
      ],
    },
    // A component read from the connection and never released through: the connection is
    // dropped, as before.
    {
      code: `${MYSQL}
export async function id() {
  const threadId = (await pool.getConnection()).threadId;
  return threadId;
}`,
      errors: [
        {
          messageId: 'discarded',
          data: { what: 'pool connection from `pool.getConnection()`' },
          line: 4,
          column: 27,
          endLine: 4,
          endColumn: 47,
        },
      ],
    },
    // The same class's releasing method, reached only after \`BEGIN\` ran outside the \`try\`.
    {
      code: `${PG}
${CLOSING}
export async function run(fn: (s: Closing) => Promise<void>) {
  const session = new Closing(await pool.connect());
  await session.run('begin');
  try {
    await fn(session);
  } finally {
    session.close();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'session.client', what: 'pool connection from `pool.connect()`', exit: 'if `session.run(…)` on line 11 throws' },
          line: 10,
          column: 37,
          endLine: 10,
          endColumn: 51,
        },
      ],
    },
  ],
});
