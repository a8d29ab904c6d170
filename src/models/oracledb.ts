import type { ResourceModel } from './types.js';

/** node-oracledb: connections from the module or a pool are closed with `close()`. */
export const oracledbModels = [
  {
    library: 'oracledb',
    packages: ['oracledb'],
    kind: 'connection',
    what: 'connection',
    acquire: [
      {
        method: 'getConnection',
        receiver: { namespace: true, factories: ['createPool', 'getPool'], names: ['^oracledb$', '^pool$', 'pool$'] },
      },
    ],
    release: ['close', 'release'],
    // `pool.close(drainTime)` (any drain time, `terminate` is the same method) closes the
    // connections still out once the time is up; without one it fails while any are out.
    releasedByReceiver: [
      { method: 'close', withArgument: true },
      { method: 'terminate', withArgument: true },
    ],
    uses: ['execute'],
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
