// no-leaked-connection, drivers as data: postgres.js reserved connections (template tags as
// uses, `sql.begin(cb)` settling itself) and redis / ioredis duplicates (subscribers kept
// alive by a method). Each case is a whole module, its imports included.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // node-redis's \`connect()\` resolves to the client itself, and \`on()\` returns it (the
    // model's \`chain\`): returned, stored, released under the name of its result, or in a \`finally\`.
    `import { createClient } from 'redis';
export async function connectRateLimiter(url: string) {
  return createClient({ url }).connect();
}
export async function roundTrip(url: string) {
  const client = await createClient({ url }).connect();
  try {
    await client.set('k', 'v');
  } finally {
    await client.disconnect();
  }
}
export class Health {
  private client: unknown;
  async start(url: string) {
    this.client = createClient({ url }).on('error', (err) => console.error(err));
  }
}
export async function reconnect(url: string, destroyed: boolean) {
  const redis = createClient({ url });
  const connected = await redis.connect();
  if (destroyed) {
    await connected.disconnect();
    throw new Error('destroyed while connecting');
  }
  return connected;
}`,
    // postgres.js: a reserved connection queried through its template tag, released in `finally`.
    `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function count() {
  const reserved = await sql.reserve();
  try {
    const [row] = await reserved\`select count(*) from t\`;
    return row;
  } finally {
    reserved.release();
  }
}`,
    // postgres.js: `sql.begin(cb)` reserves, commits or rolls back, and gives the connection back by itself.
    `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function move(id: number) {
  await sql.begin(async (tx) => {
    await tx\`update a set n = n - 1 where id = \${id}\`;
    await tx\`update b set n = n + 1 where id = \${id}\`;
  });
}`,
    // postgres.js: `using` releases the reserved connection at the end of the block, on every path.
    `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function count() {
  using reserved = await sql.reserve();
  return await reserved\`select 1\`;
}`,
    // `reserve()` on something that is no postgres.js instance, and whose result is not used like a connection.
    `export async function book(seats: { reserve(id: number): Promise<{ number: number }> }, id: number) {
  const seat = await seats.reserve(id);
  return seat.number;
}`,
    // postgres.js: a reserved connection returned to the caller, who releases it.
    `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function lease() {
  const reserved = await sql.reserve();
  return reserved;
}`,
    // node-redis: a duplicate that subscribes is a subscriber kept for its listener, by design (a
    // failed `connect()` has closed the client itself).
    `import { createClient } from 'redis';
const client = createClient();
export async function listen(channel: string, onMessage: (message: string) => void) {
  const sub = client.duplicate();
  await sub.connect();
  await sub.subscribe(channel, onMessage);
}`,
    // ioredis: `pSubscribe`/`psubscribe` and a `message` listener keep the duplicate alive on purpose.
    `import Redis from 'ioredis';
const redis = new Redis();
export function listen(pattern: string) {
  const sub = redis.duplicate();
  sub.psubscribe(pattern);
  sub.on('pmessage', (p, channel, message) => console.log(channel, message));
}`,
    // ioredis: making a client cannot throw (it connects later, failing through its
    // events), so the first client is not left open by the second one's making.
    `import Redis from 'ioredis';
export async function copy(url: string, key: string) {
  const source = new Redis(url);
  const target = source.duplicate();
  try {
    await target.set(key, await source.get(key));
  } finally {
    source.disconnect();
    target.disconnect();
  }
}`,
    // ioredis: a blocking reader closed in `finally` with `disconnect()`.
    `import Redis from 'ioredis';
const redis = new Redis();
export async function pop(key: string) {
  const reader = redis.duplicate();
  try {
    return await reader.blpop(key, 5);
  } finally {
    reader.disconnect();
  }
}`,
    // node-redis: `quit()` and `close()` release too; the duplicate is closed on both paths.
    `import { createClient } from 'redis';
const client = createClient();
export async function pop(key: string, fast: boolean) {
  const reader = client.duplicate();
  await reader.connect();
  try {
    return await reader.blPop(key, 5);
  } finally {
    if (fast) await reader.close();
    else await reader.quit();
  }
}`,
    // Disconnected, connected again, and disconnected again in \`finally\`.
    `import Redis from 'ioredis';
const redis = new Redis();
export async function reconnect(key: string) {
  const reader = redis.duplicate();
  reader.disconnect();
  await reader.connect();
  try {
    return await reader.get(key);
  } finally {
    reader.disconnect();
  }
}`,
    // `duplicate()` on an array-like helper is nothing redis's.
    `export function copy(list: { duplicate(): string[] }) {
  const items = list.duplicate();
  return items.length;
}`,
  ],
  invalid: [
    // The client \`connect()\` resolves to is the one created: never quit.
    {
      code: `import { createClient } from 'redis';
export async function write(url: string) {
  const client = await createClient({ url }).connect();
  await client.set('k', 'v');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'client', call: 'await client.quit()', release: 'await client.quit()' },
              output: `import { createClient } from 'redis';
export async function write(url: string) {
  const client = await createClient({ url }).connect();
  try {
    await client.set('k', 'v');
  } finally {
    await client.quit();
  }
}`,
            },
          ],
        },
      ],
    },
    // Connected again after \`disconnect()\`, it holds a connection again, which nobody closes.
    {
      code: `import Redis from 'ioredis';
const redis = new Redis();
export async function reconnect(key: string) {
  const reader = redis.duplicate();
  await reader.connect();
  reader.disconnect();
  await reader.connect();
  await reader.get(key);
}`,
      errors: [{ messageId: 'leakAtEnd', line: 4, column: 18 }],
    },
    // postgres.js: the tagged query may throw before the release.
    {
      code: `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function count() {
  const reserved = await sql.reserve();
  const [row] = await reserved\`select count(*) from t\`;
  reserved.release();
  return row;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'reserved.release()' },
              output: `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function count() {
  const reserved = await sql.reserve();
  let row;
  try {
    ([row] = await reserved\`select count(*) from t\`);
  } finally {
    reserved.release();
  }
  return row;
}`,
            },
          ],
        },
      ],
    },
    // postgres.js: `sql` from another module, named like one and queried through the tag; never released.
    {
      code: `import { sql } from './db';
export async function ping() {
  const reserved = await sql.reserve();
  await reserved\`select 1\`;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'reserved.release()' },
              output: `import { sql } from './db';
export async function ping() {
  const reserved = await sql.reserve();
  try {
    await reserved\`select 1\`;
  } finally {
    reserved.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // postgres.js: an early return between the reservation and the release.
    {
      code: `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function find(id: number) {
  const reserved = await sql.reserve();
  const rows = await reserved\`select * from t where id = \${id}\`.catch(() => []);
  if (rows.length === 0) return null;
  reserved.release();
  return rows[0];
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'reserved.release()' },
              output: `import postgres from 'postgres';
const sql = postgres('postgres://localhost/app');
export async function find(id: number) {
  const reserved = await sql.reserve();
  let rows;
  try {
    rows = await reserved\`select * from t where id = \${id}\`.catch(() => []);
    if (rows.length === 0) return null;
  } finally {
    reserved.release();
  }
  return rows[0];
}`,
            },
          ],
        },
      ],
    },
    // node-redis: the blocking read may throw before `quit()`.
    {
      code: `import { createClient } from 'redis';
const client = createClient();
export async function pop(key: string) {
  const reader = client.duplicate();
  await reader.connect();
  const item = await reader.blPop(key, 5);
  await reader.quit();
  return item;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await reader.quit()' },
              output: `import { createClient } from 'redis';
const client = createClient();
export async function pop(key: string) {
  const reader = client.duplicate();
  let item;
  try {
    await reader.connect();
    item = await reader.blPop(key, 5);
  } finally {
    await reader.quit();
  }
  return item;
}`,
            },
          ],
        },
      ],
    },
    // ioredis: a duplicate used for one read and never closed.
    {
      code: `import Redis from 'ioredis';
const redis = new Redis();
export async function count(key: string) {
  const conn = redis.duplicate();
  return conn.get(key);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await conn.quit()' },
              output: `import Redis from 'ioredis';
const redis = new Redis();
export async function count(key: string) {
  const conn = redis.duplicate();
  try {
    return await conn.get(key);
  } finally {
    await conn.quit();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
