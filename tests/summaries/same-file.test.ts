import { PRODUCT_CODE_SETTINGS } from './helpers.js';
import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';

// Where same-file callees are found (issue: summaries, item 2): class methods through `this` and
// `super` (also inherited), object-literal methods through `this` and through the object's name,
// a class's static methods, and nested functions; each with the same summaries.
const PG = `import pg from 'pg';
const pool = new pg.Pool();`;

const ruleTester = new RuleTester({
  settings: PRODUCT_CODE_SETTINGS,
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-leaked-connection: same-file callees', connectionRule, {
  valid: [
    // `this.open()` acquires, `this.close(c)` releases on every path.
    `${PG}
export class Repo {
  async open() {
    return pool.connect();
  }
  close(c: pg.PoolClient) {
    c.release();
  }
  async run(q: string) {
    const c = await this.open();
    try {
      return await c.query(q);
    } finally {
      this.close(c);
    }
  }
}`,
    // An inherited releaser, called through \`super\` and through \`this\`.
    `${PG}
class Base {
  done(c: pg.PoolClient) {
    c.release();
  }
}
export class Repo extends Base {
  done(c: pg.PoolClient) {
    super.done(c);
  }
  async run(q: string) {
    const c = await pool.connect();
    try {
      return await c.query(q);
    } finally {
      this.done(c);
    }
  }
}`,
    // Object-literal methods, through the object's name and through \`this\`.
    `${PG}
const db = {
  async acquire() {
    return pool.connect();
  },
  free: (c: pg.PoolClient) => c.release(),
  async run(q: string) {
    const c = await this.acquire();
    try {
      return await c.query(q);
    } finally {
      this.free(c);
    }
  },
};
export async function run(q: string) {
  const c = await db.acquire();
  try {
    return await c.query(q);
  } finally {
    db.free(c);
  }
}`,
    // A static releaser, and a nested helper function.
    `${PG}
class Pg {
  static done(c: pg.PoolClient) {
    c.release();
  }
}
export async function run(q: string) {
  function finish(c: pg.PoolClient) {
    Pg.done(c);
  }
  const c = await pool.connect();
  try {
    return await c.query(q);
  } finally {
    finish(c);
  }
}`,
    // A nested helper that hands the client to a releasing callback takes it over.
    `${PG}
export async function run(q: string) {
  function later(c: pg.PoolClient) {
    setTimeout(() => c.release(), 10);
  }
  const c = await pool.connect();
  try {
    await c.query(q);
  } finally {
    later(c);
  }
}`,
  ],
  invalid: [
    // \`this.open()\` in a class acquires: nothing releases what it returned.
    {
      code: `${PG}
export class Repo {
  async open() {
    return pool.connect();
  }
  async run(q: string) {
    const c = await this.open();
    return c.query(q);
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 8,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'c.release()' },
              output: `${PG}
export class Repo {
  async open() {
    return pool.connect();
  }
  async run(q: string) {
    const c = await this.open();
    try {
      return await c.query(q);
    } finally {
      c.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // An object-literal method that only queries is a use: still never released.
    {
      code: `${PG}
const db = {
  async audit(c: pg.PoolClient) {
    await c.query('select 1');
  },
};
export async function run() {
  const c = await pool.connect();
  await db.audit(c);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 9,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { release: 'c.release()' },
              output: `${PG}
const db = {
  async audit(c: pg.PoolClient) {
    await c.query('select 1');
  },
};
export async function run() {
  const c = await pool.connect();
  try {
    await db.audit(c);
  } finally {
    c.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A superclass method that acquires, called through \`super\`.
    {
      code: `${PG}
class Base {
  async open() {
    return pool.connect();
  }
}
export class Repo extends Base {
  async open() {
    const c = await super.open();
    await c.query('set search_path to app');
    return c;
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrowReturned',
          line: 10,
          suggestions: [
            {
              messageId: 'releaseInCatchSuggestion',
              output: `${PG}
class Base {
  async open() {
    return pool.connect();
  }
}
export class Repo extends Base {
  async open() {
    const c = await super.open();
    try {
      await c.query('set search_path to app');
    } catch (error) {
      c.release();
      throw error;
    }
    return c;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
