import { RuleTester } from '@typescript-eslint/rule-tester';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unsettled-transaction.js';

// Headers: the code of a case proper starts on line 3.
const PG = `import pg from 'pg';
const pool = new pg.Pool();`;
const MYSQL = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});`;
const KNEX = `import knex from 'knex';
const db = knex({ client: 'pg' });`;
const SEQUELIZE = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');`;
const TYPEORM = `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });`;
const MONGO = `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');`;

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-unsettled-transaction', rule, {
  valid: [
    // pg: BEGIN / COMMIT with ROLLBACK in catch and release in finally (the canonical form).
    `${PG}
async function transfer(from, to, amount) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
    // BEGIN outside the try, with options; END and lower case.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  await client.query('begin isolation level serializable');
  try {
    await client.query(sql);
    await client.query('end');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}`,
    // Destroying the client (release(err)) ends the transaction with the connection.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(sql);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    client.release(error);
    throw error;
  }
}`,
    // A multi-statement string that ends its own transaction.
    `${PG}
async function run() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN; UPDATE t SET n = n + 1; COMMIT;');
  } finally {
    client.release();
  }
}`,
    // A savepoint rollback does not end the transaction, but the final ROLLBACK does.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SAVEPOINT a');
    try {
      await client.query(sql);
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT a');
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
    // A client passed in: the caller may settle it.
    `${PG}
async function begin(client) {
  await client.query('BEGIN');
}`,
    // Plain queries are no transaction.
    `${PG}
async function read(id) {
  const client = await pool.connect();
  try {
    return await client.query('SELECT * FROM t WHERE id = $1', [id]);
  } finally {
    client.release();
  }
}`,
    // mysql2: beginTransaction / commit / rollback.
    `${MYSQL}
async function order(items) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    for (const item of items) {
      await conn.execute('INSERT INTO items VALUES (?)', [item]);
    }
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}`,
    // knex: the handler form settles itself, with or without config.
    `${KNEX}
async function create(user) {
  return db.transaction(async (trx) => {
    await trx('users').insert(user);
  });
}`,
    `${KNEX}
async function create(user) {
  return db.transaction(async (trx) => trx('users').insert(user), { isolationLevel: 'serializable' });
}`,
    // knex: the unmanaged form, settled on every path.
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
    // A transaction returned or passed on to whoever settles it.
    `${KNEX}
function start() {
  return db.transaction();
}`,
    `${KNEX}
async function start(unitOfWork) {
  const trx = await db.transaction();
  unitOfWork.trx = trx;
}`,
    // Sequelize: managed and unmanaged forms.
    `${SEQUELIZE}
async function create(User, data) {
  return sequelize.transaction(async (t) => User.create(data, { transaction: t }));
}`,
    `${SEQUELIZE}
async function create(User, data) {
  const t = await sequelize.transaction();
  try {
    const user = await User.create(data, { transaction: t });
    await t.commit();
    return user;
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
    // TypeORM: a query runner's transaction, settled and released.
    `${TYPEORM}
async function save(entity) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.manager.save(entity);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
    // TypeORM / Prisma callback forms.
    `${TYPEORM}
async function save(entity) {
  await dataSource.transaction(async (manager) => {
    await manager.save(entity);
  });
}`,
    `async function save(prisma, a, b) {
  await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: a });
    await tx.user.create({ data: b });
  });
}`,
    // MongoDB: endSession aborts a transaction still in progress.
    `${MONGO}
