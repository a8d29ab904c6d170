import { resultStreamModel } from './streams.js';
import type { ResourceModel } from './types.js';

const packages = ['mysql2', 'mysql2/promise', 'mysql', 'mariadb', 'mariadb/callback'];

/** mysql2, mysql and mariadb share one API shape, promise and callback style. */
export const mysqlModels = [
  {
    library: 'mysql2',
    packages,
    kind: 'connection',
    what: 'pool connection',
    acquire: [
      {
        method: 'getConnection',
        receiver: { factories: ['createPool'], names: ['^pool$', 'pool$', '^mysql$', '^db$'] },
        callback: { errorParam: 0, resourceParam: 1 },
      },
    ],
    release: ['release', 'destroy'],
    releaseVia: ['releaseConnection'],
    uses: ['query', 'execute', 'beginTransaction'],
    // mysql2's promise `PoolConnection` releases itself in `[Symbol.asyncDispose]()`.
    disposal: { kind: 'async', packages: ['mysql2/promise'] },
    // A connection released twice goes back to the pool twice and is handed out twice.
    releaseTwiceFails: true,
  },
  {
    library: 'mysql2',
    packages,
    kind: 'connection',
    what: 'connection',
    acquire: [
      { method: 'createConnection', receiver: { namespace: true } },
      { method: 'createConnection' },
    ],
    release: ['end', 'destroy'],
    uses: ['query', 'execute'],
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];

/** mysql2 transactions and streams. */
export const mysqlTransactionModels = [
  {
    library: 'mysql2',
    packages,
    kind: 'transaction',
    what: 'transaction',
    // In a file that uses a MySQL driver: elsewhere `beginTransaction()` is as likely a
    // SQL builder's (`dumper.beginTransaction()` writes the statement out).
    acquire: [{ method: 'beginTransaction', receiver: { inImportingFile: true }, resource: 'receiver' }],
    release: ['commit', 'rollback', 'destroy', 'end'],
    rollbackCall: '.rollback()',
    // A pooled connection goes back with its transaction open; the next borrower gets it.
    abandonedBy: ['release'],
  },
  // `connection.query(sql).stream()`: rows arrive as they are read.
  resultStreamModel('mysql2', packages, [{ method: 'stream', receiver: { fromMethods: ['query', 'execute'] } }]),
] as const satisfies readonly ResourceModel[];
