// no-leaked-connection's `requireFinally` option (on in the `strict` config): a release
// must sit in a `finally` block or be done by a `using` declaration, even when every path
// releases today. Syntax-only; tests/types/ runs the same checks with types on.

import rule from '../../../rules/no-leaked-connection.js';
import { PG, ruleTester } from './fixtures.js';

const strict = [{ requireFinally: true }] as const;

ruleTester.run('no-leaked-connection (requireFinally)', rule, {
  valid: [
    // Off by default: a straight-line release that nothing can skip is fine.
    {
      code: `${PG}
export async function pid() {
  const client = await pool.connect();
  console.log('connected', client.processID);
  client.release();
}`,
    },
    // The release sits in `finally`.
    {
      code: `${PG}
export async function run(sql: string) {
  const client = await pool.connect();
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}`,
      options: strict,
    },
    // A nullable client released in the `finally` of an inner try, inside a catch.
    {
      code: `${PG}
export async function run(sql: string) {
  let client;
  try {
    client = await pool.connect();
    await client.query(sql);
  } catch (error) {
    try {
      await report(error);
    } finally {
      client?.release();
    }
    throw error;
  } finally {
    if (client) client.release();
  }
}`,
      options: strict,
    },
    // `await using` releases on every path by construction.
    {
      code: `${PG}
export async function disposed(sql: string) {
  await using client = await pool.connect();
  return client.query(sql);
}`,
      options: strict,
    },
    // A promise chain's `.finally` and a driver callback's `done` are where those styles release.
    {
      code: `${PG}
export function chained(sql: string) {
  return pool.connect().then((client) => client.query(sql).finally(() => client.release()));
}`,
      options: strict,
    },
    {
      code: `${PG}
export function callback(sql: string) {
  pool.connect((err, client, done) => {
    if (err) return;
    client.query(sql, () => done());
  });
}`,
      options: strict,
    },
    // Returned to the caller: releasing is not this function's job.
    {
      code: `${PG}
export async function checkout() {
  const client = await pool.connect();
  return client;
}`,
      options: strict,
    },
  ],
  invalid: [
    // Released after the work, outside `finally`: a later early return would skip it. The
    // suggestion moves the release into a `finally` around the work.
    {
      code: `${PG}
export async function pid() {
  const client = await pool.connect();
  console.log('connected', client.processID);
  client.release();
}`,
      options: strict,
      errors: [
        {
          messageId: 'releaseOutsideFinally',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', line: '6' },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'moveToFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
export async function pid() {
  const client = await pool.connect();
  try {
    console.log('connected', client.processID);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Released right away: nothing to wrap, so no suggestion, but still not in `finally`.
    {
      code: `${PG}
export async function ping() {
  const client = await pool.connect();
  client.release();
}`,
      options: strict,
      errors: [{ messageId: 'releaseOutsideFinally', line: 5, column: 3, endLine: 5, endColumn: 19 }],
    },
    // Every path releases (in the catch, and after the try), but neither release is in
    // `finally`: the first is reported.
    {
      code: `${PG}
export async function caught(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } catch (error) {
    client.release();
    throw error;
  }
  client.release();
}`,
      options: strict,
      errors: [
        {
          messageId: 'releaseOutsideFinally',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', line: '8' },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'moveToFinallySuggestion',
              data: { release: 'client.release()' },
              output: `${PG}
export async function caught(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A leaking path is reported as the leak, once, not also as a misplaced release.
    {
      code: `${PG}
export async function leaky(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  client.release();
}`,
      options: strict,
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
              output: `${PG}
export async function leaky(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
