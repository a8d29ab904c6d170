import type { ResourceModel } from './types.js';

/**
 * TypeORM: a query runner holds a connection from the pool until `release()`.
 * `dataSource.transaction(cb)` and `manager.transaction(cb)` release by themselves.
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
] as const satisfies readonly ResourceModel[];
