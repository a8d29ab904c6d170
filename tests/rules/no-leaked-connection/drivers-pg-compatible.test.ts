// no-leaked-connection, drivers as data: pools that copy node-postgres's API (Neon's
// serverless driver, @vercel/postgres). Each case is a whole module, its imports included.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Neon: a checked-out client released in `finally`.
    `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function count() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select count(*) from t');
    return rows[0];
  } finally {
    client.release();
  }
}`,
    // @vercel/postgres: a client of a `createPool()` pool, queried through its `sql` tag, released in `finally`.
    `import { createPool } from '@vercel/postgres';
const pool = createPool({ connectionString: process.env.POSTGRES_URL });
export async function names() {
  const client = await pool.connect();
  try {
    return (await client.sql\`select name from users\`).rows;
  } finally {
    client.release();
  }
}`,
    // mssql's global pool: \`sql.connect()\` is not taken for @vercel/postgres's ready-made pool by its name.
    `import sql from 'mssql';
export async function names() {
  const pool = await sql.connect(process.env.MSSQL_URL);
  return (await pool.query\`select name from users\`).recordset;
}`,
  ],
  invalid: [
    // Neon: the query may throw before `release()`.
    {
      code: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function count() {
  const client = await pool.connect();
  const { rows } = await client.query('select count(*) from t');
  client.release();
  return rows[0];
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function count() {
  const client = await pool.connect();
  let rows;
  try {
    ({ rows } = await client.query('select count(*) from t'));
  } finally {
    client.release();
  }
  return rows[0];
}`,
            },
          ],
        },
      ],
    },
    // @vercel/postgres: `connect()` on a new VercelPool checks a client out that nobody keeps.
    {
      code: `import { VercelPool } from '@vercel/postgres';
export async function connect(url: string) {
  const pool = new VercelPool({ connectionString: url });
  await pool.connect();
  return pool;
}`,
      errors: [{ messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 23 }],
    },
  ],
});
