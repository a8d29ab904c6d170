import { resultStreamModel } from './streams.js';
import type { ResourceModel } from './types.js';

/**
 * knex: `await knex.transaction()` without a handler returns a transaction the caller must
 * commit or roll back (with a handler, knex settles it); a query builder's `.stream()`
 * without a callback returns a stream holding a connection.
 */
export const knexModels = [
  {
    library: 'knex',
    packages: ['knex'],
    kind: 'transaction',
    what: 'knex transaction',
    acquire: [
      {
        method: 'transaction',
        receiver: { factories: ['default', 'knex', 'Knex'], names: ['^knex$', 'knex$', '^db$', '^database$'] },
      },
    ],
    release: ['commit', 'rollback'],
    rollbackCall: '.rollback()',
    uses: ['raw', 'insert', 'select', 'update', 'del', 'delete', 'where', 'first', 'into', 'from', 'table'],
    releaseTwiceFails: true,
    releaseIsAsync: true,
    callable: true,
    types: {
      resource: { from: 'package', name: 'Transaction', package: 'knex' },
      fromWrappers: true,
      receiver: { from: 'package', name: 'Knex', package: 'knex' },
    },
  },
  // `knex(config)` in a function: a knex instance with its own connection pool, made per
  // call, holds its connections (and the pool's timers) until `destroy()`. One made at module
  // level lives for the process and is not tracked; one stored in a field, returned or handed
  // on is its owner's.
  {
    library: 'knex',
    packages: ['knex'],
    kind: 'connection',
    what: 'knex instance',
    // `import knex from 'knex'` / `const knex = require('knex')` (the default export, under any
    // name), `import { knex } from 'knex'`.
    // A config written without `connection` (`knex({ client: 'pg' })`) only builds SQL: no pool.
    acquire: [
      { method: 'default', argument: { index: 0, objectProperty: 'connection' } },
      { method: 'knex', argument: { index: 0, objectProperty: 'connection' } },
    ],
    release: ['destroy'],
    uses: ['raw', 'select', 'insert', 'update', 'del', 'from', 'table', 'transaction', 'schema', 'migrate'],
    callable: true,
    releaseIsAsync: true,
  },
  // knex's own pool wrapper: `knex.client.acquireConnection()` hands out a raw driver
  // connection that goes back with `knex.client.releaseConnection(conn)`.
  {
    library: 'knex',
    packages: ['knex'],
    kind: 'connection',
    what: 'knex connection',
    acquire: [
      {
        method: 'acquireConnection',
        receiver: { factories: ['default', 'knex', 'Knex'], names: ['^knex$', 'knex$', '^db$'], builderChain: true },
      },
    ],
    release: [],
    releaseVia: ['releaseConnection'],
    // `knex.client` is declared `any`; a `Knex.Client` handed in is known by its type.
    types: { receiver: { from: 'package', name: 'Client', package: 'knex' } },
  },
  // `db('users').where(…).stream()`: a builder chain that starts at a knex instance (or a
  // transaction); `got.stream(url)` starts elsewhere.
  {
    ...resultStreamModel('knex', ['knex'], [
      {
        method: 'stream',
        receiver: {
          factories: ['default', 'knex', 'Knex'],
          // A builder's own methods and names are weaker evidence, confirmed by the use.
          names: ['^knex$', 'knex$', '^db$', '^database$', '^trx$', '^(query|qb)$', 'builder$', 'query$'],
          fromMethods: [
            'transaction', 'select', 'from', 'table', 'into', 'where', 'andWhere', 'orWhere', 'whereIn', 'whereNot',
            'whereNull', 'whereNotNull', 'whereBetween', 'whereRaw', 'join', 'leftJoin', 'innerJoin', 'rightJoin',
            'orderBy', 'groupBy', 'having', 'limit', 'offset', 'distinct', 'column', 'columns', 'withSchema',
            'queryBuilder', 'modify', 'clearSelect', 'clearWhere', 'clearOrder',
          ],
          builderChain: true,
        },
      },
    ]),
    types: {
      receiver: {
        from: 'package',
        name: ['Knex', 'QueryBuilder', 'QueryInterface', 'ChainableInterface', 'Raw', 'Transaction'],
        package: 'knex',
      },
    },
  },
] as const satisfies readonly ResourceModel[];
