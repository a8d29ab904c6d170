import type { ResourceModel } from './types.js';

/**
 * Kysely's controlled transactions: `await db.startTransaction().execute()` begins a
 * transaction on a connection it holds until `await trx.commit().execute()` or
 * `await trx.rollback().execute()`. `startTransaction()` and `commit()` only build the
 * statement; `.execute()` runs it. `db.transaction().execute(cb)` settles itself.
 */
export const kyselyModels = [
  {
    library: 'kysely',
    packages: ['kysely'],
    kind: 'transaction',
    what: 'Kysely transaction',
    acquire: [
      {
        method: 'startTransaction',
        // `startTransaction()` run by `.execute()` is distinctive on its own. The Kysely instance
        // is deliberately no receiver "made by the model": a class that keeps one is not an
        // owner of a transaction.
        receiver: { any: true },
        resultMethod: 'execute',
      },
    ],
    release: [
      { method: 'commit', then: 'execute' },
      { method: 'rollback', then: 'execute' },
    ],
    rollbackCall: '.rollback().execute()',
    // `await trx.savepoint('a').execute()` is the same transaction, committed or rolled back through it.
    handedOnBy: ['savepoint'],
    uses: ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto', 'selectNoFrom', 'savepoint', 'commit', 'rollback'],
    // "Transaction is already committed": a settled controlled transaction refuses both.
    releaseTwiceFails: true,
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
