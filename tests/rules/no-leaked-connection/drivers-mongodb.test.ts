// no-leaked-connection, drivers as data: MongoDB clients opened in a function
// (`new MongoClient(url)` then `connect()`, or the static `MongoClient.connect(url)`), closed
// with `close()`. Each case is a whole module.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Connected, used and closed in `finally`.
    `import { MongoClient } from 'mongodb';
export async function count(url: string) {
  const client = new MongoClient(url);
  try {
    await client.connect();
    return await client.db().collection('users').countDocuments();
  } finally {
    await client.close();
  }
}`,
    // A factory that connects and returns the client: the caller owns it. `db(name)` builds
    // a handle without I/O, so it is no throw point between the two.
    `import { MongoClient } from 'mongodb';
export async function open(url: string, name: string) {
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db(name);
  return { client, db };
}`,
    // A database handle returned or stored keeps the client: whoever keeps the handle keeps
    // the client for as long as it uses the database (\`db(name)\` is the model's \`handles\`).
    `import { MongoClient } from 'mongodb';
export async function database(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  return client.db('app');
}
export async function named(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db('app');
  return db;
}
export class Repo {
  db?: ReturnType<MongoClient['db']>;
  async start(url: string) {
    const client = await MongoClient.connect(url);
    this.db = client.db();
  }
}`,
    // The module's client lives for the process; connecting it in a function takes nothing.
    `import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL ?? '');
export async function ping() {
  await client.connect();
  await client.db().command({ ping: 1 });
}`,
    // Stored in a field: the object's `close()` is its owner's business.
    `import { MongoClient } from 'mongodb';
export class Store {
  client?: MongoClient;
  async start(url: string) {
    const client = new MongoClient(url);
    await client.connect();
    this.client = client;
  }
}`,
    // A client never connected in view is not tracked (another function may connect it).
    `import { MongoClient } from 'mongodb';
export function make(url: string) {
  const client = new MongoClient(url);
  return client.db('app');
}`,
    // The static form, closed in \`finally\`.
    `import { MongoClient } from 'mongodb';
export async function names(url: string) {
  const client = await MongoClient.connect(url);
  try {
    return await client.db().listCollections().toArray();
  } finally {
    await client.close();
  }
}`,
    // Another library's \`connect()\` on a class of another name.
    `import { MongoClient } from 'mongodb';
import { Socket } from 'node:net';
export async function dial(port: number) {
  const socket = new Socket();
  socket.connect(port);
  await new Promise((resolve) => socket.once('connect', resolve));
  return MongoClient.name;
}`,
  ],
  invalid: [
    // A factory that connects and pings: a failed ping drops the connected client (its caller
    // never gets it to close).
    {
      code: `import { MongoClient } from 'mongodb';
export async function createClient(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  await client.db().command({ ping: 1 });
  return client;
}`,
      errors: [
        {
          messageId: 'leakOnThrowReturned',
          data: {
            name: 'client',
            what: 'MongoDB client from `client.connect()`',
            exit: 'if `client.db().command(…)` on line 5 throws',
          },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'releaseInCatchSuggestion',
              data: { name: 'client', call: 'await client.close()' },
              output: `import { MongoClient } from 'mongodb';
export async function createClient(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  try {
    await client.db().command({ ping: 1 });
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}`,
            },
          ],
        },
      ],
    },
    // The static form, closed on the normal path only.
    {
      code: `import { MongoClient } from 'mongodb';
export async function names(url: string) {
  const client = await MongoClient.connect(url);
  const list = await client.db().listCollections().toArray();
  await client.close();
  return list;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.close()' },
              output: `import { MongoClient } from 'mongodb';
export async function names(url: string) {
  const client = await MongoClient.connect(url);
  let list;
  try {
    list = await client.db().listCollections().toArray();
  } finally {
    await client.close();
  }
  return list;
}`,
            },
          ],
        },
      ],
    },
    // A handle kept in a local is only a way of using the client: a failing count skips
    // the close.
    {
      code: `import { MongoClient } from 'mongodb';
export async function count(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db('app');
  const n = await db.collection('users').countDocuments();
  await client.close();
  return n;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'MongoDB client from `client.connect()`', exit: "if `db.collection('users').countDocuments(…)` on line 6 throws" },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.close()' },
              output: `import { MongoClient } from 'mongodb';
export async function count(url: string) {
  const client = new MongoClient(url);
  await client.connect();
  let n;
  try {
    const db = client.db('app');
    n = await db.collection('users').countDocuments();
  } finally {
    await client.close();
  }
  return n;
}`,
            },
          ],
        },
      ],
    },
    // The class required inside the function (\`require('mongodb').MongoClient\`), and a client
    // never closed.
    {
      code: `export async function importUsers(url: string) {
  const MongoClient = require('mongodb').MongoClient;
  const client = await MongoClient.connect(url);
  return client.db().collection('users').countDocuments();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.close()' },
              output: `export async function importUsers(url: string) {
  const MongoClient = require('mongodb').MongoClient;
  const client = await MongoClient.connect(url);
  try {
    return await client.db().collection('users').countDocuments();
  } finally {
    await client.close();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
