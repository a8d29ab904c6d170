import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';
import { FIXTURES, PRODUCT_CODE_SETTINGS } from './helpers.js';

// Owner classes in another module (tests/fixtures/summaries/app/src/owners): a class that
// stores a fresh resource in a field and releases that field in close()/end()/disconnect()
// is itself a resource (src/summaries/owners.ts, src/lifetime/owner-models.ts). Each case is
// linted as app/src/service.ts of the fixture tree.
const filename = `${FIXTURES}app/src/service.ts`;

const ruleTester = new RuleTester({
  settings: PRODUCT_CODE_SETTINGS,
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-leaked-connection: imported owner classes', connectionRule, {
  valid: [
    // The owner built here is ended in a finally.
    {
      filename,
      code: `import { RdsClient } from './owners/rds-client.js';
export async function count() {
  const db = new RdsClient();
  try {
    return await db.query('select count(*) from t');
  } finally {
    await db.end();
  }
}`,
    },
    // Connected and disconnected on every path.
    {
      filename,
      code: `import { Database } from './owners/database.js';
export async function probe() {
  const db = new Database();
  await db.connect();
  try {
    return await db.run('select 1');
  } finally {
    await db.disconnect();
  }
}`,
    },
    // Returned to the caller, who owns it now.
    {
      filename,
      code: `import { RdsClient } from './owners/rds-client.js';
export function open() {
  const db = new RdsClient();
  return db;
}`,
    },
    // No method of the class closes its pool: the evidence is missing, so nothing is said.
    {
      filename,
      code: `import { Repository, Buffered } from './owners/not-owner.js';
export async function list() {
  const repo = new Repository();
  const buffer = new Buffered();
  return [await repo.query('select 1'), buffer];
}`,
    },
    // Built at module level: lives for the process.
    {
      filename,
      code: `import { RdsClient } from './owners/rds-client.js';
const db = new RdsClient();
export async function count() {
  return db.query('select 1');
}`,
    },
  ],
  invalid: [
    // The pool the client owns is never ended.
    {
      filename,
      code: `import { RdsClient } from './owners/rds-client.js';
export async function count() {
  const db = new RdsClient();
  return db.query('select count(*) from t');
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: {name: 'db',call: 'await db.end()',release: 'await db.end()'},
              output: `import { RdsClient } from './owners/rds-client.js';
export async function count() {
  const db = new RdsClient();
  try {
    return await db.query('select count(*) from t');
  } finally {
    await db.end();
  }
}`,
            },
          ],
        },
      ],
    },
    // Connected by its opening method; a failing query skips the disconnect.
    {
      filename,
      code: `import { Database } from './owners/database.js';
export async function probe() {
  const db = new Database();
  await db.connect();
  const rows = await db.run('select 1');
  await db.disconnect();
  return rows;
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: {name: 'db',call: 'await db.disconnect()',release: 'await db.disconnect()'},
              output: `import { Database } from './owners/database.js';
export async function probe() {
  const db = new Database();
  await db.connect();
  let rows;
  try {
    rows = await db.run('select 1');
  } finally {
    await db.disconnect();
  }
  return rows;
}`,
            },
          ],
        },
      ],
    },
  ],
});
