import type { ResourceModel } from './types.js';

/** Statements that end a transaction; `ROLLBACK TO SAVEPOINT` does not. */
const endStatement = '^\\s*(COMMIT|END|ABORT|ROLLBACK(?!\\s+(WORK\\s+|TRANSACTION\\s+)?TO\\b))\\b';

/**
 * A transaction begun with a `BEGIN` statement on a client of pg, mysql2 or any driver
 * with a `query()` method, on a client created or borrowed in the function. It lives
 * on the client: ended by a `COMMIT` or `ROLLBACK` statement, or by destroying the client
 * (`release(err)` in pg), and abandoned by handing the client back to the pool with
 * `release()`, where the next borrower inherits it.
 */
export const sqlTransactionModels = [
  {
    library: 'SQL',
    packages: ['pg', 'mysql2', 'mysql2/promise', 'mysql', 'mariadb'],
    kind: 'transaction',
    what: 'transaction',
    acquire: ['query', 'execute'].map((method) => ({
      method,
      receiver: { any: true },
      resource: 'receiver' as const,
      argument: { index: 0, text: '^\\s*(BEGIN|START\\s+TRANSACTION)\\b(?![^;]*;\\s*\\S)' },
    })),
    release: [
      { method: 'query', firstArgument: endStatement },
      { method: 'execute', firstArgument: endStatement },
      // pg's `release(err)` / `release(true)` and mysql's `destroy()` close the connection,
      // and the server rolls the transaction back.
      'release',
      'destroy',
      'end',
    ],
    abandonedBy: [{ method: 'release', noArguments: true }],
    rollbackCall: ".query('ROLLBACK')",
  },
] as const satisfies readonly ResourceModel[];
