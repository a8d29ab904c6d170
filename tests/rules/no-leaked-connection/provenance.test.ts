// no-leaked-connection, where a receiver comes from (src/provenance): pools kept in fields set in
// constructors, in module-level objects, injected with a driver type or by a caller in view, and
// look-alikes whose every origin is no pool.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Provenance: a method of the class that returns a Map is no pool, whatever it is called.
    {
      code: `import pg from 'pg';
export class Cache {
  private entries = new Map();
  private pool() {
    return this.entries;
  }
  async read(key) {
    const entry = await this.pool().connect();
    await entry.query(key);
  }
}
export const fallback = new pg.Pool();`,
    },
    // Provenance: a "pool" the only caller in view makes as a Map is no pool, whatever its name.
    {
      code: `export class Cache {
  constructor(pool) {
    this.pool = pool;
  }
  async read(key) {
    const entry = await this.pool.connect();
    await entry.query(key);
  }
}
export const cache = new Cache(new Map());`,
    },
    // Provenance: a socket kept in a field named pool, in a file that imports pg.
    {
      code: `import net from 'node:net';
import type { PoolClient } from 'pg';
export class Probe {
  pool = net.connect({ port: 5432 });
  async check(client: PoolClient) {
    const reply = await this.pool.connect();
    await reply.query('x');
    return client;
  }
}`,
    },
  ],
  invalid: [
    // Provenance: the receiver is what a method of the class returns, by its declared type.
    {
      code: `import { MongoClient } from 'mongodb';
export class Store {
  protected client!: MongoClient;
  getClient(): MongoClient {
    return this.client;
  }
  async touch(): Promise<void> {
    const session = this.getClient().startSession();
    await session.withTransaction(async () => {});
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 8,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { MongoClient } from 'mongodb';
export class Store {
  protected client!: MongoClient;
  getClient(): MongoClient {
    return this.client;
  }
  async touch(): Promise<void> {
    const session = this.getClient().startSession();
    try {
      await session.withTransaction(async () => {});
    } finally {
      await session.endSession();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Provenance: the receiver is what a function of the file returns, by its return statement.
    {
      code: `import pg from 'pg';
const primary = new pg.Pool();
function pick() {
  return primary;
}
export async function list() {
  const client = await pick().connect();
  await client.query('select 1');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 7,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import pg from 'pg';
const primary = new pg.Pool();
function pick() {
  return primary;
}
export async function list() {
  const client = await pick().connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Provenance: a pool kept in a field set in the constructor, under a name that says nothing.
    {
      code: `import pg from 'pg';
export class Orders {
  constructor(config) {
    this.primary = new pg.Pool(config);
  }
  async list() {
    const client = await this.primary.connect();
    await client.query('select 1');
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 7,
          data: { name: 'client', what: 'pool connection from `this.primary.connect()`', release: 'client.release()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import pg from 'pg';
export class Orders {
  constructor(config) {
    this.primary = new pg.Pool(config);
  }
  async list() {
    const client = await this.primary.connect();
    try {
      await client.query('select 1');
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Provenance: destructured from a module-level object that holds the pool.
    {
      code: `import pg from 'pg';
const db = { primary: new pg.Pool() };
export async function list() {
  const { primary } = db;
  const client = await primary.connect();
  await client.query('select 1');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          data: { name: 'client', what: 'pool connection from `primary.connect()`', release: 'client.release()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import pg from 'pg';
const db = { primary: new pg.Pool() };
export async function list() {
  const { primary } = db;
  const client = await primary.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Provenance: an injected constructor parameter typed with the driver's type.
    {
      code: `import type { Pool } from 'pg';
export class Orders {
  constructor(private readonly db: Pool) {}
  async list() {
    const client = await this.db.connect();
    await client.query('select 1');
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          data: { name: 'client', what: 'pool connection from `this.db.connect()`', release: 'client.release()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import type { Pool } from 'pg';
export class Orders {
  constructor(private readonly db: Pool) {}
  async list() {
    const client = await this.db.connect();
    try {
      await client.query('select 1');
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Provenance: an injected parameter with no type and no caller in view is known by its name, and the result's use confirms it.
    {
      code: `export class Orders {
  constructor(pool) {
    this.pool = pool;
  }
  async list() {
    const client = await this.pool.connect();
    await client.query('select 1');
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 6,
          data: { name: 'client', what: 'pool connection from `this.pool.connect()`', release: 'client.release()' },
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `export class Orders {
  constructor(pool) {
    this.pool = pool;
  }
  async list() {
    const client = await this.pool.connect();
    try {
      await client.query('select 1');
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // Provenance: an injected parameter fed by a factory of the driver at the call site in the file.
    {
      code: `import mysql from 'mysql2/promise';
class Orders {
  constructor(db) {
    this.db = db;
  }
  async list() {
    const conn = await this.db.getConnection();
    await conn.query('select 1');
  }
}
export const orders = new Orders(mysql.createPool({}));`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 7,
          data: { name: 'conn', what: 'pool connection from `this.db.getConnection()`', release: 'conn.release()' },
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `import mysql from 'mysql2/promise';
class Orders {
  constructor(db) {
    this.db = db;
  }
  async list() {
    await using conn = await this.db.getConnection();
    await conn.query('select 1');
  }
}
export const orders = new Orders(mysql.createPool({}));`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `import mysql from 'mysql2/promise';
class Orders {
  constructor(db) {
    this.db = db;
  }
  async list() {
    const conn = await this.db.getConnection();
    try {
      await conn.query('select 1');
    } finally {
      conn.release();
    }
  }
}
export const orders = new Orders(mysql.createPool({}));`,
            },
          ],
        },
      ],
    },
  ],
});
