// Shared by the no-leaked-cursor test files, split by construct. Each case is a small
// module; the imports and the pool come from these headers, so the code of a case proper
// starts on line 4 (PG, STREAM) or line 3 (MONGO).

import { RuleTester } from '@typescript-eslint/rule-tester';

export const PG = `import pg from 'pg';
import Cursor from 'pg-cursor';
const pool = new pg.Pool();`;
export const MONGO = `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');`;
export const STREAM = `import pg from 'pg';
import QueryStream from 'pg-query-stream';
const pool = new pg.Pool();`;

/** Syntax-only: no parser services, no type information. */
export const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});
