import connectionRule from '../../rules/no-leaked-connection.js';
import { fixtureDir, syntaxRuleTester, typedRuleTester } from './testers.js';

// With type information, a call the syntax cannot follow (a method of a field's declared
// class: `this.releaser.done(client)`) reaches its declaration through the TypeScript program,
// and gets the same summary as a function found by imports. Linted as file.ts of
// tests/fixtures/types (the class is in releasers.ts there).
const filename = `${fixtureDir}/file.ts`;
// file.ts lies under tests/ but is product code here: throw paths count.
const settings = { leakguard: { testFiles: [] } };

const releasedThroughField = `import { pool } from './db.js';
import type { Releaser } from './releasers.js';
export class Service {
  constructor(private readonly releaser: Releaser) {}
  async run(sql: string) {
    const client = await pool.connect();
    try {
      return await client.query(sql);
    } finally {
      this.releaser.done(client);
    }
  }
}`;

typedRuleTester.run('no-leaked-connection: callees found through the program', connectionRule, {
  valid: [
    // done() releases its parameter on every path: the finally releases the client.
    { filename, settings, code: releasedThroughField },
  ],
  invalid: [
    // touch() only queries: the client is never released.
    {
      filename,
      settings,
      code: `import { pool } from './db.js';
import type { Releaser } from './releasers.js';
export class Service {
  constructor(private readonly releaser: Releaser) {}
  async run() {
    const client = await pool.connect();
    await this.releaser.touch(client);
  }
}`,
      errors: [
        {
          messageId: 'neverReleased',
          data: { name: 'client', what: 'pool connection from `pool.connect()`', release: 'client.release()' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 40,
          suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { pool } from './db.js';
import type { Releaser } from './releasers.js';
export class Service {
  constructor(private readonly releaser: Releaser) {}
  async run() {
    const client = await pool.connect();
    try {
      await this.releaser.touch(client);
    } finally {
      client.release();
    }
  }
}` }],
        },
      ],
    },
  ],
});

syntaxRuleTester.run('no-leaked-connection: the same call without types', connectionRule, {
  valid: [],
  invalid: [
    // Without types, a method called on a field is a use (docs/summaries.md, "What is not
    // followed"): the client is reported as never released.
    {
      filename,
      settings,
      code: releasedThroughField,
      errors: [{ messageId: 'neverReleased', line: 6, column: 26, endLine: 6, endColumn: 40, suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'client.release()' }, output: `import { pool } from './db.js';
import type { Releaser } from './releasers.js';
export class Service {
  constructor(private readonly releaser: Releaser) {}
  async run(sql: string) {
    const client = await pool.connect();
    try {
      try {
        return await client.query(sql);
      } finally {
        this.releaser.done(client);
      }
    } finally {
      client.release();
    }
  }
}` }] }],
    },
  ],
});
