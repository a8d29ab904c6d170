/**
 * What provenance may reach that is no database pool or client, whatever a receiver is
 * called (`const pool = new Map()`, `this.client = net.connect()`, `this.client =
 * axios.create()`). Data only: a receiver traced to one of these on every path is no
 * receiver of any model.
 */

/** Global constructors whose instances have `get`/`connect`-like methods of their own. */
export const NON_POOL_CONSTRUCTORS: readonly string[] = [
  'Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'Object', 'Promise', 'EventTarget', 'URL',
  'WebSocket', 'AbortController', 'Worker', 'MessageChannel', 'BroadcastChannel',
];

/** Packages (Node built-ins and HTTP / messaging clients) that make sockets, servers, emitters and HTTP clients. */
export const NON_POOL_PACKAGES: readonly string[] = [
  'net', 'node:net', 'tls', 'node:tls', 'dgram', 'node:dgram', 'http', 'node:http', 'https', 'node:https',
  'http2', 'node:http2', 'events', 'node:events', 'stream', 'node:stream', 'child_process', 'node:child_process',
  'worker_threads', 'node:worker_threads', 'ws', 'socket.io', 'socket.io-client', 'axios', 'got', 'undici',
  'node-fetch', 'superagent', 'eventemitter3', 'lru-cache', 'quick-lru',
];

/** Factories (package.export) of the same kinds of values, in packages that also export other things. */
export const NON_POOL_FACTORIES: readonly string[] = ['net.connect', 'net.createConnection', 'tls.connect'];
