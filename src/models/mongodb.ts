import type { ResourceModel } from './types.js';

/** MongoDB sessions: `startSession()` → `endSession()`; `withSession(cb)` ends its own. */
export const mongodbModels = [
  {
    library: 'mongodb',
    packages: ['mongodb', 'mongoose'],
    kind: 'connection',
    what: 'session',
    acquire: [{ method: 'startSession', receiver: { any: true } }],
    release: ['endSession'],
    uses: ['startTransaction', 'withTransaction'],
    releaseIsAsync: true,
  },
] as const satisfies readonly ResourceModel[];
