// no-leaked-connection, drivers as data: Prisma clients made by `new` in a function, mongoose
// sessions, the pools ORMs build on (sequelize-pool, tarn) and the ORMs' own pool wrappers
// (knex's client, Sequelize's connection manager). Each case is a whole module.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Prisma: a client made in a function and disconnected in `finally`; the class generated into
    // the project counts wherever it is imported from.
    `import { PrismaClient } from './generated/prisma/client';
export async function seed() {
  const prisma = new PrismaClient();
  try {
    await prisma.user.create({ data: { name: 'a' } });
  } finally {
    await prisma.$disconnect();
  }
}`,
    // Prisma: the module-level singleton lives for the process; a client stored globally or returned
    // is someone else's to disconnect.
    `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient();
const cache = globalThis as unknown as { prisma?: PrismaClient };
export function db() {
  cache.prisma ??= new PrismaClient();
  return cache.prisma;
}
export function create() {
  return new PrismaClient({ log: ['query'] });
}`,
    // A class of another name is no Prisma client.
    `import { PrismaClientKnownRequestError } from '@prisma/client/runtime/library';
export function wrap(message: string) {
  const error = new PrismaClientKnownRequestError(message, { code: 'P2002', clientVersion: '6' });
  return error.code;
}`,
    // mongoose: a session on a connection made here, ended in `finally`.
    `import mongoose from 'mongoose';
const conn = mongoose.createConnection('mongodb://localhost/app');
export async function transfer() {
  const session = await conn.startSession();
  try {
    await session.withTransaction(async () => {});
  } finally {
    await session.endSession();
  }
}`,
    // mongoose: `connection.transaction(cb)` ends its own session.
    `import mongoose from 'mongoose';
export async function transfer() {
  await mongoose.connection.transaction(async (session) => {
    await mongoose.model('Account').updateOne({}, { $inc: { n: 1 } }, { session });
  });
}`,
    // sequelize-pool: destroyed in the `catch` that rethrows, released on the happy path.
    `import { Pool } from 'sequelize-pool';
const pool = new Pool({ name: 'db', create: async () => ({}), destroy: async () => {}, validate: () => true, max: 5 });
export async function run(work: (c: object) => Promise<void>) {
  const conn = await pool.acquire();
  try {
    await work(conn);
  } catch (error) {
    await pool.destroy(conn);
    throw error;
  }
  pool.release(conn);
}`,
    // tarn: `acquire()` returns a pending operation; its `.promise` is the resource, released in `finally`.
    `import { Pool } from 'tarn';
const pool = new Pool({ create: async () => ({}), destroy: async () => {}, min: 0, max: 4 });
export async function run(work: (c: object) => Promise<void>) {
  const resource = await pool.acquire().promise;
  try {
    await work(resource);
  } finally {
    pool.release(resource);
  }
}`,
    // Sequelize's own pool wrapper: a raw connection given back through the connection manager.
    `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');
export async function raw(sql: string) {
  const conn = await sequelize.connectionManager.getConnection({ type: 'write' });
  try {
    return await conn.query(sql);
  } finally {
    sequelize.connectionManager.releaseConnection(conn);
  }
}`,
  ],
  invalid: [
    // Prisma: a client made in a function and never disconnected keeps its pool open.
    {
      code: `import { PrismaClient } from '@prisma/client';
export async function seed() {
  const prisma = new PrismaClient();
  await prisma.user.create({ data: { name: 'a' } });
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await prisma.$disconnect()' },
              output: `import { PrismaClient } from '@prisma/client';
export async function seed() {
  const prisma = new PrismaClient();
  try {
    await prisma.user.create({ data: { name: 'a' } });
  } finally {
    await prisma.$disconnect();
  }
}`,
            },
          ],
        },
      ],
    },
    // Prisma: the query may throw before `$disconnect()`.
    {
      code: `import { PrismaClient } from '@prisma/client';
export async function seed() {
  const prisma = new PrismaClient();
  await prisma.user.create({ data: { name: 'a' } });
  await prisma.$disconnect();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await prisma.$disconnect()' },
              output: `import { PrismaClient } from '@prisma/client';
export async function seed() {
  const prisma = new PrismaClient();
  try {
    await prisma.user.create({ data: { name: 'a' } });
  } finally {
    await prisma.$disconnect();
  }
}`,
            },
          ],
        },
      ],
    },
    // mongoose: `withTransaction` may throw before `endSession()`.
    {
      code: `import mongoose from 'mongoose';
export async function transfer(from: string) {
  const session = await mongoose.startSession();
  await session.withTransaction(async () => {
    await mongoose.model('Account').updateOne({ _id: from }, { $inc: { n: -1 } }, { session });
  });
  await session.endSession();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 25,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await session.endSession()' },
              output: `import mongoose from 'mongoose';
export async function transfer(from: string) {
  const session = await mongoose.startSession();
  try {
    await session.withTransaction(async () => {
      await mongoose.model('Account').updateOne({ _id: from }, { $inc: { n: -1 } }, { session });
    });
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    // mongoose: a session from a model (`model()` made here); the update may throw before the end.
    {
      code: `import { model, Schema } from 'mongoose';
const User = model('User', new Schema({ name: String }));
export async function rename(id: string, name: string) {
  const session = await User.startSession();
  session.startTransaction();
  await User.updateOne({ _id: id }, { name }, { session });
  await session.commitTransaction();
  await session.endSession();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 25,
          endLine: 4,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await session.endSession()' },
              output: `import { model, Schema } from 'mongoose';
const User = model('User', new Schema({ name: String }));
export async function rename(id: string, name: string) {
  const session = await User.startSession();
  try {
    session.startTransaction();
    await User.updateOne({ _id: id }, { name }, { session });
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    // sequelize-pool: the work may throw before `pool.release(conn)`.
    {
      code: `import { Pool } from 'sequelize-pool';
const pool = new Pool({ name: 'db', create: async () => ({}), destroy: async () => {}, validate: () => true, max: 5 });
export async function run(work: (c: object) => Promise<void>) {
  const conn = await pool.acquire();
  await work(conn);
  pool.release(conn);
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'pool.release(conn)' },
              output: `import { Pool } from 'sequelize-pool';
const pool = new Pool({ name: 'db', create: async () => ({}), destroy: async () => {}, validate: () => true, max: 5 });
export async function run(work: (c: object) => Promise<void>) {
  const conn = await pool.acquire();
  try {
    await work(conn);
  } finally {
    pool.release(conn);
  }
}`,
            },
          ],
        },
      ],
    },
    // tarn: the work may throw before `pool.release(resource)`.
    {
      code: `import { Pool } from 'tarn';
const pool = new Pool({ create: async () => ({}), destroy: async () => {}, min: 0, max: 4 });
export async function run(work: (c: object) => Promise<void>) {
  const resource = await pool.acquire().promise;
  await work(resource);
  pool.release(resource);
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'pool.release(resource)' },
              output: `import { Pool } from 'tarn';
const pool = new Pool({ create: async () => ({}), destroy: async () => {}, min: 0, max: 4 });
export async function run(work: (c: object) => Promise<void>) {
  const resource = await pool.acquire().promise;
  try {
    await work(resource);
  } finally {
    pool.release(resource);
  }
}`,
            },
          ],
        },
      ],
    },
    // tarn, with the pool from another module: named like a pool and given back with `pool.release`;
    // the work may throw first.
    {
      code: `import { pool } from './pool';
export async function run(work: (c: object) => Promise<void>) {
  const resource = await pool.acquire().promise;
  await work(resource);
  pool.release(resource);
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'pool.release(resource)' },
              output: `import { pool } from './pool';
export async function run(work: (c: object) => Promise<void>) {
  const resource = await pool.acquire().promise;
  try {
    await work(resource);
  } finally {
    pool.release(resource);
  }
}`,
            },
          ],
        },
      ],
    },
    // knex's own pool wrapper: the query may throw before `releaseConnection`.
    {
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function raw(sql: string) {
  const conn = await db.client.acquireConnection();
  const result = await conn.query(sql);
  await db.client.releaseConnection(conn);
  return result;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await db.client.releaseConnection(conn)' },
              output: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function raw(sql: string) {
  const conn = await db.client.acquireConnection();
  let result;
  try {
    result = await conn.query(sql);
  } finally {
    await db.client.releaseConnection(conn);
  }
  return result;
}`,
            },
          ],
        },
      ],
    },
    // Sequelize's own pool wrapper: a raw connection never given back.
    {
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');
export async function raw(sql: string) {
  const conn = await sequelize.connectionManager.getConnection({ type: 'read' });
  return conn.query(sql);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 81,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'sequelize.connectionManager.releaseConnection(conn)' },
              output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');
export async function raw(sql: string) {
  const conn = await sequelize.connectionManager.getConnection({ type: 'read' });
  try {
    return await conn.query(sql);
  } finally {
    sequelize.connectionManager.releaseConnection(conn);
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
