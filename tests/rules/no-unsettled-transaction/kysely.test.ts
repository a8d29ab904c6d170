// no-unsettled-transaction, Kysely's controlled transactions: `await
// db.startTransaction().execute()` begins one (the model's `resultMethod`), and only
// `trx.commit().execute()` / `trx.rollback().execute()` settle it (a release pattern's
// `then`): `trx.commit()` alone builds the statement. Each case is a whole module.

import rule from '../../../rules/no-unsettled-transaction.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-unsettled-transaction', rule, {
  valid: [
    // Committed on success, rolled back on failure.
    `import { Kysely } from 'kysely';
export async function move(db: Kysely<any>, id: number) {
  const trx = await db.startTransaction().execute();
  try {
    await trx.updateTable('account').set({ balance: 0 }).where('id', '=', id).execute();
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}`,
    // The callback form settles itself; \`startTransaction()\` never executed begins nothing.
    `import { Kysely } from 'kysely';
export async function move(db: Kysely<any>, id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('account').set({ balance: 0 }).where('id', '=', id).execute();
  });
  const builder = db.startTransaction();
  return builder;
}`,
    // A savepoint's transaction is the same one, settled through it.
    `import { Kysely } from 'kysely';
export async function move(db: Kysely<any>, id: number) {
  const trx = await db.startTransaction().execute();
  const afterFoo = await trx.savepoint('foo').execute();
  try {
    await afterFoo.insertInto('person').values({ id }).execute();
    await afterFoo.commit().execute();
  } catch (error) {
    await afterFoo.rollback().execute();
    throw error;
  }
}`,
    // TypeORM's \`startTransaction()\` is still TypeORM's (its result has no \`execute()\`).
    `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function run() {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query('select 1');
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
  ],
  invalid: [
    // The failing update skips the commit, and nothing rolls back.
    {
      code: `import { Kysely } from 'kysely';
export async function move(db: Kysely<any>, id: number) {
  const trx = await db.startTransaction().execute();
  await trx.updateTable('account').set({ balance: 0 }).where('id', '=', id).execute();
  await trx.commit().execute();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 21,
          data: {
            name: 'trx',
            what: 'Kysely transaction from `db.startTransaction()`',
            exit: "if `trx.updateTable('account').set({ balanc…(…)` on line 4 throws",
          },
        },
      ],
    },
    // \`trx.rollback()\` without \`.execute()\` runs nothing: the throw leaves it open.
    {
      code: `import { Kysely } from 'kysely';
export async function move(db: Kysely<any>, id: number) {
  const trx = await db.startTransaction().execute();
  try {
    await trx.updateTable('account').set({ balance: 0 }).where('id', '=', id).execute();
  } catch (error) {
    trx.rollback();
    throw error;
  }
  await trx.commit().execute();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 21,
          data: { name: 'trx', what: 'Kysely transaction from `db.startTransaction()`', exit: 'on the `throw` on line 8' },
        },
      ],
    },
  ],
});
