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
    // "Release called on client which has already been released to the pool."
    releaseTwiceFails: true,
    types: {
      resource: { from: 'package', name: 'PoolClient', package: 'pg' },
      fromWrappers: true,
      receiver: { from: 'package', name: 'Pool', package: ['pg', 'pg-pool'] },
    },
  },
  {
    library: 'pg',
    packages,
    kind: 'connection',
    what: 'client connection',
    // `client.connect((err) => …)`: the callback style, followed where it runs in an awaited
    // `new Promise` executor (see CallbackSpec.resourceParam).
    acquire: [{ method: 'connect', receiver: { constructors: ['Client'] }, resource: 'receiver', callback: { errorParam: 0 } }],
    release: ['end'],
    uses: ['query'],
    keepAliveEvents: ['notification'],
    releaseIsAsync: true,
    // A stand-alone client is also handed around shared: its type confirms, never adds.
    types: {
      resource: { from: 'package', name: 'Client', package: 'pg' },
      receiver: { from: 'package', name: 'Client', package: 'pg' },
    },
  },
] as const satisfies readonly ResourceModel[];

/**
 * pg-cursor and pg-query-stream: `client.query(new Cursor(sql))` starts the query and
 * holds the client until the cursor is read to the end or closed.
 */
export const pgCursorModels = [
  {
    library: 'pg-cursor',
    packages: ['pg-cursor'],
    kind: 'cursor',
    what: 'cursor',
    acquire: [
      {
        method: 'query',
        receiver: { any: true },
        argument: { index: 0, constructs: { packages: ['pg-cursor'], names: ['default', 'Cursor'] } },
      },
    ],
    release: ['close'],
    // `client.query(cursor)` only queues the cursor; errors come from `read()`.
    acquireCannotThrow: true,
    // `readAsync` is the promisified `read` (`util.promisify`, bluebird's promisifyAll).
    uses: ['read', 'readAsync'],
    // `read()` resolves to an empty array once every row has been read.
    exhaustion: [
      { method: 'read', signal: 'empty' },
      { method: 'readAsync', signal: 'empty' },
    ],
    closesOnError: ['read', 'readAsync'],
    releaseIsAsync: true,
    types: { resource: { from: 'package', name: 'Cursor', package: 'pg-cursor' }, fromWrappers: true },
  },
  {
    library: 'pg-query-stream',
    packages: ['pg-query-stream'],
    kind: 'cursor',
    what: 'query stream',
    acquire: [
      {
        method: 'query',
        receiver: { any: true },
        argument: { index: 0, constructs: { packages: ['pg-query-stream'], names: ['default', 'QueryStream'] } },
      },
    ],
    // Destroyed, piped on, or read to the end.
    release: ['destroy', 'pipe', 'toArray'],
    // Errors are emitted on the stream.
    acquireCannotThrow: true,
    uses: ['read'],
    // A `data` listener switches the stream to flowing mode: it is read to the end.
    keepAliveEvents: ['data', 'readable'],
  },
] as const satisfies readonly ResourceModel[];
