import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import useAfterReleaseRule from '../../rules/no-use-after-release.js';
import { FIXTURES, PRODUCT_CODE_SETTINGS } from './helpers.js';

// Summaries of what a callee does to a resource it is given (issue: summaries, item 1): it
// returns it (a pass-through), takes it over, or releases it by different methods on
// different branches. Linted as app/src/service.ts of the fixture tree; the helpers are in
// app/src/helpers/ownership.ts.
const filename = `${FIXTURES}app/src/service.ts`;

const ruleTester = new RuleTester({
  settings: PRODUCT_CODE_SETTINGS,
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-leaked-connection: parameter summaries', connectionRule, {
  valid: [
    // A pass-through's result is the same client: releasing it releases \`raw\`. The
    // pass-through (another module) has no throwing operation, so no path leaves between the
    // acquisition and the \`try\` (the cannot-throw summary).
    {
      filename,
      code: `import pg from 'pg';
import { withTimeout } from './helpers/ownership.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const raw = await pool.connect();
  const client = withTimeout(raw, 500);
  try {
    return await client.query(q);
  } finally {
    client.release();
  }
}`,
    },
    // The same in this file, with an async arrow function, through \`await\`.
    {
      filename,
      code: `import pg from 'pg';
const pool = new pg.Pool();
const traced = async (c: pg.PoolClient) => c;
export async function run(q: string) {
  const raw = await pool.connect();
  const client = await traced(raw);
  try {
    return await client.query(q);
  } finally {
    client.release();
  }
}`,
    },
    // A callee that stores the client in module state takes it over.
    {
      filename,
      code: `import pg from 'pg';
import { keep } from './helpers/ownership.js';
const pool = new pg.Pool();
export async function open() {
  const client = await pool.connect();
  keep(client);
}`,
    },
    // release() on one branch, destroy() on the other: the connection ends on both.
    {
      filename,
      code: `import mysql from 'mysql2/promise';
import { finish } from './helpers/ownership.js';
const pool = mysql.createPool({});
export async function run(q: string) {
  const conn = await pool.getConnection();
  try {
    await conn.query(q);
  } catch (error) {
    finish(conn, true);
    throw error;
  }
  finish(conn, false);
}`,
    },
  ],
  invalid: [
    // A pass-through that can throw (it runs a query) stands between the acquisition and the
    // \`try\`: \`raw\` leaks on that path. Its result is the same client, so the release in the
    // \`finally\` releases \`raw\` ("never released" would be false).
    {
      filename,
      code: `import pg from 'pg';
const pool = new pg.Pool();
const limited = async (c: pg.PoolClient) => {
  await c.query('SET statement_timeout = 500');
  return c;
};
export async function run(q: string) {
  const raw = await pool.connect();
  const client = await limited(raw);
  try {
    return await client.query(q);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'leakOnThrow', line: 8, data: { name: 'raw', what: 'pool connection from `pool.connect()`', exit: 'if `limited(…)` on line 9 throws' } }],
    },
    // Through the pass-through, the client is still never released.
    {
      filename,
      code: `import pg from 'pg';
import { traced } from './helpers/ownership.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const raw = await pool.connect();
  const client = traced(raw);
  return client.query(q);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'raw.release()' },
              output: `import pg from 'pg';
import { traced } from './helpers/ownership.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const raw = await pool.connect();
  try {
    const client = traced(raw);
    return await client.query(q);
  } finally {
    raw.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-use-after-release: a callee that takes the resource over', useAfterReleaseRule, {
  valid: [
    // Taken over is not released: using it afterwards is not a use after release.
    {
      filename,
      code: `import pg from 'pg';
import { keep } from './helpers/ownership.js';
const pool = new pg.Pool();
export async function open(q: string) {
  const client = await pool.connect();
  keep(client);
  return client.query(q);
}`,
    },
  ],
  invalid: [],
});

// A helper that releases unless another parameter says the client belongs to an outer
// transaction: a call that passes a known value for it gets the summary for that value; any
// other call is a use, after which the report names the leaking path ("never released" would
// be false: the helper does release on some paths).
ruleTester.run('no-leaked-connection: releases unless a flag is set', connectionRule, {
  valid: [
    // The flag left out takes its default (`false`): settle() releases on every path.
    {
      filename,
      code: `import pg from 'pg';
import { settle } from './helpers/release.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const client = await pool.connect();
  try {
    return await client.query(q);
  } finally {
    settle(client);
  }
}`,
    },
    // A same-file helper, called with a literal and with a constant that say "not nested".
    {
      filename,
      code: `import pg from 'pg';
const pool = new pg.Pool();
const NESTED = false;
function done(client: pg.PoolClient, nested: boolean) {
  if (!nested) client.release();
}
export async function run(q: string) {
  const client = await pool.connect();
  try {
    await client.query(q);
  } catch (error) {
    done(client, NESTED);
    throw error;
  }
  done(client, false);
}`,
    },
  ],
  invalid: [
    // Called as nested, settle() never releases: no path does.
    {
      filename,
      code: `import pg from 'pg';
import { settle } from './helpers/release.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const client = await pool.connect();
  try {
    return await client.query(q);
  } finally {
    settle(client, true);
  }
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
              output: `import pg from 'pg';
import { settle } from './helpers/release.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const client = await pool.connect();
  try {
    try {
      return await client.query(q);
    } finally {
      settle(client, true);
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // With the flag unknown the call is a use: the client stays open on the return when
    // \`outer\` is set. Some path releases it, so the report names the exit.
    {
      filename,
      code: `import pg from 'pg';
import { settle } from './helpers/release.js';
const pool = new pg.Pool();
export async function run(q: string, outer: boolean) {
  const client = await pool.connect();
  try {
    return await client.query(q);
  } finally {
    settle(client, outer);
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'on the `return` on line 7' },
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
  ],
});
