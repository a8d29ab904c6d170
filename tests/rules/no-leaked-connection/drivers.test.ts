// no-leaked-connection, one case each for the drivers beyond pg and mysql2: pg `Client`, mysql2
// `createConnection()`, generic-pool, TypeORM, MongoDB, oracledb, mssql.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Reading `.connection` off a TypeORM runner takes no connection (the runner connects lazily).
    {
      code: `import { DataSource } from 'typeorm';
export class Items {
  constructor(private dataSource: DataSource) {}
  async all() {
    const ds = this.dataSource.createQueryRunner('master').connection;
    return ds.getRepository('Item').find();
  }
}`,
    },
    // A LISTEN client with a notification handler lives as long as the process, by design.
    // (Were the handler attached after a query, a throwing query would still leak it.)
    {
      code: `import { Client } from 'pg';
export async function listen(onEvent: () => void) {
  const client = new Client();
  await client.connect();
  client.on('notification', onEvent);
  await client.query('LISTEN new_event');
}`,
    },
    // pg, `pool.query()` checks out and returns a client by itself (from the issue).
    {
      code: `${PG}
async function count() {
  const res = await pool.query('select count(*) from t');
  return res.rows[0];
}`,
    },
    // mysql2, `pool.releaseConnection(conn)` in finally.
    {
      code: `${MYSQL}
async function run(sql: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query(sql);
  } finally {
    pool.releaseConnection(conn);
  }
}`,
    },
    // mysql2, `pool.query()` and `pool.execute()` need no release.
    {
      code: `${MYSQL}
async function count() {
  const [rows] = await pool.query('select count(*) from t');
  await pool.execute('delete from log');
  return rows;
}`,
    },
    // pg Client: `new Client()` + `connect()`, ended in finally.
    {
      code: `import { Client } from 'pg';
async function migrate(sql: string) {
  const client = new Client();
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}`,
    },
    // mysql2 `createConnection()`, ended in finally.
    {
      code: `import mysql from 'mysql2/promise';
async function once(sql: string) {
  const conn = await mysql.createConnection({});
  try {
    return await conn.query(sql);
  } finally {
    await conn.end();
  }
}`,
    },
    // generic-pool: `pool.acquire()` and `pool.release(resource)` in finally.
    {
      code: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
async function use() {
  const resource = await pool.acquire();
  try {
    await work(resource);
  } finally {
    await pool.release(resource);
  }
}`,
    },
    // TypeORM: query runner released in finally, connect and transaction inside try.
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function rename(id: number, name: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    await runner.query('update t set name = $1 where id = $2', [name, id]);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
    },
    // TypeORM: only connect() before the try; a runner whose connect() fails holds no
    // connection (the model's closesOnError).
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function rename(id: number, name: string) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query('update t set name = $1 where id = $2', [name, id]);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
    },
    // TypeORM's MongoDB runner (asserted or declared as one) shares the driver's client and
    // its release() does nothing: there is nothing to give back.
    {
      code: `import { DataSource, MongoQueryRunner } from 'typeorm';
export async function buildIndexes(dataSource: DataSource, tables: string[]) {
  const queryRunner = dataSource.createQueryRunner() as MongoQueryRunner;
  const other: MongoQueryRunner = dataSource.createQueryRunner();
  await Promise.all(tables.map((table) => queryRunner.createCollectionIndex(table, { id: 1 })));
  await other.clearDatabase();
}`,
    },
    // TypeORM: `dataSource.transaction(cb)` manages its own connection.
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function rename(id: number, name: string) {
  await dataSource.transaction(async (manager) => {
    await manager.query('update t set name = $1 where id = $2', [name, id]);
  });
}`,
    },
    // TypeORM: `this.runner ?? ds.createQueryRunner()` released under `if (!this.runner)` (from the issue):
    // the runner is created only when `this.runner` is empty, and this method never assigns it.
    {
      code: `import { DataSource } from 'typeorm';
class Repo {
  runner?: ReturnType<DataSource['createQueryRunner']>;
  constructor(private readonly ds: DataSource) {}
  async find(sql: string) {
    const runner = this.runner ?? this.ds.createQueryRunner();
    try {
      return await runner.query(sql);
    } finally {
      if (!this.runner) await runner.release();
    }
  }
}`,
    },
    // MongoDB: `startSession()` ended in finally.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer() {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      await client.db('bank').collection('a').updateOne({}, { $inc: { n: 1 } }, { session });
    });
  } finally {
    await session.endSession();
  }
}`,
    },
    // MongoDB: `withSession(cb)` ends the session itself.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer() {
  await client.withSession(async (session) => {
    await client.db('bank').collection('a').updateOne({}, { $inc: { n: 1 } }, { session });
  });
}`,
    },
    // oracledb: `getConnection()` closed in finally.
    {
      code: `import oracledb from 'oracledb';
async function count() {
  const connection = await oracledb.getConnection({ user: 'app' });
  try {
    return await connection.execute('select count(*) from t');
  } finally {
    await connection.close();
  }
}`,
    },
    // mssql: a `ConnectionPool` opened in the function and closed in finally.
    {
      code: `import sql from 'mssql';
async function count(config: sql.config) {
  const pool = new sql.ConnectionPool(config);
  await pool.connect();
  try {
    return await pool.query('select count(*) from t');
  } finally {
    await pool.close();
  }
}`,
    },
  ],
  invalid: [
    // TypeORM: startTransaction() after connect() and before the try: a START TRANSACTION
    // that fails leaves the connected runner out of the pool. (A method the throw model lists
    // as quiet on any receiver, MongoDB's synchronous one, is this runner's own I/O.)
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function rename(id: number, name: string) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query('update t set name = $1 where id = $2', [name, id]);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'runner', call: 'await runner.release()', release: 'await runner.release()' },
              output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function rename(id: number, name: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('update t set name = $1 where id = $2', [name, id]);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A runner asserted as another TypeORM runner type is still checked out.
    {
      code: `import { DataSource, PostgresQueryRunner } from 'typeorm';
export async function vacuum(dataSource: DataSource) {
  const runner = dataSource.createQueryRunner() as PostgresQueryRunner;
  await runner.query('vacuum');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'runner', keyword: 'await using' },
              output: `import { DataSource, PostgresQueryRunner } from 'typeorm';
export async function vacuum(dataSource: DataSource) {
  await using runner = dataSource.createQueryRunner() as PostgresQueryRunner;
  await runner.query('vacuum');
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await runner.release()' },
              output: `import { DataSource, PostgresQueryRunner } from 'typeorm';
export async function vacuum(dataSource: DataSource) {
  const runner = dataSource.createQueryRunner() as PostgresQueryRunner;
  try {
    await runner.query('vacuum');
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg Client: `new Client()` + `connect()`, and the query may throw before `end()`.
    {
      code: `import { Client } from 'pg';
async function migrate(sql: string) {
  const client = new Client();
  await client.connect();
  await client.query(sql);
  await client.end();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'client connection from `client.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.end()' },
              output: `import { Client } from 'pg';
async function migrate(sql: string) {
  const client = new Client();
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2 `createConnection()`: the query may throw before `end()`.
    {
      code: `import mysql from 'mysql2/promise';
async function once(sql: string) {
  const conn = await mysql.createConnection({});
  await conn.query(sql);
  await conn.end();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'conn', what: 'connection from `mysql.createConnection()`', exit: 'if `conn.query(…)` on line 4 throws' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await conn.end()' },
              output: `import mysql from 'mysql2/promise';
async function once(sql: string) {
  const conn = await mysql.createConnection({});
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}`,
            },
          ],
        },
      ],
    },
    // generic-pool: `work()` may throw before `pool.release(resource)`.
    {
      code: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
async function use() {
  const resource = await pool.acquire();
  await work(resource);
  await pool.release(resource);
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'resource', what: 'pooled resource from `pool.acquire()`', exit: 'if `work(…)` on line 5 throws' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await pool.release(resource)' },
              output: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
async function use() {
  const resource = await pool.acquire();
  try {
    await work(resource);
  } finally {
    await pool.release(resource);
  }
}`,
            },
          ],
        },
      ],
    },
    // TypeORM: the query runner is released only on the happy path.
    {
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function run(sql: string) {
  const runner = dataSource.createQueryRunner();
  await runner.query(sql);
  await runner.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'runner', what: 'query runner from `dataSource.createQueryRunner()`', exit: 'if `runner.query(…)` on line 5 throws' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'runner', keyword: 'await using' },
              output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function run(sql: string) {
  await using runner = dataSource.createQueryRunner();
  await runner.query(sql);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await runner.release()' },
              output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function run(sql: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(sql);
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // MongoDB: `withTransaction` may throw before `endSession()`.
    {
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer(work: () => Promise<void>) {
  const session = client.startSession();
  await session.withTransaction(work);
  await session.endSession();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'session', what: 'session from `client.startSession()`', exit: 'if `session.withTransaction(…)` on line 5 throws' },
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await session.endSession()' },
              output: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
async function transfer(work: () => Promise<void>) {
  const session = client.startSession();
  try {
    await session.withTransaction(work);
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    // oracledb: `execute` may throw before `close()`.
    {
      code: `import oracledb from 'oracledb';
async function count() {
  const connection = await oracledb.getConnection({ user: 'app' });
  const result = await connection.execute('select count(*) from t');
  await connection.close();
  return result;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'connection', what: 'connection from `oracledb.getConnection()`', exit: 'if `connection.execute(…)` on line 4 throws' },
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 67,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await connection.close()' },
              output: `import oracledb from 'oracledb';
async function count() {
  const connection = await oracledb.getConnection({ user: 'app' });
  let result;
  try {
    result = await connection.execute('select count(*) from t');
  } finally {
    await connection.close();
  }
  return result;
}`,
            },
          ],
        },
      ],
    },
    // mssql: a `ConnectionPool` opened here is never closed.
    {
      code: `import sql from 'mssql';
async function count(config: sql.config) {
  const pool = new sql.ConnectionPool(config);
  await pool.connect();
  return pool.query('select count(*) from t');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'pool', what: 'connection pool from `pool.connect()`', release: 'pool.close()' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await pool.close()' },
              output: `import sql from 'mssql';
async function count(config: sql.config) {
  const pool = new sql.ConnectionPool(config);
  await pool.connect();
  try {
    return await pool.query('select count(*) from t');
  } finally {
    await pool.close();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