async function move(a, b) {
  const session = client.startSession();
  try {
    session.startTransaction();
    await a.insertOne({}, { session });
    await b.deleteOne({}, { session });
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
    // MongoDB withTransaction settles itself.
    `${MONGO}
async function move(a, b) {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      await a.insertOne({}, { session });
    });
  } finally {
    await session.endSession();
  }
}`,
    // A SQL builder's beginTransaction() in a file that uses no MySQL driver (dbgate's dumper).
    `async function script(driver, dbhan) {
  const dmp = driver.createDumper();
  dmp.beginTransaction();
  await dbhan.client.run(dmp.s);
}`,
    // The managed form with the callback passed by name (outline).
    `${SEQUELIZE}
async function subscribe(work) {
  const run = (t) => work(t);
  await sequelize.transaction(run);
}`,
    // Kysely's transaction builder in a file that also imports knex: \`db\` is built by
    // \`new Kysely(…)\` in view, so its name proves nothing (pg-boss).
    `${KNEX}
import { Kysely } from 'kysely';
async function insertOne(dialect) {
  const db = new Kysely({ dialect });
  return db.transaction().execute(async (trx) => trx.selectFrom('t').selectAll().execute());
}`,
    // Settled through a promise chain.
    `${KNEX}
function create(user) {
  return db.transaction().then((trx) => trx('users').insert(user).then(trx.commit).catch(trx.rollback));
}`,
    // \`?.\` on the rollback, nested try, return inside finally.
    `${KNEX}
async function create(user) {
  let trx;
  try {
    trx = await db.transaction();
    try {
      await trx('users').insert(user);
    } finally {
      log('insert done');
    }
    await trx.commit();
  } catch (error) {
    await trx?.rollback();
    throw error;
  }
}`,
    // Dead code after a return.
    `${KNEX}
async function never(user) {
  return null;
  const trx = await db.transaction();
  await trx('users').insert(user);
}`,
    // \`&&\` and \`??\` in the settling code.
    `${SEQUELIZE}
async function create(User, data, opts) {
  const t = await sequelize.transaction();
  try {
    await User.create(data, { transaction: t });
    opts?.dryRun ? await t.rollback() : await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
    // A rollback guarded by a flag that says whether the commit ran.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  let committed = false;
  try {
    await client.query('BEGIN');
    await client.query(sql);
    await client.query('COMMIT');
    committed = true;
  } finally {
    if (!committed) await client.query('ROLLBACK');
    client.release();
  }
}`,
  ],
  invalid: [
    // No rollback: a failing statement leaves the transaction open, and finally hands the
    // client back to the pool inside it.
    {
      code: `${PG}
async function transfer(from, to) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - 1 WHERE id = $1', [from]);
    await client.query('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [to]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'abandoned',
          line: 6,
          data: {
            name: 'client',
            what: "transaction from `client.query('BEGIN')`",
            call: 'client.release()',
            line: '11',
          },
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'client', call: "await client.query('ROLLBACK')" },
              output: `${PG}
async function transfer(from, to) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('UPDATE accounts SET balance = balance - 1 WHERE id = $1', [from]);
      await client.query('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [to]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
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
    // An early return between BEGIN and COMMIT.
    {
      code: `${PG}
async function pay(order) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const res = await client.query('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [order]);
    if (res.rows.length === 0) return false;
    await client.query('UPDATE orders SET paid = true WHERE id = $1', [order]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'abandoned', line: 6 }],
    },
    // Not released at all: the transaction leaks with the connection.
    {
      code: `${PG}
async function run(sql) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(sql);
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          data: { name: 'client', what: "transaction from `client.query('BEGIN')`", exit: 'if `client.query(…)` on line 6 throws' },
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'client', call: "await client.query('ROLLBACK')" },
              output: `${PG}
async function run(sql) {
  const client = await pool.connect();
  await client.query('BEGIN');
  try {
    await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  client.release();
}`,
            },
          ],
        },
      ],
    },
    // START TRANSACTION on mysql2 with query().
    {
      code: `${MYSQL}
async function run(sql) {
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    await conn.query(sql);
    await conn.query('COMMIT');
  } finally {
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'abandoned',
          line: 6,
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'conn', call: "await conn.query('ROLLBACK')" },
              output: `${MYSQL}
async function run(sql) {
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    try {
      await conn.query(sql);
      await conn.query('COMMIT');
    } catch (error) {
      await conn.query('ROLLBACK');
      throw error;
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
    // mysql2 beginTransaction with a break in a loop.
    {
      code: `${MYSQL}
async function importRows(rows) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    for (const row of rows) {
      if (!row.valid) break;
      await conn.execute('INSERT INTO t VALUES (?)', [row.value]);
    }
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}
async function importSome(rows) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    loop: for (const row of rows) {
      if (row.skip) continue loop;
      if (row.last) return;
      await conn.execute('INSERT INTO t VALUES (?)', [row.value]);
    }
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}`,
      errors: [{ messageId: 'abandoned', line: 22, data: { name: 'conn', what: 'transaction from `conn.beginTransaction()`', call: 'conn.release()', line: '33' } }],
    },
    // knex: no rollback when the insert throws.
    {
      code: `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  await trx('users').insert(user);
  await trx.commit();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          data: { name: 'trx', what: 'knex transaction from `db.transaction()`', exit: "if `trx('users').insert(…)` on line 5 throws" },
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'trx', call: 'await trx.rollback()' },
              output: `${KNEX}
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
            },
          ],
        },
      ],
    },
    // knex: an early return skips the commit.
    {
      code: `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  try {
    const existing = await trx('users').where({ email: user.email }).first();
    if (existing) return existing;
    await trx('users').insert(user);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'leakOnReturn', line: 4, data: { name: 'trx', what: 'knex transaction from `db.transaction()`', exit: 'on the `return` on line 7' } }],
    },
    // Sequelize: the catch logs and swallows without rolling back.
    {
      code: `${SEQUELIZE}
async function create(User, data) {
  const t = await sequelize.transaction();
  try {
    await User.create(data, { transaction: t });
    await t.commit();
  } catch (error) {
    console.error(error);
  }
}`,
      errors: [{ messageId: 'leakAtEnd', line: 4 }],
    },
    // Sequelize: never settled.
    {
      code: `${SEQUELIZE}
async function create(User, data) {
  const t = await sequelize.transaction();
  await User.create(data, { transaction: t });
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { name: 't', what: 'Sequelize transaction from `sequelize.transaction()`', release: 't.commit()' } }],
    },
    // TypeORM: released with the transaction open when save throws.
    {
      code: `${TYPEORM}
async function save(entity) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.manager.save(entity);
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}`,
      errors: [
        {
          messageId: 'abandoned',
          line: 6,
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'runner', call: 'await runner.rollbackTransaction()' },
              output: `${TYPEORM}
async function save(entity) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.manager.save(entity);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // MongoDB: a transaction whose session is never ended or aborted on the throw path.
    {
      code: `${MONGO}
async function move(a) {
  const session = client.startSession();
  session.startTransaction();
  await a.insertOne({}, { session });
  await session.commitTransaction();
  await session.endSession();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          data: { name: 'session', what: 'transaction from `session.startTransaction()`', exit: 'if `a.insertOne(…)` on line 6 throws' },
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'session', call: 'await session.abortTransaction()' },
              output: `${MONGO}
async function move(a) {
  const session = client.startSession();
  session.startTransaction();
  try {
    await a.insertOne({}, { session });
    await session.commitTransaction();
  } catch (error) {
    await session.abortTransaction();
    throw error;
  }
  await session.endSession();
}`,
            },
          ],
        },
      ],
    },
    // A switch whose fallthrough skips the commit on one case.
    {
      code: `${KNEX}
async function apply(kind, row) {
  const trx = await db.transaction();
  try {
    switch (kind) {
      case 'insert':
        await trx('t').insert(row);
      // falls through
      case 'touch':
        await trx('t').update({ touched: true });
        await trx.commit();
        break;
      default:
        return;
    }
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'leakOnReturn', line: 4, data: { name: 'trx', what: 'knex transaction from `db.transaction()`', exit: 'on the `return` on line 15' } }],
    },
    // A generator that yields inside the transaction: the consumer may stop there.
    {
      code: `${KNEX}
async function* rows() {
  const trx = await db.transaction();
  try {
    for (const row of await trx('t').select('*')) yield row;
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'leakOnReturn', line: 4, data: { name: 'trx', what: 'knex transaction from `db.transaction()`', exit: 'if the consumer stops at the `yield` on line 6' } }],
    },
    // A finally whose return overrides the throw skips the rollback.
    {
      code: `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  try {
    await trx('users').insert(user);
    await trx.commit();
  } finally {
    return user.id;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'trx', call: 'await trx.rollback()' },
              output: `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  try {
    await trx('users').insert(user);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  } finally {
    return user.id;
  }
}`,
            },
          ],
        },
      ],
    },
    // A transaction discarded at once.
    {
      code: `${KNEX}
async function oops() {
  await db.transaction();
}`,
      errors: [{ messageId: 'discarded', line: 4 }],
    },
  ],
});

describe('no-unsettled-transaction options', () => {
  // A transaction is committed on success and rolled back on failure, so the rule has no
  // `requireFinally`: `strict` must not ask for a commit in a `finally` block.
  it('has no requireFinally option', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = (): unknown =>
      linter.verify('const x = 1;', [
        {
          plugins: { leakguard: { rules: { 'no-unsettled-transaction': rule } } as unknown as ESLint.Plugin },
          rules: { 'leakguard/no-unsettled-transaction': ['error', { requireFinally: true }] },
        },
      ]);
    expect(lint).toThrow(/requireFinally/);
  });
});
