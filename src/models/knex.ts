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
    rollbackCall: '.rollback()',
    uses: ['raw', 'insert', 'select', 'update', 'del', 'delete', 'where', 'first', 'into', 'from', 'table'],
    releaseTwiceFails: true,
    releaseIsAsync: true,
    callable: true,
  },
  resultStreamModel('knex', ['knex'], [{ method: 'stream', receiver: { inImportingFile: true } }]),
] as const satisfies readonly ResourceModel[];
