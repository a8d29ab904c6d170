// no-leaked-connection, what other functions do: same-file releasers and acquirers, helpers that
// only use the connection, overwritten and discarded connections.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // pg, release through a same-file helper that releases its parameter on every path (from the issue).
    {
      code: `${PG}
function releaseQuietly(client: pg.PoolClient) {
  try {
    client.release();
  } catch {
    // already released
  }
}
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    releaseQuietly(client);
  }
}`,
    },
    // TypeORM query builders: a same-class helper returns the builder's runner or a fresh
    // one, and the finally releases exactly the fresh one (`queryRunner !== this.queryRunner`).
    {
      code: `import { DataSource, QueryRunner } from 'typeorm';
export class Builder {
  queryRunner?: QueryRunner;
  constructor(private dataSource: DataSource) {}
  protected obtainQueryRunner() {
    return this.queryRunner ?? this.dataSource.createQueryRunner();
  }
  async execute(sql: string): Promise<unknown> {
    const queryRunner = this.obtainQueryRunner();
    try {
      return await queryRunner.query(sql);
    } finally {
      if (queryRunner !== this.queryRunner) await queryRunner.release();
    }
  }
}`,
    },
  ],
  invalid: [
    // `registerTypes(client)` only uses the client: a name that does not say "keep" or
    // "release" takes nothing over, so the query that may throw leaks it.
    {
      code: `${PG}
async function vectors(pgvector: { registerTypes(c: pg.PoolClient): Promise<void> }) {
  const client = await pool.connect();
  await pgvector.registerTypes(client);
  const res = await client.query('select 1');
  return res.rows;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function vectors(pgvector: { registerTypes(c: pg.PoolClient): Promise<void> }) {
  const client = await pool.connect();
  try {
    await pgvector.registerTypes(client);
    const res = await client.query('select 1');
    return res.rows;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A same-file function is judged by its body, not its name: this one releases nothing.
    {
      code: `${PG}
function closeQuietly(client: pg.PoolClient): void {
  void client;
}
async function run() {
  const client = await pool.connect();
  closeQuietly(client);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
function closeQuietly(client: pg.PoolClient): void {
  void client;
}
async function run() {
  const client = await pool.connect();
  try {
    closeQuietly(client);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, passed to a same-file helper that only queries, then dropped (from the issue): a use,
    // not a hand-off.
    {
      code: `${PG}
async function runQuery(client: pg.PoolClient, sql: string) {
  return client.query(sql);
}
async function run() {
  const client = await pool.connect();
  await runQuery(client, 'select 1');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
async function runQuery(client: pg.PoolClient, sql: string) {
  return client.query(sql);
}
async function run() {
  const client = await pool.connect();
  try {
    await runQuery(client, 'select 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, passed to an unknown helper: still this function's job to release it.
    {
      code: `${PG}
import { audit } from './audit';
async function run() {
  const client = await pool.connect();
  await audit(client);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
import { audit } from './audit';
async function run() {
  const client = await pool.connect();
  try {
    await audit(client);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, a same-file acquirer: the caller of getClient() owns the client and never ends it
    // (from the issue).
    {
      code: `import { Client } from 'pg';
async function getClient() {
  const c = new Client();
  await c.connect();
  return c;
}
async function report() {
  const client = await getClient();
  const res = await client.query('select 1');
  return res.rows;
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'client connection from `getClient()`', release: 'client.end()' },
          line: 8,
          column: 24,
          endLine: 8,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'await client.end()' },
              output: `import { Client } from 'pg';
async function getClient() {
  const c = new Client();
  await c.connect();
  return c;
}
async function report() {
  const client = await getClient();
  try {
    const res = await client.query('select 1');
    return res.rows;
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg, overwriting a held connection loses the first one (from the issue).
    {
      code: `${PG}
async function run(sql: string) {
  let client = await pool.connect();
  client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'overwritten',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on line 5' },
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 36,
          suggestions: [],
        },
      ],
    },
    // pg, `await pool.connect();` discarded (from the issue).
    {
      code: `${PG}
async function warmUp() {
  await pool.connect();
}`,
      errors: [
        {
          messageId: 'discarded',
          data: { what: 'pool connection from `pool.connect()`' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 23,
          suggestions: [],
        },
      ],
    },
    // pg, a same-file acquirer method called as `this.getClient()`: the caller owns the client.
    {
      code: `${PG}
class Store {
  async getClient() {
    return pool.connect();
  }
  async count() {
    const client = await this.getClient();
    const res = await client.query('select count(*) from t');
    return res.rows;
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `this.getClient()`', release: 'client.release()' },
          line: 8,
          column: 26,
          endLine: 8,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
class Store {
  async getClient() {
    return pool.connect();
  }
  async count() {
    const client = await this.getClient();
    try {
      const res = await client.query('select count(*) from t');
      return res.rows;
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
    // mysql2, passed to a same-file helper that only queries: a use, not a hand-off.
    {
      code: `${MYSQL}
async function insert(conn: unknown, row: unknown) {
  return (conn as { query(q: string, v: unknown[]): Promise<unknown> }).query('insert into t set ?', [row]);
}
async function run(row: unknown) {
  const conn = await pool.getConnection();
  await insert(conn, row);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', release: 'conn.release()' },
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `${MYSQL}
async function insert(conn: unknown, row: unknown) {
  return (conn as { query(q: string, v: unknown[]): Promise<unknown> }).query('insert into t set ?', [row]);
}
async function run(row: unknown) {
  await using conn = await pool.getConnection();
  await insert(conn, row);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'conn.release()' },
              output: `${MYSQL}
async function insert(conn: unknown, row: unknown) {
  return (conn as { query(q: string, v: unknown[]): Promise<unknown> }).query('insert into t set ?', [row]);
}
async function run(row: unknown) {
  const conn = await pool.getConnection();
  try {
    await insert(conn, row);
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2, overwriting a held connection.
    {
      code: `${MYSQL}
async function run() {
  let conn = await pool.getConnection();
  conn = await pool.getConnection();
  conn.release();
}`,
      errors: [
        {
          messageId: 'overwritten',
          data: { name: 'conn', what: 'pool connection from `pool.getConnection()`', exit: 'on line 5' },
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
    // mysql2, `await pool.getConnection();` discarded.
    {
      code: `${MYSQL}
async function warmUp() {
  await pool.getConnection();
}`,
      errors: [
        {
          messageId: 'discarded',
          data: { what: 'pool connection from `pool.getConnection()`' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 29,
          suggestions: [],
        },
      ],
    },
  ],
});
