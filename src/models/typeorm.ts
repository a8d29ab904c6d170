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
    // `dataSource.destroy()` disconnects the driver, which releases the runners still
    // connected (postgres, cockroachdb) or ends the pool under them (the other drivers).
    releasedByReceiver: [{ method: 'destroy' }],
    uses: ['query', 'connect', 'startTransaction', 'manager'],
    // A runner takes a connection from the pool on its first query (`connect()`, `query()`,
    // `startTransaction()`, a schema method, a query of its `manager`, or whatever a function
    // it is given runs): one given up before that holds nothing.
    opensOn: ['*'],
    opensThroughMembers: true,
    // When `connect()` itself fails, no connection was taken: the runner holds none.
    closesOnError: ['connect'],
    inertMembers: ['connection', 'isReleased', 'isTransactionActive'],
    // MongoDriver hands out one runner over its shared client; its release() is a no-op.
    inertTypes: ['MongoQueryRunner'],
    releaseIsAsync: true,
    // `[Symbol.asyncDispose]()` releases the runner (typeorm 0.3.x).
    disposal: { kind: 'async', packages: ['typeorm'] },
    types: {
      resource: { from: 'package', name: 'QueryRunner', package: 'typeorm' },
      fromWrappers: true,
      receiver: { from: 'package', name: ['DataSource', 'Connection', 'EntityManager'], package: 'typeorm' },
    },
  },
  {
    library: 'typeorm',
    packages: ['typeorm'],
    kind: 'transaction',
    what: 'transaction',
    acquire: [{ method: 'startTransaction', receiver: { any: true }, resource: 'receiver', answersNothing: true }],
    release: ['commitTransaction', 'rollbackTransaction'],
    rollbackCall: '.rollbackTransaction()',
    // Released with the transaction open, the connection goes back to the pool inside it.
    abandonedBy: ['release'],
    releaseTwiceFails: true,
  },
  // `await queryRunner.stream(sql)`, `await repo.createQueryBuilder('u').where(…).stream()`.
  {
    ...resultStreamModel('typeorm', ['typeorm'], [
      {
        method: 'stream',
        receiver: {
          fromMethods: [
            'createQueryRunner', 'createQueryBuilder', 'select', 'addSelect', 'from', 'where', 'andWhere', 'orWhere',
            'leftJoin', 'leftJoinAndSelect', 'innerJoin', 'innerJoinAndSelect', 'orderBy', 'addOrderBy', 'groupBy',
            'having', 'limit', 'offset', 'take', 'skip', 'setParameter', 'setParameters', 'withDeleted',
          ],
          names: ['queryRunner$', 'runner$', 'queryBuilder$', 'builder$', '^qb$', '^query$'],
          builderChain: true,
        },
      },
    ]),
    types: { receiver: { from: 'package', name: ['QueryRunner', 'SelectQueryBuilder'], package: 'typeorm' } },
  },
] as const satisfies readonly ResourceModel[];
