import type { ResourceModel } from './types.js';

/**
 * Drivers that copy node-postgres's pool API: `await pool.connect()` checks a client out,
 * and only its `release()` gives it back. Neon's serverless driver exports pg's `Pool` and
 * `Client` under the same names; `@vercel/postgres` wraps Neon's pool as `VercelPool`
 * (`createPool()`).
 */
export const pgCompatibleModels = [
  {
    library: '@neondatabase/serverless',
    packages: ['@neondatabase/serverless'],
    kind: 'connection',
    what: 'pool connection',
    acquire: [{ method: 'connect', receiver: { constructors: ['Pool'], names: ['^pool$', 'pool$'] } }],
    release: ['release'],
    uses: ['query'],
    releaseTwiceFails: true,
    types: {
      resource: { from: 'package', name: 'PoolClient', package: '@neondatabase/serverless' },
      fromWrappers: true,
      receiver: { from: 'package', name: 'Pool', package: '@neondatabase/serverless' },
    },
  },
  {
    library: '@vercel/postgres',
    packages: ['@vercel/postgres'],
    kind: 'connection',
    what: 'pool connection',
    acquire: [
      {
        method: 'connect',
        // The package's ready-made `sql` and `db` pools are not matched by name: mssql's
        // `sql.connect()` opens a global pool that is shared, not checked out.
        receiver: { constructors: ['VercelPool'], factories: ['createPool'], names: ['^pool$', 'pool$'] },
      },
    ],
    release: ['release'],
    uses: ['query', 'sql'],
    releaseTwiceFails: true,
    types: {
      resource: { from: 'package', name: 'VercelPoolClient', package: '@vercel/postgres' },
      fromWrappers: true,
      receiver: { from: 'package', name: 'VercelPool', package: '@vercel/postgres' },
    },
  },
] as const satisfies readonly ResourceModel[];
