import type { ResourceModel } from './types.js';

/**
 * mssql: a `ConnectionPool` opened in a function must be closed there. The global pool
 * from `sql.connect()` is meant to live for the process and is not tracked. A
 * transaction takes a connection from its pool when it begins.
 */
export const mssqlModels = [
  {
    library: 'mssql',
    packages: ['mssql', 'mssql/msnodesqlv8'],
    kind: 'connection',
    what: 'connection pool',
    // `connect()` resolves to the pool itself.
    acquire: [{ method: 'connect', receiver: { constructors: ['ConnectionPool'] }, resource: 'receiver', fulfilsWithReceiver: true }],
    release: ['close'],
    uses: ['request', 'query'],
    releaseIsAsync: true,
  },
  // `const tx = new sql.Transaction(pool); await tx.begin()` (or `pool.transaction()`):
  // the transaction holds one of the pool's connections until it commits or rolls back.
  {
    library: 'mssql',
    packages: ['mssql', 'mssql/msnodesqlv8'],
    kind: 'transaction',
    what: 'mssql transaction',
    acquire: [
      {
        method: 'begin',
        receiver: { constructors: ['Transaction'], fromMethods: ['transaction'], names: ['^transaction$', '^tx$', 'transaction$'] },
        resource: 'receiver',
      },
    ],
    release: ['commit', 'rollback'],
    uses: ['request'],
    releaseTwiceFails: true,
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
