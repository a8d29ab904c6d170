import type { ResourceModel } from './types.js';

/**
 * Sequelize: `await sequelize.transaction()` without a callback is an unmanaged
 * transaction the caller must commit or roll back; with a callback Sequelize settles it.
 */
export const sequelizeModels = [
  {
    library: 'sequelize',
    packages: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
    kind: 'transaction',
    what: 'Sequelize transaction',
    acquire: [
      {
        method: 'transaction',
        receiver: { constructors: ['Sequelize'], names: ['^sequelize$', 'sequelize$', '^db$', '^database$'] },
      },
    ],
    release: ['commit', 'rollback'],
    rollbackCall: '.rollback()',
    releaseTwiceFails: true,
    releaseIsAsync: true,
    types: {
      resource: { from: 'package', name: 'Transaction', package: 'sequelize' },
      fromWrappers: true,
      receiver: { from: 'package', name: 'Sequelize', package: 'sequelize' },
    },
  },
  // Sequelize's own pool wrapper: `sequelize.connectionManager.getConnection()` hands out
  // a raw driver connection that goes back with `connectionManager.releaseConnection(conn)`.
  {
    library: 'sequelize',
    packages: ['sequelize', '@sequelize/core'],
    kind: 'connection',
    what: 'Sequelize connection',
    acquire: [{ method: 'getConnection', receiver: { exactNames: ['connectionManager'] } }],
    release: [],
    releaseVia: ['releaseConnection'],
    types: { receiver: { from: 'package', name: 'ConnectionManager', package: 'sequelize' } },
  },
] as const satisfies readonly ResourceModel[];
