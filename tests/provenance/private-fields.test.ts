import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import connectionRule from '../../rules/no-leaked-connection.js';
import { pgModels } from '../../src/models/pg.js';
import { FIXTURES, judgeCode } from './helpers.js';

// ES private fields and methods (`this.#lib`, `this.#open()`) are traced like named ones:
// initialisers, constructor assignments, a declared `typeof Pg`; and `#pool` is never the
// same field as `pool`.
describe('provenance through ES private fields', () => {
  it('follows a private field set in the constructor and one set by its initialiser', () => {
    const verdicts = judgeCode(`import { Pool } from 'pg';
export class Store {
  #primary: unknown;
  #replica = new Pool();
  constructor() {
    this.#primary = new Pool();
  }
  run() {
    return [this.#primary.connect(), this.#replica.connect()];
  }
}`);
    expect(verdicts.get('this.#primary')).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
    expect(verdicts.get('this.#replica')).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
  });

  it('follows a driver held in a private field, assigned or declared with typeof', () => {
    const verdicts = judgeCode(`import * as Pg from 'pg';
export class Manager {
  readonly #lib: typeof Pg;
  readonly #declared: typeof Pg;
  constructor(given: typeof Pg | undefined, declared: any) {
    this.#lib = given ?? Pg;
    this.#declared = declared;
  }
  run() {
    const assigned = new this.#lib.Pool();
    const typed = new this.#declared.Pool();
    return [assigned.connect(), typed.connect()];
  }
}`);
    expect(verdicts.get('assigned')).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
    expect(verdicts.get('typed')).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
  });

  it('keeps `#pool` and `pool` apart: a private Map beside a named pool is no pool', () => {
    const verdicts = judgeCode(`import { Pool } from 'pg';
export class Registry {
  #pool = new Map();
  pool = new Pool();
  run() {
    return [this.#pool.connect(), this.pool.connect()];
  }
}`);
    expect(verdicts.get('this.#pool')).toEqual({ evidence: 'not', because: 'new Map()' });
    expect(verdicts.get('this.pool')).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
  });

  it('reads stand-alone clients of a driver kept in a private field as the client model', () => {
    const verdicts = judgeCode(`import * as Pg from 'pg';
export class Manager {
  #lib = Pg;
  run() {
    const c = new this.#lib.Client();
    return c.connect();
  }
}`, pgModels[1]);
    expect(verdicts.get('c')).not.toEqual(expect.objectContaining({ evidence: 'not' }));
  });
});

const filename = `${FIXTURES}src/service.ts`;
const ruleTester = new RuleTester({
  settings: { leakguard: { testFiles: [] } },
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-leaked-connection: ES private fields and methods', connectionRule, {
  valid: [
    // A private method acquires, another releases on every path.
    {
      filename,
      code: `import { Pool, type PoolClient } from 'pg';
export class Repo {
  #pool = new Pool();
  async #open() {
    return this.#pool.connect();
  }
  #close(c: PoolClient) {
    c.release();
  }
  async run(q: string) {
    const c = await this.#open();
    try {
      return await c.query(q);
    } finally {
      this.#close(c);
    }
  }
}`,
    },
    // A private field holding a Map is no pool, whatever it is called.
    {
      filename,
      code: `export class Cache {
  #pool = new Map();
  async run(key: string) {
    const entry = await this.#pool.connect();
    entry.query(key);
  }
}`,
    },
  ],
  invalid: [
    // The driver kept in a private field: the client is not ended when a SET fails.
    {
      filename,
      code: `import * as Pg from 'pg';
export class ConnectionManager {
  readonly #lib: typeof Pg;
  constructor(given?: typeof Pg) {
    this.#lib = given ?? Pg;
  }
  async connect(config: object) {
    const connection = new this.#lib.Client(config);
    await connection.connect();
    await connection.query('SET TIME ZONE x');
    return connection;
  }
}`,
      errors: [{ messageId: 'leakOnThrowReturned', line: 9, column: 11, endLine: 9, endColumn: 31, suggestions: [{ messageId: 'releaseInCatchSuggestion', data: { name: 'connection', call: 'await connection.end()', release: 'await connection.end()' }, output: `import * as Pg from 'pg';
export class ConnectionManager {
  readonly #lib: typeof Pg;
  constructor(given?: typeof Pg) {
    this.#lib = given ?? Pg;
  }
  async connect(config: object) {
    const connection = new this.#lib.Client(config);
    await connection.connect();
    try {
      await connection.query('SET TIME ZONE x');
    } catch (error) {
      await connection.end();
      throw error;
    }
    return connection;
  }
}` }] }],
    },
    // A private method that acquires, whose result nothing releases.
    {
      filename,
      code: `import { Pool } from 'pg';
export class Repo {
  #pool = new Pool();
  async #open() {
    return this.#pool.connect();
  }
  async run(q: string) {
    const c = await this.#open();
    return c.query(q);
  }
}`,
      errors: [{ messageId: 'neverReleased', line: 8, column: 21, endLine: 8, endColumn: 33, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'c.release()' }, output: `import { Pool } from 'pg';
export class Repo {
  #pool = new Pool();
  async #open() {
    return this.#pool.connect();
  }
  async run(q: string) {
    const c = await this.#open();
    try {
      return await c.query(q);
    } finally {
      c.release();
    }
  }
}` }] }],
    },
  ],
});
