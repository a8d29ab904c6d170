// The suggestions of the three leak rules keep the file's layout: its line endings (LF,
// CRLF, CR), its indentation (two or four spaces, tabs), the text of every template
// literal, string and comment, and the comments where they were. Each case is written once
// with LF and two spaces, with the whole expected output; every other layout must give
// exactly the same output in that layout, the fixed code must draw no report from the
// rule, and no template literal or comment of the original may change.

import tsParser from '@typescript-eslint/parser';
import { AST_TOKEN_TYPES } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import noLeakedConnection from '../../rules/no-leaked-connection.js';
import noLeakedCursor from '../../rules/no-leaked-cursor.js';
import noUnsettledTransaction from '../../rules/no-unsettled-transaction.js';

type RuleName = 'no-leaked-connection' | 'no-leaked-cursor' | 'no-unsettled-transaction';

interface Case {
  readonly name: string;
  readonly rule: RuleName;
  readonly code: string;
  /** The suggestion's messageId and its output, in LF with two-space indentation. */
  readonly suggestions: readonly (readonly [string, string])[];
}

interface Layout {
  readonly name: string;
  readonly eol: string;
  readonly unit: string;
}

const LAYOUTS: readonly Layout[] = [
  { name: 'LF, two spaces', eol: '\n', unit: '  ' },
  { name: 'CRLF, two spaces', eol: '\r\n', unit: '  ' },
  { name: 'CR, two spaces', eol: '\r', unit: '  ' },
  { name: 'LF, four spaces', eol: '\n', unit: '    ' },
  { name: 'LF, tabs', eol: '\n', unit: '\t' },
  { name: 'CRLF, tabs', eol: '\r\n', unit: '\t' },
];

/** Rewrites LF / two-space text into `layout`: every line break, every leading indent unit. */
function toLayout(text: string, layout: Layout): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^(?: {2})*/u.exec(line)?.[0] ?? '';
      return layout.unit.repeat(indent.length / 2) + line.slice(indent.length);
    })
    .join(layout.eol);
}

const plugin = {
  rules: {
    'no-leaked-connection': noLeakedConnection,
    'no-leaked-cursor': noLeakedCursor,
    'no-unsettled-transaction': noUnsettledTransaction,
  },
} as unknown as NonNullable<Linter.Config['plugins']>[string];

const linter = new Linter({ configType: 'flat' });

function lint(code: string, rule: RuleName): Linter.LintMessage[] {
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        plugins: { leakguard: plugin },
        rules: { [`leakguard/${rule}`]: 'error' },
        languageOptions: { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' },
      },
    ],
    { filename: 'file.ts' },
  );
}

/** The texts no fix may change: template literal parts and comments, in order. */
function protectedTexts(code: string): string[] {
  const ast = tsParser.parse(code, { tokens: true, comment: true, range: true, sourceType: 'module', ecmaVersion: 'latest' });
  return [
    ...ast.tokens.filter((token) => token.type === AST_TOKEN_TYPES.Template).map((token) => token.value),
    ...ast.comments.map((comment) => comment.value),
  ];
}

