import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import { FIXTURES, PRODUCT_CODE_SETTINGS } from './helpers.js';

// Each case is linted as app/src/service.ts of the fixture tree (tests/fixtures/summaries),
// so its imports reach the modules, the workspace packages and node_modules there.
const filename = `${FIXTURES}app/src/service.ts`;

const ruleTester = new RuleTester({
  settings: PRODUCT_CODE_SETTINGS,
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-leaked-connection across modules', connectionRule, {
  valid: [
    // An acquirer in another module, released in a finally here.
    {
      filename,
      code: `import { getClient } from './db.js';
export async function run(q: string) {
  const client = await getClient();
  try {
    return await client.query(q);
  } finally {
    client.release();
  }
}`,
    },
    // commit and rollback from a barrel each release: no path keeps the client.
    {
      filename,
      code: `import pg from 'pg';
import { commit, rollback } from './utils/index.js';
const pool = new pg.Pool();
export async function transfer(q: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(q);
    await commit(client);
  } catch (error) {
    await rollback(client);
    throw error;
  }
}`,
    },
    // A releaser in another module, in the finally.
    {
      filename,
      code: `import { getClient, releaseQuietly } from './db.js';
export async function run(q: string) {
  const client = await getClient();
  try {
    return await client.query(q);
  } finally {
    releaseQuietly(client);
  }
}`,
    },
    // A releaser in a workspace package (not built: read from its src/).
    {
      filename,
      code: `import pg from 'pg';
import { done } from '@acme/pg-helpers';
const pool = new pg.Pool();
export async function run(q: string) {
  const client = await pool.connect();
  try {
    return await client.query(q);
  } finally {
    done(client);
  }
}`,
    },
    // A chain of releasing helpers over three modules.
    {
      filename,
      code: `import pg from 'pg';
import { h0 } from './helpers/chain.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const client = await pool.connect();
  try {
    return await client.query(q);
  } finally {
    h0(client);
  }
}`,
    },
    // Different releases on different branches still release on every path.
    {
      filename,
      code: `import pg from 'pg';
import { releaseOrDestroy } from './helpers/release.js';
const pool = new pg.Pool();
export async function run(q: string) {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    return await client.query(q);
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    releaseOrDestroy(client, failure);
  }
}`,
    },
    // A CommonJS helper module, through require.
    {
      filename,
      code: `const { getConnection, releaseConnection } = require('./helpers/cjs-db.cjs');
export async function run(q: string) {
  const client = await getConnection();
  try {
    return await client.query(q);
  } finally {
    releaseConnection(client);
  }
}`,
    },
    // An acquirer whose caller hands the client on: returned, the caller's caller owns it.
    {
      filename,
      code: `import { getClient } from './db.js';
export async function open() {
  const client = await getClient();
  return client;
}`,
    },
  ],
  invalid: [
    // The acquirer lives in ./db: the client it returns leaks if the query throws.
    {
      filename,
      code: `import { getClient } from './db.js';
export async function run(q: string) {
  const client = await getClient();
  await client.query(q);
  client.release();
}`,
      errors: [{ messageId: 'leakOnThrow', line: 3, column: 24, endLine: 3, endColumn: 35, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { getClient } from './db.js';
export async function run(q: string) {
  const client = await getClient();
  try {
    await client.query(q);
  } finally {
    client.release();
  }
}` }] }],
    },
    // An acquirer in a package in node_modules, written in plain JavaScript.
    {
      filename,
      code: `import { acquire } from 'js-pool-helpers';
export async function run(q: string) {
  const client = await acquire();
  await client.query(q);
  client.release();
}`,
      errors: [{ messageId: 'leakOnThrow', line: 3, column: 24, endLine: 3, endColumn: 33, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { acquire } from 'js-pool-helpers';
export async function run(q: string) {
  const client = await acquire();
  try {
    await client.query(q);
  } finally {
    client.release();
  }
}` }] }],
    },
    // A static method on a class reached through tsconfig paths returns a fresh client.
    {
      filename,
      code: `import { Repo } from '@app/repo';
export async function run(q: string) {
  const client = await Repo.open();
  await client.query(q);
}`,
      errors: [{ messageId: 'neverReleased', line: 3, column: 24, endLine: 3, endColumn: 35, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { Repo } from '@app/repo';
export async function run(q: string) {
  const client = await Repo.open();
  try {
    await client.query(q);
  } finally {
    client.release();
  }
}` }] }],
    },
    // A helper that only queries is a use: the client is never released.
    {
      filename,
      code: `import { getClient } from './db.js';
import { audit } from './helpers/release.js';
export async function run() {
  const client = await getClient();
  await audit(client);
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 24, endLine: 4, endColumn: 35, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { getClient } from './db.js';
import { audit } from './helpers/release.js';
export async function run() {
  const client = await getClient();
  try {
    await audit(client);
  } finally {
    client.release();
  }
}` }] }],
    },
    // Mutual recursion cannot be summarised: the call is a use, the client stays open. But
    // pingPong releases on its \`n <= 0\` path, so "never released" would be false (and a
    // \`finally\` that releases again would release twice): the report names the path instead.
    {
      filename,
      code: `import { getClient } from './db.js';
import { pingPong } from './helpers/release.js';
export async function run() {
  const client = await getClient();
  pingPong(client, 2);
}`,
      errors: [
        {
          messageId: 'leakAtEnd',
          data: { name: 'client', what: 'pool connection from `getClient()`', exit: 'on the path that reaches the end of the function on line 6' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 35,
          suggestions: [],
        },
      ],
    },
  ],
});

ruleTester.run('no-leaked-connection: a function that returns the resource', connectionRule, {
  valid: [],
  invalid: [
    // A `finally` would release the client the caller receives: the advice is a catch that rethrows.
    {
      filename,
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function open() {
  const client = await pool.connect();
  await client.query('SET search_path TO app');
  return client;
}`,
      errors: [
        {
          messageId: 'leakOnThrowReturned',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 5 throws' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          // A returned connection is released in a `catch` that rethrows, never in `finally`.
          suggestions: [
            {
              messageId: 'releaseInCatchSuggestion',
              output: `import pg from 'pg';
const pool = new pg.Pool();
export async function open() {
  const client = await pool.connect();
  try {
    await client.query('SET search_path TO app');
  } catch (error) {
    client.release();
    throw error;
  }
  return client;
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-leaked-connection: imported helpers that cannot throw', connectionRule, {
  valid: [
    // `stamp` (another module) has no throwing operation: no path leaves between connect and release.
    {
      filename,
      code: `import pg from 'pg';
import { stamp } from './throwing/pure.js';
const pool = new pg.Pool();
export async function run() {
  const client = await pool.connect();
  const label = stamp('run');
  client.release();
  return label;
}`,
    },
    // A catch inside the helper keeps its throw in: `safeParse` cannot throw either.
    {
      filename,
      code: `import pg from 'pg';
import { safeParse } from './throwing/pure.js';
const pool = new pg.Pool();
export async function run(text: string) {
  const client = await pool.connect();
  const value = safeParse(text);
  client.release();
  return value;
}`,
    },
    // A value class of another module (and its subclass) only stores its arguments.
    {
      filename,
      code: `import pg from 'pg';
import { IntParameter, Parameter } from './throwing/values.js';
const pool = new pg.Pool();
export async function run(text: string, id: number) {
  const client = await pool.connect();
  const name = new Parameter(text, 'nvarchar');
  const key = new IntParameter(id);
  try {
    return await client.query('select $1, $2', [name.value, key.value]);
  } finally {
    client.release();
  }
}`,
    },
    // A logging helper in the catch, styled with a colour library, cannot throw before the release.
    {
      filename,
      code: `import pg from 'pg';
import { Tools } from './throwing/values.js';
const pool = new pg.Pool();
export async function run(sql: string) {
  let client: pg.PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query(sql);
    client.release();
  } catch (error) {
    Tools.logError('query failed', error);
    if (client) client.release();
  }
}`,
    },
  ],
  invalid: [
    // `new CheckedName(…)` throws on a bad name: the client leaks on that path.
    {
      filename,
      code: `import pg from 'pg';
import { CheckedName } from './throwing/values.js';
const pool = new pg.Pool();
export async function run(text: string) {
  const client = await pool.connect();
  const name = new CheckedName(text);
  try {
    return await client.query('select $1', [name.name]);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `import pg from 'pg';
import { CheckedName } from './throwing/values.js';
const pool = new pg.Pool();
export async function run(text: string) {
  const client = await pool.connect();
  try {
    const name = new CheckedName(text);
    return await client.query('select $1', [name.name]);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // `parse` can throw (JSON.parse of bad text): the client leaks on that path.
    {
      filename,
      code: `import pg from 'pg';
import { parse } from './throwing/pure.js';
const pool = new pg.Pool();
export async function run(text: string) {
  const client = await pool.connect();
  const value = parse(text);
  client.release();
  return value;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'client.release()' },
              output: `import pg from 'pg';
import { parse } from './throwing/pure.js';
const pool = new pg.Pool();
export async function run(text: string) {
  const client = await pool.connect();
  let value;
  try {
    value = parse(text);
  } finally {
    client.release();
  }
  return value;
}`,
            },
          ],
        },
      ],
    },
  ],
});
