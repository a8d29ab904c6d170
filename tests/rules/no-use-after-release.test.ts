import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-use-after-release.js';

// Headers: the code of a case proper starts on line 3.
const PG = `import pg from 'pg';
const pool = new pg.Pool();`;
const MYSQL = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});`;
const KNEX = `import knex from 'knex';
const db = knex({ client: 'pg' });`;
const MONGO = `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');`;

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-use-after-release', rule, {
  valid: [
    // Ending the pool after giving the connection back closes the pool's idle connections,
    // this one among them: not a second release (the model's \`releasedByReceiver\`).
    `import mysql from 'mysql2/promise';
export async function migrate(uri: string) {
  const pool = mysql.createPool(uri);
  const connection = await pool.getConnection();
  try {
    await connection.query('select 1');
  } finally {
    connection.release();
    await pool.end();
  }
}`,
    // A redis client connected again after \`disconnect()\` is open again (the model's
    // \`reopenedBy\`): neither the \`connect()\` nor the reads after it are uses after release.
    `import Redis from 'ioredis';
const redis = new Redis();
export async function reconnect(key: string) {
  const reader = redis.duplicate();
  await reader.connect();
  reader.disconnect();
  await reader.connect();
  const value = await reader.get(key);
  reader.disconnect();
  return value;
}`,
    // A rollback guarded by the transaction's own state (Sequelize sets \`finished\` on commit)
    // runs only while it is open: no second release.
    `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function move() {
  const transaction = await sequelize.transaction();
  try {
    await User.create({ name: 'a' }, { transaction });
    await transaction.commit();
  } finally {
    if (!transaction.finished) await transaction.rollback();
  }
}`,
    // Released once, in finally.
    `${PG}
async function read(id) {
  const client = await pool.connect();
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    // Released on an early exit, used only on the other path.
    `${PG}
async function read(id) {
  const client = await pool.connect();
  if (!id) {
    client.release();
    return null;
  }
  const res = await client.query('SELECT * FROM t WHERE id = $1', [id]);
  client.release();
  return res.rows[0];
}`,
    // A flag that records the release guards the second one.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query(sql);
    client.release();
    released = true;
    await notify();
  } finally {
    if (!released) client.release();
  }
}`,
    // A new connection each iteration.
    `${PG}
async function each(items) {
  for (const item of items) {
    const client = await pool.connect();
    await client.query('INSERT INTO t VALUES ($1)', [item]);
    client.release();
  }
}`,
    // Reassigned to a fresh connection after the release.
    `${PG}
async function twice() {
  let client = await pool.connect();
  await client.query('SELECT 1');
  client.release();
  client = await pool.connect();
  await client.query('SELECT 2');
  client.release();
}`,
    // A pg transaction ended by COMMIT leaves the client usable.
    `${PG}
async function run() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES (1)');
    await client.query('COMMIT');
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    // Closing a MongoDB cursor twice is harmless.
    `${MONGO}
async function firstDoc(db) {
  const cursor = db.collection('t').find({});
  try {
    const doc = await cursor.next();
    await cursor.close();
    return doc;
  } finally {
    await cursor.close();
  }
}`,
    // A commit that throws is no release: rolling back in catch is right (knex).
    `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  try {
    await trx('users').insert(user);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
    // MongoDB: ending the session after its transaction is harmless.
    `${MONGO}
async function move(orders) {
  const session = client.startSession();
  try {
    session.startTransaction();
    await orders.insertOne({}, { session });
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
    // A release in \`?.\` form, and a released client that is not used again.
    `${PG}
async function maybe() {
  let client;
  try {
    client = await pool.connect();
    await client.query('SELECT 1');
  } finally {
    client?.release();
  }
}`,
    // Dead code after the release.
    `${PG}
async function dead() {
  const client = await pool.connect();
  client.release();
  return;
  await client.query('SELECT 1');
}`,
    // A callback that runs later is not "after" in this function's flow.
    `${PG}
async function later() {
  const client = await pool.connect();
  client.release();
  setTimeout(() => client.query('SELECT 1'), 10);
}`,
  ],
  invalid: [
    // The other order: the pool has closed every connection, this one too, before \`release()\`.
    {
      code: `import mysql from 'mysql2/promise';
export async function migrate(uri: string) {
  const pool = mysql.createPool(uri);
  const connection = await pool.getConnection();
  await connection.query('select 1');
  await pool.end();
  connection.release();
}`,
      errors: [{ messageId: 'releasedTwice', line: 7 }],
    },
    // A query after release: the client may already serve another request.
    {
      code: `${PG}
async function audit(id) {
  const client = await pool.connect();
  const res = await client.query('SELECT * FROM t WHERE id = $1', [id]);
  client.release();
  await client.query('INSERT INTO audit VALUES ($1)', [id]);
  return res.rows;
}`,
      errors: [
        {
          messageId: 'usedAfterRelease',
          line: 7,
          data: {
            name: 'client',
            what: 'pool connection from `pool.connect()`',
            use: "client.query('INSERT INTO audit VALUES…",
            release: 'client.release()',
            line: '6',
          },
        },
      ],
    },
    // Released in catch and again in finally.
    {
      code: `${PG}
async function run(sql) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } catch (error) {
    client.release();
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 11,
          data: {
            name: 'client',
            what: 'pool connection from `pool.connect()`',
            use: 'client.release()',
            release: 'client.release()',
            line: '8',
          },
        },
      ],
    },
    // Released on one branch, used after the branches join.
    {
      code: `${PG}
async function maybe(id, quick) {
  const client = await pool.connect();
  if (quick) {
    client.release();
  }
  const res = await client.query('SELECT 1');
  if (!quick) client.release();
  return res;
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 8 }],
    },
    // mysql2: released twice.
    {
      code: `${MYSQL}
async function run(sql) {
  const conn = await pool.getConnection();
  try {
    await conn.query(sql);
    conn.release();
  } finally {
    conn.release();
  }
}`,
      errors: [{ messageId: 'releasedTwice', line: 9 }],
    },
    // knex: a statement on a committed transaction, and a second commit.
    {
      code: `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  try {
    await trx.insert(user).into('users');
    await trx.commit();
    await trx.insert({ user: user.id }).into('audit');
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 8 }, { messageId: 'releasedTwice', line: 10 }],
    },
    // A generator that releases before its last yield and then queries.
    {
      code: `${PG}
async function* pages() {
  const client = await pool.connect();
  const first = await client.query('SELECT 1');
  client.release();
  yield first.rows;
  yield (await client.query('SELECT 2')).rows;
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 8 }],
    },
    // \`&&\`: released when a condition holds, then used.
    {
      code: `${PG}
async function run(done) {
  const client = await pool.connect();
  done && client.release();
  await client.query('SELECT 1');
  client.release();
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 6 }, { messageId: 'releasedTwice', line: 7 }],
    },
    // knex: the transaction is itself a query builder; calling it after commit is a use.
    {
      code: `${KNEX}
async function remove(id) {
  const trx = await db.transaction();
  await trx('accounts').where({ id }).update({ closing: true });
  await trx.commit();
  await trx('accounts').where({ id }).del();
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 7 }],
    },
    // A MongoDB cursor read after close.
    {
      code: `${MONGO}
async function peek(db) {
  const cursor = db.collection('t').find({});
  const first = await cursor.next();
  await cursor.close();
  const second = await cursor.next();
  return [first, second];
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 7 }],
    },
    // A loop that releases inside and queries again on the next turn.
    {
      code: `${PG}
async function each(items) {
  const client = await pool.connect();
  for (const item of items) {
    await client.query('INSERT INTO t VALUES ($1)', [item]);
    if (item.last) client.release();
  }
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 6 }],
    },
    // A declared resource (settings.leakguard.resources) used after its release.
    {
      code: `async function report(db) {
  const session = db.openSession();
  session.close();
  return session.run('MATCH (n) RETURN n');
}`,
      settings: {
        leakguard: { resources: [{ acquire: ['*.openSession'], release: ['close'], uses: ['run'], description: 'graph session' }] },
      },
      errors: [
        {
          messageId: 'usedAfterRelease',
          line: 4,
          data: {
            name: 'session',
            what: 'graph session from `db.openSession()`',
            use: "session.run('MATCH (n) RETURN n')",
            release: 'session.close()',
            line: '3',
          },
        },
      ],
    },
    // postgres.js: the tagged query after `release()` runs on a connection given back (a
    // template tagged with a callable resource is a call of it).
    {
      code: `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function count() {
  const reserved = await sql.reserve();
  reserved.release();
  return reserved\`select 1\`;
}`,
      errors: [{ messageId: 'usedAfterRelease', line: 6, column: 10, endLine: 6, endColumn: 28 }],
    },
  ],
});
