import { resultStreamModel } from './streams.js';
import type { ResourceModel } from './types.js';

const packages = ['mysql2', 'mysql2/promise', 'mysql', 'mariadb', 'mariadb/callback'];

/**
 * mysql2, mysql and mariadb share one API shape, promise and callback style. Their pool
 * wrappers hand out connections alike: a pool, its `.promise()` form, a pool cluster
 * (`createPoolCluster()`, `cluster.getConnection('replica*', cb)`) and a cluster's
 * namespace (`cluster.of('replica*').getConnection()`).
 */
export const mysqlModels = [
  {
    library: 'mysql2',
    packages,
    kind: 'connection',
    what: 'pool connection',
    acquire: [
      {
        method: 'getConnection',
        receiver: {
          factories: ['createPool', 'createPoolCluster'],
          names: ['^pool$', 'pool$', '^mysql$', '^db$', 'poolCluster$'],
          // `cluster.of('replica*')` is a namespace of the cluster it was built from.
          builderChain: true,
        },
        callback: { errorParam: 0, resourceParam: 1 },
      },
    ],
    // mariadb's (and mysql2's deprecated) `end()` on a pooled connection gives it back too.
    release: ['release', 'destroy', 'end'],
    releaseVia: ['releaseConnection'],
    // `pool.end()` ends every connection of the pool, in use or not (mysql's and mysql2's
    // `_allConnections`, mariadb's "close all connections"); pg-pool's `end()` waits instead.
    releasedByReceiver: [{ method: 'end' }],
    uses: ['query', 'execute', 'beginTransaction'],
    // mysql2's promise `PoolConnection` wraps the callback-API one as `.connection`: the same
    // pooled connection (`conn.connection.release()` gives it back), whose `query()` and
    // `execute()` report failures to their callback or as the returned Query's `error`.
    // `query(sql).stream()` only builds a Readable fed by the Query's events.
    components: [{ property: 'connection', quietMethods: ['query', 'execute'], quietResults: ['stream'] }],
    // mysql2's promise `PoolConnection` releases itself in `[Symbol.asyncDispose]()`.
    disposal: { kind: 'async', packages: ['mysql2/promise'] },
    // A connection released twice goes back to the pool twice and is handed out twice.
    releaseTwiceFails: true,
    types: {
      resource: { from: 'package', name: 'PoolConnection', package: 'mysql2' },
      fromWrappers: true,
      receiver: { from: 'package', name: ['Pool', 'PoolCluster'], package: 'mysql2' },
    },
  },
  {
    library: 'mysql2',
    packages,
    kind: 'connection',
    what: 'connection',
    acquire: [
      { method: 'createConnection', receiver: { namespace: true } },
      { method: 'createConnection' },
    ],
    release: ['end', 'destroy'],
    uses: ['query', 'execute'],
    releaseIsAsync: true,
    // Also handed around shared: its type confirms, never adds.
    types: { resource: { from: 'package', name: 'Connection', package: 'mysql2' } },
  },
] as const satisfies readonly ResourceModel[];

/** mysql2 transactions and streams. */
export const mysqlTransactionModels = [
  {
    library: 'mysql2',
    packages,
    kind: 'transaction',
    what: 'transaction',
    // On a connection made or borrowed here: elsewhere `beginTransaction()` is as likely a
    // SQL builder's (`dumper.beginTransaction()` writes the statement out).
    acquire: [
      {
        method: 'beginTransaction',
        receiver: {
          factories: ['createConnection'],
          fromMethods: ['getConnection', 'createConnection'],
          names: ['^conn$', '^connection$', '^db$'],
        },
        resource: 'receiver',
      },
    ],
    release: ['commit', 'rollback', 'destroy', 'end'],
    rollbackCall: '.rollback()',
    // A pooled connection goes back with its transaction open; the next borrower gets it.
    abandonedBy: ['release'],
  },
  // `connection.query(sql).stream()`: rows arrive as they are read. `stream()` only builds a
  // Readable fed by the Query's events; the query's failure arrives as the stream's `error`.
  {
    ...resultStreamModel('mysql2', packages, [{ method: 'stream', receiver: { fromMethods: ['query', 'execute'] } }]),
    acquireCannotThrow: true,
  },
] as const satisfies readonly ResourceModel[];
