import { resultStreamModel } from './streams.js';
import type { ResourceModel } from './types.js';

/**
 * knex: `await knex.transaction()` without a handler returns a transaction the caller must
 * commit or roll back (with a handler, knex settles it); `.stream()` without a callback
 * returns a stream holding a connection.
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
    uses: ['raw', 'insert', 'select', 'update', 'del', 'delete', 'where', 'first', 'into', 'from', 'table'],
    releaseTwiceFails: true,
    releaseIsAsync: true,
    callable: true,
  },
  // `db('users').select('*').stream()`: a builder's `.stream()`, recognised by where its
  // receiver comes from (a builder method, or a name that says builder), in a file that
  // imports knex; a `.stream()` on anything else there is not one.
  resultStreamModel('knex', ['knex'], [
    {
      method: 'stream',
      receiver: {
        fromMethods: [
          'select', 'from', 'table', 'into', 'where', 'andWhere', 'orWhere', 'whereIn', 'whereNot', 'whereNull',
          'whereNotNull', 'whereBetween', 'whereRaw', 'join', 'leftJoin', 'innerJoin', 'rightJoin', 'orderBy',
          'groupBy', 'having', 'limit', 'offset', 'distinct', 'column', 'columns', 'withSchema', 'queryBuilder',
          'modify', 'clearSelect', 'clearWhere', 'clearOrder',
        ],
        names: ['^(query|qb)$', 'builder$', 'query$'],
      },
    },
  ]),
] as const satisfies readonly ResourceModel[];
