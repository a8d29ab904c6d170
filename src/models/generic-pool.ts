import type { ResourceModel } from './types.js';

/** generic-pool: `acquire()` hands out a resource that goes back with `pool.release(r)`. */
export const genericPoolModels = [
  {
    library: 'generic-pool',
    packages: ['generic-pool'],
    kind: 'connection',
    what: 'pooled resource',
    acquire: [{ method: 'acquire', receiver: { factories: ['createPool'], names: ['^pool$', 'pool$'] } }],
    release: [],
    releaseVia: ['release', 'destroy'],
  },
] as const satisfies readonly ResourceModel[];
