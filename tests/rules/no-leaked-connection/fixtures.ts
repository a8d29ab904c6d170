// Shared by the no-leaked-connection test files, split by construct. Each case is a whole
// small module: the driver import and the pool come from these headers, so the code of a
// case proper starts on line 3.

import { RuleTester } from '@typescript-eslint/rule-tester';

export const PG = `import pg from 'pg';
const pool = new pg.Pool();`;
export const MYSQL = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});`;
export const MYSQL_CALLBACK = `import mysql from 'mysql2';
const pool = mysql.createPool({});`;

/** Syntax-only: no parser services, no type information. */
export const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});