const CASES: readonly Case[] = [
  {
    name: 'release then `return x`: hoisted names, a multi-line template, comments kept',
    rule: 'no-leaked-connection',
    code: `import pg from 'pg';
const pool = new pg.Pool();
export async function notify(id: number) {
  const client = await pool.connect();
  // Load the order first.
  const { rows } = await client.query(\`SELECT *
FROM orders
  WHERE id = $1\`, [id]);
  const text = \`Order \${id}
has shipped.\`; // the mail body
  client.release();
  return { rows, text };
}`,
    suggestions: [
      [
        'wrapInTryFinallySuggestion',
        `import pg from 'pg';
const pool = new pg.Pool();
export async function notify(id: number) {
  const client = await pool.connect();
  let rows, text;
  try {
    // Load the order first.
    ({ rows } = await client.query(\`SELECT *
FROM orders
  WHERE id = $1\`, [id]));
    text = \`Order \${id}
has shipped.\`; // the mail body
  } finally {
    client.release();
  }
  return { rows, text };
}`,
      ],
    ],
  },
  {
    name: 'a returned connection: release in `catch` and rethrow',
    rule: 'no-leaked-connection',
    code: `import pg from 'pg';
const pool = new pg.Pool();
export async function open() {
  const client = await pool.connect();
  /* Warm the session up. */
  await client.query(\`SET search_path
TO app\`);
  return client;
}`,
    suggestions: [
      [
        'releaseInCatchSuggestion',
        `import pg from 'pg';
const pool = new pg.Pool();
export async function open() {
  const client = await pool.connect();
  try {
    /* Warm the session up. */
    await client.query(\`SET search_path
TO app\`);
  } catch (error) {
    client.release();
    throw error;
  }
  return client;
}`,
      ],
    ],
  },
  {
    name: 'a disposable mysql2 connection: `await using` first, then try/finally',
    rule: 'no-leaked-connection',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  const conn = await pool.getConnection();
  const [rows] = await conn.query(\`SELECT COUNT(*)
AS n FROM t\`);
  conn.release();
  return rows;
}`,
    suggestions: [
      [
        'useUsingSuggestion',
        `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  await using conn = await pool.getConnection();
  const [rows] = await conn.query(\`SELECT COUNT(*)
AS n FROM t\`);
  return rows;
}`,
      ],
      [
        'wrapInTryFinallySuggestion',
        `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  const conn = await pool.getConnection();
  let rows;
  try {
    ([rows] = await conn.query(\`SELECT COUNT(*)
AS n FROM t\`));
  } finally {
    conn.release();
  }
  return rows;
}`,
      ],
    ],
  },
  {
    name: 'a cursor left by an early return: close in `finally`',
    rule: 'no-leaked-cursor',
    code: `import pg from 'pg';
import Cursor from 'pg-cursor';
export async function firstBad(client: pg.PoolClient) {
  const cursor = client.query(new Cursor(\`SELECT *
FROM events\`));
  for (;;) {
    const rows = await cursor.read(100);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!row.valid) return row; // stop at the first
    }
  }
  await cursor.close();
  return null;
}`,
    suggestions: [
      [
        'wrapInTryFinallySuggestion',
        `import pg from 'pg';
import Cursor from 'pg-cursor';
export async function firstBad(client: pg.PoolClient) {
  const cursor = client.query(new Cursor(\`SELECT *
FROM events\`));
  try {
    for (;;) {
      const rows = await cursor.read(100);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!row.valid) return row; // stop at the first
      }
    }
  } finally {
    await cursor.close();
  }
  return null;
}`,
      ],
    ],
  },
  {
    name: 'a transaction in try/finally: rollback in a new `catch`, commit stays in the `try`',
    rule: 'no-unsettled-transaction',
    code: `import pg from 'pg';
const pool = new pg.Pool();
export async function transfer(amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Debit first.
    await client.query(\`UPDATE accounts
SET balance = balance - $1\`, [amount]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
    suggestions: [
      [
        'rollbackInCatchSuggestion',
        `import pg from 'pg';
const pool = new pg.Pool();
export async function transfer(amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      // Debit first.
      await client.query(\`UPDATE accounts
SET balance = balance - $1\`, [amount]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}`,
      ],
    ],
  },
  {
    name: 'a release in a driver callback: release in `catch` before the callback, and rethrow',
    rule: 'no-leaked-connection',
    code: `import pg from 'pg';
export function notify(id: number, done: (error?: Error) => void) {
  const client = new pg.Client();
  client.connect();
  // The mail body.
  const text = render(\`Order \${id}
has shipped.\`);
  client.query('INSERT INTO mails (text) VALUES ($1)', [text], (error: Error) => {
    client.end();
    done(error);
  });
}`,
    suggestions: [
      [
        'releaseBeforeCallbackSuggestion',
        `import pg from 'pg';
export function notify(id: number, done: (error?: Error) => void) {
  const client = new pg.Client();
  client.connect();
  let text;
  try {
    // The mail body.
    text = render(\`Order \${id}
has shipped.\`);
  } catch (err) {
    client.end();
    throw err;
  }
  client.query('INSERT INTO mails (text) VALUES ($1)', [text], (error: Error) => {
    client.end();
    done(error);
  });
}`,
      ],
    ],
  },
  {
    name: 'a pooled resource given back by `pool.release(resource)`: the same call once in `finally`',
    rule: 'no-leaked-connection',
    code: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({ send: async (text: string) => text }), destroy: async () => {} });
export async function notify(id: number) {
  const resource = await pool.acquire();
  await resource.send(\`Order \${id}
has shipped.\`);
  await pool.release(resource);
}`,
    suggestions: [
      [
        'wrapInTryFinallySuggestion',
        `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({ send: async (text: string) => text }), destroy: async () => {} });
export async function notify(id: number) {
  const resource = await pool.acquire();
  try {
    await resource.send(\`Order \${id}
has shipped.\`);
  } finally {
    await pool.release(resource);
  }
}`,
      ],
    ],
  },
  {
    name: 'a `try` that releases through the pool after a call: the call and the `try` wrapped, the release moved out',
    rule: 'no-leaked-connection',
    code: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({ send: async (text: string) => text }), destroy: async () => {} });
export async function notify(id: number) {
  const resource = await pool.acquire();
  const timer = startTimer(\`notify
\${id}\`);
  try {
    await resource.send(\`Order \${id}
has shipped.\`);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  } finally {
    clearTimeout(timer);
    await pool.release(resource);
  }
}`,
    suggestions: [
      [
        'wrapInTryFinallySuggestion',
        `import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({ send: async (text: string) => text }), destroy: async () => {} });
export async function notify(id: number) {
  const resource = await pool.acquire();
  try {
    const timer = startTimer(\`notify
\${id}\`);
    try {
      await resource.send(\`Order \${id}
has shipped.\`);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await pool.release(resource);
  }
}`,
      ],
    ],
  },
];

describe('suggestions keep the layout of the file', () => {
  for (const testCase of CASES) {
    describe(testCase.name, () => {
      for (const layout of LAYOUTS) {
        it(layout.name, () => {
          const code = toLayout(testCase.code, layout);
          const reports = lint(code, testCase.rule);
          expect(reports).toHaveLength(1);
          const [report] = reports;
          const offered = (report?.suggestions ?? []).map((suggestion) => {
            const { range, text } = suggestion.fix;
            return [suggestion.messageId ?? '', code.slice(0, range[0]) + text + code.slice(range[1])] as const;
          });
          expect(offered).toEqual(testCase.suggestions.map(([id, output]) => [id, toLayout(output, layout)]));
          for (const [, output] of offered) {
            expect(lint(output, testCase.rule)).toEqual([]);
            const after = protectedTexts(output);
            for (const text of protectedTexts(code)) {
              expect(after).toContain(text);
            }
          }
        });
      }
    });
  }
});
