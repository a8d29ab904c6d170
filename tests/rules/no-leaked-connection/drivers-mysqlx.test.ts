// no-leaked-connection, drivers as data: MySQL X DevAPI sessions (`@mysql/xdevapi`), opened
// directly or taken from a pooling client. Each case is a whole module, its imports included.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // A pooled session closed in `finally`.
    `import mysqlx from '@mysql/xdevapi';
const client = mysqlx.getClient('mysqlx://root@localhost:33060', { pooling: { enabled: true, maxSize: 15 } });
export async function run(sql: string) {
  const session = await client.getSession();
  try {
    return (await session.sql(sql).execute()).fetchAll();
  } finally {
    await session.close();
  }
}`,
    // A connection check: closing the pooling client closes the session it handed out.
    `import mysqlx from '@mysql/xdevapi';
export async function check(url: string) {
  const client = mysqlx.getClient(url, { pooling: { enabled: true } });
  await client.getSession();
  await client.close();
}`,
    // \`getSession()\` of something that is no X DevAPI client, whose result is not used as a session.
    `export async function user(auth: { getSession(): Promise<{ user: string }> }) {
  const session = await auth.getSession();
  return session.user;
}`,
  ],
  invalid: [
    // A failing statement skips \`close()\`: every failure keeps one of the pool's sessions.
    {
      code: `import mysqlx from '@mysql/xdevapi';
const client = mysqlx.getClient('mysqlx://root@localhost:33060', { pooling: { enabled: true, maxSize: 15 } });
export async function run(sql: string) {
  const session = await client.getSession();
  const result = await session.sql(sql).execute();
  await session.close();
  return result.fetchAll();
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
              data: { release: 'await session.close()' },
              output: `import mysqlx from '@mysql/xdevapi';
const client = mysqlx.getClient('mysqlx://root@localhost:33060', { pooling: { enabled: true, maxSize: 15 } });
export async function run(sql: string) {
  const session = await client.getSession();
  let result;
  try {
    result = await session.sql(sql).execute();
  } finally {
    await session.close();
  }
  return result.fetchAll();
}`,
            },
          ],
        },
      ],
    },
    // A session taken to test the connection and dropped: it stays checked out of the pool.
    {
      code: `import mysqlx from '@mysql/xdevapi';
export async function check(url: string) {
  const client = mysqlx.getClient(url, { pooling: { enabled: true } });
  await client.getSession();
  return client;
}`,
      errors: [{ messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 28 }],
    },
  ],
});
