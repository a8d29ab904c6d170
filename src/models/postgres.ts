import type { ResourceModel } from './types.js';

/**
 * postgres.js: `await sql.reserve()` hands out a connection of the caller's own until
 * `release()`; it runs queries as a template tag (`` reserved`select 1` ``), like `sql`
 * itself. `sql.begin(cb)` runs its callback in a transaction on a connection it reserves,
 * and commits or rolls back and gives the connection back by itself, so it acquires
 * nothing the caller must settle.
 */
export const postgresModels = [
  {
    library: 'postgres',
    packages: ['postgres'],
    kind: 'connection',
    what: 'reserved connection',
    acquire: [
      {
        method: 'reserve',
        receiver: { factories: ['default', 'postgres'], names: ['^sql$', 'sql$', '^postgres$', '^pg$', '^db$'] },
      },
    ],
    release: ['release'],
    callable: true,
    uses: ['unsafe', 'file', 'begin', 'savepoint', 'notify', 'batch', 'json', 'typed'],
    // Giving a connection back twice returns it to the pool twice.
    releaseTwiceFails: true,
    types: {
      resource: { from: 'package', name: 'ReservedSql', package: 'postgres' },
      fromWrappers: true,
      receiver: { from: 'package', name: 'Sql', package: 'postgres' },
    },
  },
] as const satisfies readonly ResourceModel[];
