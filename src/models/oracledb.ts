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
    uses: ['execute'],
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
