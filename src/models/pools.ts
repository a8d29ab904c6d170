import type { ResourceModel } from './types.js';

const poolNames = ['^pool$', 'pool$'];

/**
 * The pools ORMs build on, when used directly: sequelize-pool (Sequelize's) and tarn.js
 * (knex's). Both hand a resource out with `acquire()` and take it back with
 * `pool.release(resource)`; tarn's `acquire()` returns a pending operation whose
 * `.promise` is the resource.
 */
export const poolModels = [
  {
    library: 'sequelize-pool',
    packages: ['sequelize-pool'],
    kind: 'connection',
    what: 'pooled resource',
    acquire: [{ method: 'acquire', receiver: { constructors: ['Pool'], names: poolNames } }],
    release: [],
    releaseVia: ['release', 'destroy'],
    types: { receiver: { from: 'package', name: 'Pool', package: 'sequelize-pool' } },
  },
  {
    library: 'tarn',
    packages: ['tarn'],
    kind: 'connection',
    what: 'pooled resource',
    acquire: [{ method: 'acquire', receiver: { constructors: ['Pool'], names: poolNames }, promiseProperty: 'promise' }],
    release: [],
    releaseVia: ['release'],
    types: { receiver: { from: 'package', name: 'Pool', package: 'tarn' } },
  },
] as const satisfies readonly ResourceModel[];
