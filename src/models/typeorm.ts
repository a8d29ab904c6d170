import { resultStreamModel } from './streams.js';
import type { ResourceModel } from './types.js';

/**
 * TypeORM: a query runner holds a connection from the pool until `release()`.
 * `dataSource.transaction(cb)` and `manager.transaction(cb)` release by themselves, and
 * settle their transaction too.
 */
export const typeormModels = [
  {
    library: 'typeorm',
    packages: ['typeorm'],
    kind: 'connection',
    what: 'query runner',
    acquire: [{ method: 'createQueryRunner', receiver: { any: true } }],
    release: ['release'],
    uses: ['query', 'connect', 'startTransaction', 'manager'],
    inertMembers: ['connection', 'isReleased', 'isTransactionActive'],
    releaseIsAsync: true,
  },
  {
    library: 'typeorm',
    packages: ['typeorm'],
    kind: 'transaction',
    what: 'transaction',
    acquire: [{ method: 'startTransaction', receiver: { any: true }, resource: 'receiver' }],
    release: ['commitTransaction', 'rollbackTransaction'],
    // Released with the transaction open, the connection goes back to the pool inside it.
    abandonedBy: ['release'],
    releaseTwiceFails: true,
  },
  // `await queryRunner.stream(sql)`, `await queryBuilder.stream()`.
  // Recognised by where the receiver comes from (a query runner or builder), in a file that
  // imports typeorm; a `.stream()` on anything else there is not one.
  resultStreamModel('typeorm', ['typeorm'], [
    {
      method: 'stream',
      receiver: {
        fromMethods: [
          'createQueryRunner', 'createQueryBuilder', 'select', 'addSelect', 'from', 'where', 'andWhere', 'orWhere',
          'leftJoin', 'leftJoinAndSelect', 'innerJoin', 'innerJoinAndSelect', 'orderBy', 'addOrderBy', 'groupBy',
          'having', 'limit', 'offset', 'take', 'skip', 'setParameter', 'setParameters', 'withDeleted',
        ],
        names: ['runner$', 'builder$', '^qb$', '^query$'],
      },
    },
  ]),
] as const satisfies readonly ResourceModel[];
