import type { ResourceModel } from './types.js';

/**
 * mssql: a `ConnectionPool` opened in a function must be closed there. The global pool
 * from `sql.connect()` is meant to live for the process and is not tracked.
 */
export const mssqlModels = [
  {
    library: 'mssql',
    packages: ['mssql', 'mssql/msnodesqlv8'],
    kind: 'connection',
    what: 'connection pool',
    acquire: [{ method: 'connect', receiver: { constructors: ['ConnectionPool'] }, resource: 'receiver' }],
    release: ['close'],
    uses: ['request', 'query'],
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
