// no-use-after-release (and no-leaked-connection) around test runners' skips: mocha's
// `this.skip()` and vitest's `ctx.skip()` throw, so nothing after them runs on that path;
// node:test's `t.skip()` returns.

import { RuleTester } from '@typescript-eslint/rule-tester';
import leakRule from '../../rules/no-leaked-connection.js';
import rule from '../../rules/no-use-after-release.js';

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-use-after-release', rule, {
  valid: [
    // mocha: `this.skip()` in the test's `function` throws a Pending.
    {
      code: `import oracledb from 'oracledb';
it('reads', async function () {
  const conn = await oracledb.getConnection({});
  if (old) { await conn.close(); this.skip(); }
  await conn.execute('select 1 from dual');
  await conn.close();
});`,
    },
    // vitest: \`ctx.skip()\` and \`ctx.skip('why')\` throw a PendingError.
    {
      code: `import { test } from 'vitest';
import oracledb from 'oracledb';
test('reads', async (ctx) => {
  const conn = await oracledb.getConnection({});
  if (old) { await conn.close(); ctx.skip('old server'); }
  if (older) { await conn.close(); ctx.skip(); }
  await conn.execute('select 1 from dual');
  await conn.close();
});`,
    },
  ],
  invalid: [
    // node:test: \`t.skip()\` only marks the test skipped and returns.
    {
      code: `import { test } from 'node:test';
import oracledb from 'oracledb';
test('reads', async (t) => {
  const conn = await oracledb.getConnection({});
  if (old) { await conn.close(); t.skip(); }
  await conn.execute('select 1 from dual');
  await conn.close();
});`,
      errors: [{ messageId: 'usedAfterRelease', line: 6 }],
    },
    // vitest's \`ctx.skip(condition)\` returns when the condition is false.
    {
      code: `import { test } from 'vitest';
import oracledb from 'oracledb';
test('reads', async (ctx) => {
  const conn = await oracledb.getConnection({});
  if (old) { await conn.close(); ctx.skip(isOld); }
  await conn.execute('select 1 from dual');
  await conn.close();
});`,
      errors: [{ messageId: 'usedAfterRelease', line: 6 }],
    },
    // \`this\` in an arrow is not mocha's context.
    {
      code: `import oracledb from 'oracledb';
it('reads', async () => {
  const conn = await oracledb.getConnection({});
  if (old) { await conn.close(); this.skip(); }
  await conn.execute('select 1 from dual');
  await conn.close();
});`,
      errors: [{ messageId: 'usedAfterRelease', line: 5 }],
    },
  ],
});

ruleTester.run('no-leaked-connection', leakRule, {
  valid: [],
  invalid: [
    // The skip is a throw: what the test holds stays open on it (outside test files).
    {
      code: `import oracledb from 'oracledb';
it('reads', async function () {
  const conn = await oracledb.getConnection({});
  if (old) this.skip();
  await conn.close();
});`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' },
              output: `import oracledb from 'oracledb';
it('reads', async function () {
  const conn = await oracledb.getConnection({});
  try {
    if (old) this.skip();
  } finally {
    await conn.close();
  }
});`,
            },
          ],
        },
      ],
    },
  ],
});
