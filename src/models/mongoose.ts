import type { ResourceModel } from './types.js';

/**
 * mongoose: `startSession()` on the mongoose object, a connection or a model opens a
 * MongoDB session that must be ended (`endSession()`); `withSession(cb)` and
 * `transaction(cb)` end their own. Its sessions are MongoDB's `ClientSession`s, so with
 * types on they are recognised by the MongoDB session model, which releases them alike.
 */
export const mongooseModels = [
  {
    library: 'mongoose',
    packages: ['mongoose'],
    kind: 'connection',
    what: 'session',
    acquire: [
      {
        method: 'startSession',
        receiver: {
          namespace: true,
          factories: ['createConnection', 'connect', 'model'],
          fromMethods: ['createConnection', 'model', 'useDb'],
          names: ['^mongoose$', '^conn$', 'connection$', '^db$'],
        },
      },
    ],
    release: ['endSession'],
    uses: ['startTransaction', 'withTransaction', 'commitTransaction', 'abortTransaction'],
    releaseIsAsync: true,
    types: { receiver: { from: 'package', name: ['Mongoose', 'Connection', 'Model'], package: 'mongoose' } },
  },
] as const satisfies readonly ResourceModel[];
