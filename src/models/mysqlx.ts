import type { ResourceModel } from './types.js';

/**
 * MySQL's X DevAPI (`@mysql/xdevapi`): `mysqlx.getSession(config)` opens a session, and
 * `client.getSession()` on a pooling client (`mysqlx.getClient(config, { pooling })`) takes
 * one from the client's pool. Either stays open, and counts against the pool, until
 * `session.close()`.
 */
export const mysqlxModels = [
  {
    library: '@mysql/xdevapi',
    packages: ['@mysql/xdevapi'],
    kind: 'connection',
    what: 'X DevAPI session',
    acquire: [{ method: 'getSession', receiver: { namespace: true, factories: ['getClient'] } }],
    release: ['close'],
    // Closing the pooling client closes every session it handed out.
    releasedByReceiver: [{ method: 'close' }],
    uses: ['sql', 'getSchema', 'getSchemas', 'startTransaction', 'setSavepoint'],
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
