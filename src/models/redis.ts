import type { ResourceModel } from './types.js';

/** Subscribing makes a client a subscriber: kept open for its listeners, on purpose. */
const subscribe = ['subscribe', 'pSubscribe', 'sSubscribe', 'psubscribe', 'ssubscribe', 'monitor'];

/**
 * node-redis and ioredis: `client.duplicate()` opens another connection (a subscriber, a
 * blocking reader) that the function must close — `quit()`, `close()`, `disconnect()` or
 * `destroy()` — unless it subscribes, which keeps it for its listeners by design. The
 * client made at module level lives for the process and is not tracked.
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
    ],
    release: ['quit', 'close', 'disconnect', 'destroy'],
    uses: ['connect', 'get', 'set', 'del', 'publish', 'sendCommand', 'call', 'multi', 'blPop', 'brPop', 'blpop', 'brpop', 'xRead', 'xread', ...subscribe],
    keepAliveMethods: subscribe,
    // node-redis: `connect()` rejects only once its reconnect strategy gives up, and then
    // it has closed the socket itself.
    closesOnError: ['connect'],
    releaseIsAsync: true,
    // A client is also handed around shared: its type confirms, never adds.
    types: {
      resource: { from: 'package', name: ['RedisClientType', 'RedisClient', 'Redis', 'Cluster'], package: ['redis', '@redis/client', 'ioredis'] },
      receiver: { from: 'package', name: ['RedisClientType', 'RedisClient', 'Redis', 'Cluster'], package: ['redis', '@redis/client', 'ioredis'] },
    },
  },
] as const satisfies readonly ResourceModel[];
