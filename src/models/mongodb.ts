import type { ResourceModel } from './types.js';

const collectionNames = ['^coll$', '^col$', 'collection$', 'collections?$'];

/** Methods of a MongoDB cursor that return the cursor itself. */
const cursorChain = [
  'sort', 'limit', 'skip', 'project', 'batchSize', 'filter', 'hint', 'max', 'min', 'maxTimeMS',
  'maxAwaitTimeMS', 'collation', 'comment', 'addCursorFlag', 'allowDiskUse', 'map',
  'withReadPreference', 'withReadConcern', 'returnKey', 'showRecordId', 'addQueryModifier',
  'group', 'match', 'unwind', 'lookup', 'out', 'redact', 'geoNear', 'addStage',
];

/** What ends, or uses up, a MongoDB cursor. */
const cursorRelease = ['close', 'toArray', 'forEach', 'stream', 'pipe'];
const cursorUses = ['next', 'hasNext', 'tryNext', 'toArray', 'forEach', 'readBufferedDocuments'];
const cursorExhaustion = [
  { method: 'hasNext', signal: 'falsy' },
  { method: 'next', signal: 'nullish' },
] as const;

/**
 * MongoDB: clients opened in a function (`close()`), sessions (`startSession()` → `endSession()`; `withSession(cb)` ends its own;
 * mongoose's are in mongoose.ts),
 * cursors and change streams (closed, or read to the end), and transactions on a session.
 * A cursor runs its query on its first read, so one dropped before any read holds nothing.
 */
export const mongodbModels = [
  // A client opened in a function (`const client = new MongoClient(url); await
  // client.connect()`, or the static `await MongoClient.connect(url)`) holds a connection
  // pool and its monitoring sockets until `close()`; one at module level, stored in a field,
  // returned or handed on is its owner's. A client never connected is not tracked (drivers
  // since 4.7 connect on the first operation, but nothing tells that apart from a client
  // built for another function to connect).
  {
    library: 'mongodb',
    packages: ['mongodb'],
    kind: 'connection',
    what: 'MongoDB client',
    acquire: [
      // `connect()` resolves to the client itself.
      { method: 'connect', receiver: { constructors: ['MongoClient'] }, resource: 'receiver', fulfilsWithReceiver: true },
      { method: 'connect', receiver: { classes: ['MongoClient'] } },
    ],
    release: ['close'],
    uses: ['db', 'startSession', 'withSession'],
    // `return client.db(name)`: whoever keeps the database handle keeps the client.
    handles: ['db'],
    // `connect()` after `close()` opens it again.
    reopenedBy: ['connect'],
    releaseIsAsync: true,
    // A client is also handed around shared: its type confirms, never adds.
    types: {
      resource: { from: 'package', name: 'MongoClient', package: 'mongodb' },
      receiver: { from: 'package', name: 'MongoClient', package: 'mongodb' },
    },
  },
  {
    library: 'mongodb',
    packages: ['mongodb'],
    kind: 'connection',
    what: 'session',
    // On a client built here, or on a receiver named like a client and then used as a
    // session: `analytics.startSession(user)` is someone else's method.
    acquire: [
      {
        method: 'startSession',
        receiver: { constructors: ['MongoClient'], names: ['client$', '^mongo', '^conn', 'connection$', '^db$'] },
      },
    ],
    release: ['endSession'],
    uses: ['startTransaction', 'withTransaction'],
    releaseIsAsync: true,
    types: {
      resource: { from: 'package', name: 'ClientSession', package: 'mongodb' },
      fromWrappers: true,
      receiver: { from: 'package', name: 'MongoClient', package: 'mongodb' },
    },
  },
  {
    library: 'mongodb',
    packages: ['mongodb'],
    kind: 'cursor',
    what: 'MongoDB cursor',
    acquire: [
      { method: 'find', receiver: { names: collectionNames, fromMethods: ['collection'] } },
      { method: 'aggregate', receiver: { names: collectionNames, fromMethods: ['collection'] } },
      { method: 'listIndexes', receiver: { names: collectionNames, fromMethods: ['collection'] } },
      { method: 'listCollections', receiver: { names: ['^db$', 'db$', 'database$'], fromMethods: ['db'] } },
    ],
    release: cursorRelease,
    uses: cursorUses,
    chain: cursorChain,
    exhaustion: cursorExhaustion,
    closesOnError: cursorUses,
    opensOn: ['next', 'hasNext', 'tryNext', 'readBufferedDocuments'],
    releaseIsAsync: true,
    types: {
      resource: { from: 'package', name: ['FindCursor', 'AggregationCursor', 'ListIndexesCursor', 'ListCollectionsCursor'], package: 'mongodb' },
      fromWrappers: true,
    },
  },
  {
    library: 'mongodb',
    packages: ['mongodb'],
    kind: 'cursor',
    what: 'change stream',
    acquire: [
      { method: 'watch', receiver: { names: [...collectionNames, '^db$', 'db$', '^client$', 'mongo'], fromMethods: ['collection', 'db'] } },
    ],
    release: ['close', 'stream', 'pipe'],
    uses: ['next', 'hasNext', 'tryNext'],
    closesOnError: ['next', 'hasNext', 'tryNext'],
    // A `change` listener keeps it open for the life of the process, by design.
    keepAliveEvents: ['change', 'data'],
    opensOn: ['next', 'hasNext', 'tryNext'],
    releaseIsAsync: true,
    types: { resource: { from: 'package', name: 'ChangeStream', package: 'mongodb' }, fromWrappers: true },
  },
  {
    library: 'mongodb',
    packages: ['mongodb', 'mongoose'],
    kind: 'transaction',
    what: 'transaction',
    acquire: [{ method: 'startTransaction', receiver: { any: true }, resource: 'receiver', answersNothing: true }],
    // Ending the session aborts a transaction still in progress.
    release: ['commitTransaction', 'abortTransaction', 'endSession'],
    rollbackCall: '.abortTransaction()',
  },
] as const satisfies readonly ResourceModel[];
