// no-leaked-cursor, `requireFinally` (on in `strict`): a close that a later edit could skip.

import rule from '../../../rules/no-leaked-cursor.js';
import { PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-cursor with requireFinally', rule, {
  valid: [
    {
      code: `${PG}
async function firstRow(client, sql) {
  const cursor = client.query(new Cursor(sql));
  try {
    const rows = await cursor.read(1);
    return rows[0];
  } finally {
    await cursor.close();
  }
}`,
      options: [{ requireFinally: true }],
    },
  ],
  invalid: [
    {
      code: `${PG}
async function firstRow(client, sql) {
  const cursor = client.query(new Cursor(sql));
  const rows = await cursor.read(1);
  await cursor.close();
  return rows[0];
}`,
      options: [{ requireFinally: true }],
      errors: [
        {
          messageId: 'releaseOutsideFinally',
          line: 7,
          data: { name: 'cursor', what: 'cursor from `client.query(new Cursor(…))`', line: '7' },
          suggestions: [
            {
              messageId: 'moveToFinallySuggestion',
              data: { release: 'await cursor.close()' },
              output: `${PG}
async function firstRow(client, sql) {
  const cursor = client.query(new Cursor(sql));
  let rows;
  try {
    rows = await cursor.read(1);
  } finally {
    await cursor.close();
  }
  return rows[0];
}`,
            },
          ],
        },
      ],
    },
  ],
});
