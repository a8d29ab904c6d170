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
  },
] as const satisfies readonly ResourceModel[];
