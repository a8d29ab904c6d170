import type { ResourceModel } from './types.js';

const packages = ['pg', 'pg-pool'];
const poolNames = ['^pool$', 'pool$', '^pg$', '^pgpool'];

/** node-postgres: pooled clients and stand-alone clients. `pool.query()` needs nothing. */
export const pgModels = [
  {
    library: 'pg',
    packages,
    kind: 'connection',
    what: 'pool connection',
    acquire: [
      {
        method: 'connect',
        receiver: { constructors: ['Pool'], names: poolNames },
        callback: { errorParam: 0, resourceParam: 1, releaseParam: 2 },
      },
    ],
    // `release(err)` and `release(true)` destroy the client instead of returning it; both release.
    release: ['release'],
    uses: ['query'],
    keepAliveEvents: ['notification'],
  },
  {
    library: 'pg',
    packages,
    kind: 'connection',
    what: 'client connection',
    acquire: [{ method: 'connect', receiver: { constructors: ['Client'] }, resource: 'receiver' }],
    release: ['end'],
    uses: ['query'],
    keepAliveEvents: ['notification'],
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
