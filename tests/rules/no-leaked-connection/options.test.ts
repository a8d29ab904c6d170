// no-leaked-connection, the `resources` and `releasers` options, and option validation.

import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/no-leaked-connection.js';
import { PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Option `resources`: a user-declared `*.openSession` closed in finally.
    {
      code: `async function run(db: { openSession(): { run(q: string): Promise<void>; close(): void } }, q: string) {
  const session = db.openSession();
  try {
    await session.run(q);
  } finally {
    session.close();
  }
}`,
      options: [{"resources":[{"acquire":["*.openSession"],"release":["close"]}]}],
    },
    // Option `resources` with a named receiver (`db.openSession`): another receiver is not tracked.
    {
      code: `async function run(other: { openSession(): { run(q: string): Promise<void> } }, q: string) {
  const session = other.openSession();
  await session.run(q);
}`,
      options: [{"resources":[{"acquire":["db.openSession"],"release":["close"]}]}],
    },
    // Option `resources` with `releaseVia`: `manager.giveBack(session)` in finally.
    {
      code: `async function run(manager: { openSession(): { run(q: string): Promise<void> }; giveBack(s: unknown): void }, q: string) {
  const session = manager.openSession();
  try {
    await session.run(q);
  } finally {
    manager.giveBack(session);
  }
}`,
      options: [{"resources":[{"acquire":["*.openSession"],"release":["close"],"releaseVia":["giveBack"]}]}],
    },
    // Option `releasers`: `giveBack` (from another file) takes ownership of the client.
    {
      code: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    giveBack(client);
  }
}`,
      options: [{"releasers":["giveBack"]}],
    },
  ],
  invalid: [
    // Option `resources`: `*.openSession` → `close`; the run may throw before the close.
    {
      code: `async function run(db: { openSession(): { run(q: string): Promise<void>; close(): void } }, q: string) {
  const session = db.openSession();
  await session.run(q);
  session.close();
}`,
      options: [{"resources":[{"acquire":["*.openSession"],"release":["close"],"description":"graph session"}]}],
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'session', what: 'graph session from `db.openSession()`', exit: 'if `session.run(…)` on line 3 throws' },
          line: 2,
          column: 19,
          endLine: 2,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'session.close()' },
              output: `async function run(db: { openSession(): { run(q: string): Promise<void>; close(): void } }, q: string) {
  const session = db.openSession();
  try {
    await session.run(q);
  } finally {
    session.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // Without the `releasers` option, `giveBack(client)` is an unknown helper: a use, not a release.
    {
      code: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
  } finally {
    giveBack(client);
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
              output: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  try {
    try {
      await client.query(sql);
    } finally {
      giveBack(client);
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
    // Option `releasers`: the connection is handed to `giveBack` only on the happy path.
    {
      code: `${PG}
import { giveBack } from './db';
async function run(sql: string) {
  const client = await pool.connect();
  await client.query(sql);
  giveBack(client);
}`,
      options: [{"releasers":["giveBack"]}],
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', exit: 'if `client.query(…)` on line 6 throws' },
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

describe('no-leaked-connection options', () => {
  // @typescript-eslint/rule-tester has no case shape for "this configuration is rejected", so bad
  // options are checked through ESLint's Linter, which throws the schema error on verify.
  const linter = new Linter({ configType: 'flat' });
  const lintWith = (options: unknown): Linter.LintMessage[] =>
    linter.verify(
      'const a = 1;',
      {
        files: ['**/*.ts'],
        // typescript-eslint's RuleModule and ESLint's Plugin type describe the same object.
        plugins: { leakguard: { rules: { 'no-leaked-connection': rule } } as unknown as ESLint.Plugin },
        languageOptions: { parser: tsParser },
        rules: { 'leakguard/no-leaked-connection': ['error', options] },
      },
      { filename: 'file.ts' },
    );

  it('accepts the documented options', () => {
    expect(
      lintWith({ resources: [{ acquire: ['*.openSession', 'db.begin', 'connect'], release: ['close'], releaseVia: ['giveBack'], description: 'session' }], releasers: ['giveBack'] }),
    ).toEqual([]);
  });

  it('rejects an unknown option', () => {
    expect(() => lintWith({ resource: [] })).toThrow(/should NOT have additional properties/);
  });

  it('rejects a resource without a release list', () => {
    expect(() => lintWith({ resources: [{ acquire: ['*.openSession'] }] })).toThrow(/should have required property 'release'/);
  });

  it('rejects an acquire pattern that is not *.method, receiver.method or a function name', () => {
    expect(() => lintWith({ resources: [{ acquire: ['db.open()'], release: ['close'] }] })).toThrow(/should match pattern/);
  });

  it('takes throwPathsInEntryPoints as a boolean only', () => {
    expect(lintWith({ throwPathsInEntryPoints: true })).toEqual([]);
    expect(() => lintWith({ throwPathsInEntryPoints: 'yes' })).toThrow(/should be boolean/);
  });

  it('rejects an empty releaser name', () => {
    // Rejected by the identifier pattern every releaser must match (a name with a receiver
    // or parentheses never matched a call), which an empty name fails too.
    expect(() => lintWith({ releasers: [''] })).toThrow(/Value "" should match pattern/);
  });
});
