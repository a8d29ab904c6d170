// no-unsettled-transaction, the drivers' own transactions (mysql2, knex, Sequelize, TypeORM,
// MongoDB), their managed callback forms, hand-offs, promise chains, generators, and the options.

import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/no-unsettled-transaction.js';
import { KNEX, MONGO, MYSQL, SEQUELIZE, TYPEORM, ruleTester } from './fixtures.js';

ruleTester.run('no-unsettled-transaction', rule, {
  valid: [
    // MongoDB, callback style (loopback's connector): the started transaction goes to the
    // caller's error-first callback, whose commit(tx) / rollback(tx) settle it.
    `${MONGO}
export function beginTransaction(options: object, cb: Function) {
  const session = client.startSession();
  session.startTransaction(options);
  cb(null, session);
}`,
    // A \`startTransaction()\` whose result is kept is not MongoDB's or TypeORM's (theirs answer
    // nothing): a Prisma driver adapter's returns the transaction (keystone's test runner).
    `import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import { MongoClient } from 'mongodb';
export async function clear(factory: SqlDriverAdapterFactory) {
  const adapter = await factory.connect();
  try {
    const transaction = await adapter.startTransaction();
    try {
      await transaction.executeRaw('SET FOREIGN_KEY_CHECKS = 0');
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
    await transaction.commit();
  } finally {
    await adapter.dispose();
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
    // lodash's path helpers on the arguments cannot throw (nocobase's transaction
    // decorator): nothing between the transaction and the \`try\` can leave it open.
    `${SEQUELIZE}
import lodash from 'lodash';
async function run(method, ...args) {
  const t = await sequelize.transaction();
  lodash.set(args, 0, { ...lodash.get(args, 0, {}), transaction: t });
  try {
    const result = await method(...args);
    await t.commit();
    return result;
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
    // TypeORM migrations: the transaction begins under \`this.transaction === 'all'\` and is
    // committed under the same test; the class sets the field only in its constructor, so
    // the second read is the same value, and the flag decides the rest.
    `${TYPEORM}
class Migrations {
  constructor(private transaction: 'all' | 'each' | 'none') {}
  async run(steps: Array<(r: unknown) => Promise<void>>) {
    const runner = dataSource.createQueryRunner();
    let started = false;
    if (this.transaction === 'all' && !runner.isTransactionActive) {
      await runner.startTransaction();
      started = true;
    }
    try {
      for (const step of steps) await step(runner);
      if (this.transaction === 'all' && started) await runner.commitTransaction();
    } catch (error) {
      if (started) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}`,
    // The same with a parameter compared with a literal.
    `${TYPEORM}
async function run(mode: string, steps: Array<() => Promise<void>>) {
  const runner = dataSource.createQueryRunner();
  if (mode === 'all') await runner.startTransaction();
  try {
    for (const step of steps) await step();
    if (mode === 'all') await runner.commitTransaction();
  } catch (error) {
    if (mode === 'all') await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
    // A property of the runner itself is no stable value: \`startTransaction()\` changes
    // \`isTransactionActive\`, so the later test is not decided by the one before it.
    `${TYPEORM}
async function run(steps: Array<() => Promise<void>>) {
  const runner = dataSource.createQueryRunner();
  if (!runner.isTransactionActive) await runner.startTransaction();
  try {
    for (const step of steps) await step();
    if (runner.isTransactionActive) await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
  ],
  invalid: [
    // A field another method changes may differ between the two reads: the path that
    // skips the commit releases the runner with the transaction open.
    {
      code: `${TYPEORM}
class Migrations {
  transaction = 'all';
  each() {
    this.transaction = 'each';
  }
  async run(steps: Array<() => Promise<void>>) {
    const runner = dataSource.createQueryRunner();
    if (this.transaction === 'all') await runner.startTransaction();
    try {
      for (const step of steps) await step();
      if (this.transaction === 'all') await runner.commitTransaction();
      else if (runner.isTransactionActive) await runner.rollbackTransaction();
    } catch (error) {
      if (this.transaction === 'all') await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}`,
      errors: [{ messageId: 'abandoned', line: 10 }],
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
    // lodash's \`merge\` runs the sources' getters and is not on the list: a throw point.
    {
      code: `${SEQUELIZE}
import lodash from 'lodash';
async function run(method, options) {
  const t = await sequelize.transaction();
  const merged = lodash.merge({}, options, { transaction: t });
  try {
    await method(merged);
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'leakOnThrow', line: 5, data: { name: 't', what: 'Sequelize transaction from `sequelize.transaction()`', exit: 'if `lodash.merge(…)` on line 6 throws' } }],
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
    // MongoDB: a transaction whose session is never ended or aborted on the throw path. The
    // session leaks on the same exit (no-leaked-connection), and one fix closes both.
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
          data: {
            name: 'session',
            what: 'transaction from `session.startTransaction()`',
            exit: 'if `a.insertOne(…)` on line 6 throws, where `session` is not released either (one `try` that settles it in `catch` and releases `session` in `finally` fixes both)',
          },
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
