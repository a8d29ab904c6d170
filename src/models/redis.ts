import type { ResourceModel } from './types.js';

/** Subscribing makes a client a subscriber: kept open for its listeners, on purpose. */
const subscribe = ['subscribe', 'pSubscribe', 'sSubscribe', 'psubscribe', 'ssubscribe', 'monitor'];

/**
 * node-redis and ioredis: a client made in a function — `new Redis(opts)` (ioredis connects
 * as it is built), `createClient()` (node-redis), or `client.duplicate()` for another
 * connection (a subscriber, a blocking reader) — must be closed there — `quit()`, `close()`,
 * `disconnect()` or `destroy()` — unless it subscribes, which keeps it for its listeners by
 * design, or is returned or stored for someone who will. The client made at module level
 * (the usual singleton) lives for the process and is not tracked.
 */
export const redisModels = [
  {
    library: 'redis',
    packages: ['redis', '@redis/client', 'ioredis'],
    kind: 'connection',
    what: 'redis connection',
    acquire: [
      {
        method: 'duplicate',
        receiver: {
          constructors: ['default', 'Redis', 'Cluster'],
          factories: ['createClient', 'createCluster'],
          names: ['redis$', '^client$', '^redisClient', '^pub$', 'publisher$', '^cache$', '^valkey'],
        },
      },
      // ioredis: `import Redis from 'ioredis'` / `const Redis = require('ioredis')` under any
      // local name, `import { Redis, Cluster } from 'ioredis'`.
      { method: 'default', construct: 'package' },
      { method: 'Redis', construct: 'package' },
      { method: 'Cluster', construct: 'package' },
      // node-redis: `createClient()` imported from the package, or `redis.createClient()`.
      { method: 'createClient' },
      { method: 'createClient', receiver: { namespace: true } },
      { method: 'createCluster' },
      { method: 'createCluster', receiver: { namespace: true } },
    ],
    release: ['quit', 'close', 'disconnect', 'destroy'],
    uses: ['connect', 'get', 'set', 'del', 'publish', 'sendCommand', 'call', 'multi', 'blPop', 'brPop', 'blpop', 'brpop', 'xRead', 'xread', ...subscribe],
    keepAliveMethods: subscribe,
    // node-redis: `connect()` rejects only once its reconnect strategy gives up, and then
    // it has closed the socket itself.
    closesOnError: ['connect'],
    // A disconnected client connects again when asked (ioredis `connect()` after
    // `disconnect()`, node-redis after `disconnect()` / `close()`): open again, not used
    // after its release.
    reopenedBy: ['connect'],
    releaseIsAsync: true,
    // node-redis's `connect()` resolves to the client itself: `await createClient(o).connect()`;
    // `on()` returns it too (an event emitter's): `createClient(o).on('error', log)`.
    chain: ['connect', 'on'],
    // Every acquisition builds a client object (`new Redis()`, `createClient()`,
    // `duplicate()`): connecting and its failures come later, through the client's events or
    // `connect()`. None is a throw point for what else the function holds.
    acquireCannotThrow: true,
    // A client is also handed around shared: its type confirms, never adds.
    types: {
      resource: { from: 'package', name: ['RedisClientType', 'RedisClient', 'Redis', 'Cluster'], package: ['redis', '@redis/client', 'ioredis'] },
      receiver: { from: 'package', name: ['RedisClientType', 'RedisClient', 'Redis', 'Cluster'], package: ['redis', '@redis/client', 'ioredis'] },
    },
  },
] as const satisfies readonly ResourceModel[];
