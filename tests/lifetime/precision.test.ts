import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

// The precision policy across the lifetime rules: the throw model, test files, guarded
// releases, driver errors proven by assertions, one defect one report. Each case is a
// whole module linted by the three leak rules at once, as a user's configuration does.

const PG = `import pg from 'pg';
const pool = new pg.Pool();
`;

const plugin = { rules } as unknown as ESLint.Plugin;

interface Run {
  readonly filename?: string;
  readonly settings?: Record<string, unknown>;
  readonly options?: Record<string, unknown>;
}

function lint(code: string, run: Run = {}): { rule: string; line: number; message: string }[] {
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  const option: Linter.RuleEntry = run.options ? ['error', run.options] : 'error';
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { leakguard: plugin },
        settings: run.settings ?? {},
        rules: {
          'leakguard/no-leaked-connection': option,
          'leakguard/no-leaked-cursor': option,
          'leakguard/no-unsettled-transaction': option,
        },
      },
    ],
    run.filename ?? '/repo/src/service.ts',
  );
  return messages.map((message) => ({ rule: message.ruleId ?? 'fatal', line: message.line, message: message.message }));
}

describe('throw model', () => {
  it.each([
    ['Date.now()', 'const started = Date.now();'],
    ['a WeakMap read', 'const seen = new WeakMap(); seen.get(client);'],
    ['fn.bind(x)', 'const done = release.bind(null);'],
    ['Math.*', 'const n = Math.max(1, 2);'],
    ['console.*', 'console.log("connected");'],
    ['a timer', 'setImmediate(() => {});'],
    ['Number() of a primitive', 'const n = Number("1");'],
    ['Array.isArray', 'const list = Array.isArray(x);'],
    ['Object.defineProperty', "Object.defineProperty(x, 'password', { enumerable: false, value: 1 });"],
    ['Object.create(null)', 'const byName = Object.create(null);'],
    ['await Promise.resolve()', 'await Promise.resolve();'],
    ['Promise.reject (a rejected promise, not a throw)', "const failed = Promise.reject(new Error('x'));"],
    ['a promise with a handler that cannot throw', 'await notify().catch(() => null);'],
    ['a new of a plain value class declared in the file', 'const p = new Point(1, 2);'],
    ['a new of a subclass of Error that only stores its arguments', "const e = new LockError('busy', { cause: x });"],
    ['Object.entries(o).forEach naming the two items of an entry', 'const seen = new Map(); Object.entries(x).forEach(([k, v]) => { seen.set(k, v); });'],
  ])('%s between acquire and release is no throw path', (_name, statement) => {
    const code = `${PG}class Point { constructor(x, y) { this.x = x; this.y = y; } }
class LockError extends Error { constructor(code, options = {}) { const { cause } = options; super(code, { cause }); this.name = this.constructor.name; } }
const release = () => {};
export async function f(x, notify) {
  const client = await pool.connect();
  ${statement}
  client.release();
}`;
    expect(lint(code)).toEqual([]);
  });

  it('still takes a subclass of an unknown superclass, or one whose constructor throws, to throw', () => {
    const code = `${PG}import { Base } from 'somewhere';
class Remote extends Base {}
class Checked extends Error { constructor(code) { if (!code) throw new TypeError('code'); super(code); } }
export async function f(code) {
  const client = await pool.connect();
  const a = new Remote();
  const b = new Checked(code);
  client.release();
  return [a, b];
}`;
    const found = lint(code);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('`new Remote(…)` on line 8 throws');
  });

  it('still takes destructuring the elements of another array in a callback to throw', () => {
    const code = `${PG}export async function f(list) {
  const client = await pool.connect();
  const seen = new Map();
  list.forEach(([k, v]) => { seen.set(k, v); });
  client.release();
}`;
    expect(lint(code)).toHaveLength(1);
  });

  it('still reports the throw path of a call that can throw, naming it', () => {
    const code = `${PG}export async function f(sql) {
  const client = await pool.connect();
  const started = Date.now();
  await client.query(sql);
  client.release();
  return started;
}`;
    const found = lint(code);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('`client.query(…)` on line 6 throws');
  });

  it('names an awaited I/O call before a synchronous call that may throw', () => {
    const code = `${PG}export async function f(sql, parse) {
  const client = await pool.connect();
  const query = parse(sql);
  await client.query(query);
  client.release();
}`;
    const found = lint(code);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('`client.query(…)` on line 6 throws');
  });

  it("takes NestJS's static Logger, imported from @nestjs/common, as not throwing", () => {
    const code = `${PG}import { Logger } from '@nestjs/common';
export async function f() {
  const client = await pool.connect();
  Logger.log('connected', 'Db');
  client.release();
}`;
    expect(lint(code)).toEqual([]);
    // A \`Logger\` of another package is not known.
    expect(lint(code.replace('@nestjs/common', 'my-logger'))).toHaveLength(1);
  });

  it("takes every member of an export listed as 'Name.*' as not throwing", () => {
    const code = `${PG}import { Metrics } from 'metrics-lib';
export async function f() {
  const client = await pool.connect();
  Metrics.count('connected');
  client.release();
}`;
    expect(lint(code)).toHaveLength(1);
    const settings = { leakguard: { nonThrowing: [{ from: 'package', package: 'metrics-lib', name: 'Metrics.*' }] } };
    expect(lint(code, { settings })).toEqual([]);
  });

  it('takes calls the user lists in settings.leakguard.nonThrowing as not throwing', () => {
    const code = `${PG}import { metric } from 'metrics-lib';
export async function f() {
  const client = await pool.connect();
  metric('connected');
  client.release();
}`;
    expect(lint(code)).toHaveLength(1);
    const settings = { leakguard: { nonThrowing: [{ from: 'package', package: 'metrics-lib', name: 'metric' }] } };
    expect(lint(code, { settings })).toEqual([]);
  });

  it('does not trust a name that a declaration in the file shadows', () => {
    const code = `${PG}const Date = { now() { throw new Error('x'); } };
export async function f() {
  const client = await pool.connect();
  Date.now();
  client.release();
}`;
    expect(lint(code)).toHaveLength(1);
  });

  it.each([
    [[{ from: 'nowhere', name: 'x' }], /from: "nowhere"/],
    [[{ from: 'lib', name: 'not a name' }], /not a valid name/],
    [[{ from: 'lib', name: 'x', extra: 1 }], /unknown property `extra`/],
    ['Date.now', /must be an array/],
  ])('rejects a bad nonThrowing setting %j', (nonThrowing, message) => {
    expect(() => lint(`${PG}export async function f() {}`, { settings: { leakguard: { nonThrowing } } })).toThrow(message);
  });
});

describe('test files', () => {
  const throwOnly = `${PG}it('reads', async () => {
  const client = await pool.connect();
  const { rows } = await client.query('select 1');
  expect(rows).toHaveLength(1);
  client.release();
});`;
  const neverReleased = `${PG}it('reads', async () => {
  const client = await pool.connect();
  await client.query('select 1');
});`;
  const earlyReturn = `${PG}it('reads', async () => {
  const client = await pool.connect();
  const { rows } = await client.query('select 1');
  if (rows.length === 0) return;
  client.release();
});`;

  it.each([
    '/repo/src/db.test.ts',
    '/repo/src/__tests__/db.ts',
    '/repo/test/db.ts',
    '/repo/e2e/db.ts',
    '/repo/src/db.spec.ts',
    // Test-support code: a fixtures package (trigger.dev's), a shipped testing module, helpers.
    '/repo/internal-packages/testcontainers/src/index.ts',
    '/repo/packages/core/src/testing/postgresql.ts',
    '/repo/packages/test-utils/src/db.ts',
    '/repo/src/test-helpers/db.ts',
  ])(
    'a leak only when something throws is not reported in %s',
    (filename) => {
      expect(lint(throwOnly, { filename })).toEqual([]);
    },
  );

  it('reports it in product code', () => {
    expect(lint(throwOnly)).toHaveLength(1);
  });

  it('reports a resource never released, or left open on a return, in tests too', () => {
    expect(lint(neverReleased, { filename: '/repo/src/db.test.ts' })).toHaveLength(1);
    expect(lint(neverReleased, { filename: '/repo/internal-packages/testcontainers/src/index.ts' })).toHaveLength(1);
    expect(lint(earlyReturn, { filename: '/repo/src/db.test.ts' })).toHaveLength(1);
  });

  it('reports every path in tests with throwPathsInTests', () => {
    expect(lint(throwOnly, { filename: '/repo/src/db.test.ts', options: { throwPathsInTests: true } })).toHaveLength(1);
  });

  it('takes the test globs from settings.leakguard.testFiles', () => {
    const settings = { leakguard: { testFiles: ['checks/**'] } };
    expect(lint(throwOnly, { filename: '/repo/checks/db.ts', settings })).toEqual([]);
    expect(lint(throwOnly, { filename: '/repo/src/db.test.ts', settings })).toHaveLength(1);
  });

  // A transaction left open when the client goes back to the pool, only when a query after
  // BEGIN throws (bullmq's migration test): the \`finally\` releases it on the way out of a
  // failing test, and the test fails anyway.
  const givenUpOnThrow = `${PG}it('rolls back', async () => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE TABLE t (id int)');
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
});`;

  it('a transaction given up unsettled only in a finally an exception entered is not reported in tests', () => {
    expect(lint(givenUpOnThrow, { filename: '/repo/test/migration.test.ts' })).toEqual([]);
    expect(lint(givenUpOnThrow, { filename: '/repo/test/migration.test.ts', options: { throwPathsInTests: true } })).toEqual([
      expect.objectContaining({ rule: 'leakguard/no-unsettled-transaction', line: 6 }),
    ]);
    expect(lint(givenUpOnThrow)).toEqual([expect.objectContaining({ rule: 'leakguard/no-unsettled-transaction', line: 6 })]);
  });

  it('a transaction given up unsettled after a caught failure, or on a normal path, is reported in tests', () => {
    // The catch swallows the failure and the test goes on with the transaction open.
    const caught = givenUpOnThrow.replace("await client.query('ROLLBACK');\n  } finally {", "await client.query('ROLLBACK');\n  } catch {\n  } finally {");
    expect(caught).toContain('catch {');
    expect(lint(caught, { filename: '/repo/test/migration.test.ts' })).toEqual([
      expect.objectContaining({ rule: 'leakguard/no-unsettled-transaction', line: 6 }),
    ]);
    // No ROLLBACK at all: every path gives it up open.
    const never = givenUpOnThrow.replace("    await client.query('ROLLBACK');\n", '');
    expect(lint(never, { filename: '/repo/test/migration.test.ts' })).toEqual([
      expect.objectContaining({ rule: 'leakguard/no-unsettled-transaction', line: 6 }),
    ]);
    // Given up in the catch that swallowed the failure.
    const inCatch = givenUpOnThrow.replace('} finally {\n    client.release();\n  }', '} catch {\n    client.release();\n    return;\n  }\n  client.release();');
    expect(inCatch).toContain('} catch {');
    expect(lint(inCatch, { filename: '/repo/test/migration.test.ts' })).toEqual([
      expect.objectContaining({ rule: 'leakguard/no-unsettled-transaction', line: 6 }),
    ]);
  });

  it('rejects a bad testFiles setting', () => {
    expect(() => lint(`${PG}export async function f() {}`, { settings: { leakguard: { testFiles: '**/*.test.ts' } } })).toThrow(
      /testFiles` must be an array/,
    );
  });
});

describe('guarded releases', () => {
  it.each([
    ['a test of the resource state', 'if (!client.isReleased) client.release();'],
    ['a test that the method exists', 'if (client.release) client.release();'],
    ['an optional call', 'client?.release?.();'],
    ['a comparison of the resource state with one of its values', "if (client.state !== 'released') client.release();"],
  ])('%s guarding the release is a release', (_name, release) => {
    const code = `${PG}export async function f() {
  const client = await pool.connect();
  try {
    return await client.query('select 1');
  } finally {
    ${release}
  }
}`;
    expect(lint(code)).toEqual([]);
  });

  it("ioredis: a blocking reader quit in finally unless its status is already 'end' (trigger.dev's worker queue)", () => {
    const code = `import Redis from 'ioredis';
export class Queue {
  constructor(private redis: Redis) {}
  async pop(key: string): Promise<string | null> {
    const blockingClient = this.redis.duplicate();
    try {
      const result = await blockingClient.blpop(key, 1);
      if (!result) return null;
      return result[1];
    } finally {
      if (blockingClient.status !== 'end') {
        await blockingClient.quit();
      }
    }
  }
}`;
    expect(lint(code)).toEqual([]);
    // A comparison of something else with a value guards nothing the resource decides.
    expect(lint(code.replace("blockingClient.status !== 'end'", "key !== 'end'"))).toHaveLength(1);
  });

  it('a test of something else guarding the release is still a skipped release', () => {
    const code = `${PG}export async function f(done) {
  const client = await pool.connect();
  try {
    return await client.query('select 1');
  } finally {
    if (done) client.release();
  }
}`;
    expect(lint(code)).toHaveLength(1);
  });
});

describe('driver callback errors proven by assertions', () => {
  it('an assertion that the error is present means no connection was handed over', () => {
    const code = `import mysql from 'mysql';
const pool = mysql.createPool({});
it('fails to connect', (done) => {
  pool.getConnection((err, connection) => {
    expect(err).to.be.an(Error);
    done();
  });
});`;
    expect(lint(code, { filename: '/repo/test/pool.test.ts' })).toEqual([]);
    // Without the assertion the callback may have been handed a connection it never releases.
    expect(lint(code.replace('expect(err).to.be.an(Error);', ''), { filename: '/repo/test/pool.test.ts' })).toHaveLength(1);
  });

  it('an assertion that the error is absent proves nothing of the kind', () => {
    const code = `import mysql from 'mysql';
const pool = mysql.createPool({});
it('connects', (done) => {
  pool.getConnection((err, connection) => {
    expect(err).to.be(undefined);
    done();
  });
});`;
    expect(lint(code, { filename: '/repo/test/pool.test.ts' })).toHaveLength(1);
  });
});

describe('one defect, one report', () => {
  it('a transaction left open where its client leaks: one report each, the transaction names the shared fix', () => {
    const code = `${PG}export async function f(sql) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(sql);
  await client.query('COMMIT');
  client.release();
}`;
    const found = lint(code);
    const byRule = new Map(found.map((entry) => [entry.rule, entry.message]));
    expect(found).toHaveLength(byRule.size);
    expect(byRule.get('leakguard/no-unsettled-transaction')).toMatch(/fixes both/);
    expect(byRule.get('leakguard/no-leaked-connection')).not.toMatch(/fixes both/);
  });
});

describe('throw model: functions of the file and releases', () => {
  it('a same-file function with no throwing operation on any path cannot throw', () => {
    const code = `${PG}function stamp(row) { return { ...row, at: Date.now() }; }
const label = (name = 'x') => name.toUpperCase;
export async function f() {
  const client = await pool.connect();
  const row = stamp({});
  label();
  client.release();
  return row;
}`;
    expect(lint(code)).toEqual([]);
  });

  it('a same-file function that may throw is still a throw path', () => {
    const code = `${PG}function check(row) { if (!row) throw new Error('none'); return row; }
export async function f(row) {
  const client = await pool.connect();
  check(row);
  client.release();
}`;
    const found = lint(code);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('`check(…)` on line 6 throws');
  });

  it('ending one client is not the call another one leaks on', () => {
    const code = `import pg from 'pg';
export async function f() {
  const a = new pg.Client();
  const b = new pg.Client();
  await a.connect();
  await b.connect();
  await a.end();
  await b.end();
}`;
    const found = lint(code);
    expect(found.map((entry) => entry.message).join('\n')).not.toContain('a.end()');
  });

  it('a failing commit is still a throw point of the transaction', () => {
    const code = `import knex from 'knex';
const db = knex({});
export async function f(other) {
  const trx = await db.transaction();
  const t2 = await db.transaction();
  await trx.commit();
  await t2.commit();
}`;
    const found = lint(code).filter((entry) => entry.rule === 'leakguard/no-unsettled-transaction');
    expect(found.some((entry) => entry.message.includes('`trx.commit(…)` on line 6 throws'))).toBe(true);
  });
});

describe('evidence about the receiver, not the file', () => {
  it('a .stream() on a knex builder is a result stream; one on anything else in the same file is not', () => {
    const builder = `import knex from 'knex';
const db = knex({});
export function f() {
  const stream = db('users').select('*').stream();
  return 1;
}`;
    expect(lint(builder).filter((entry) => entry.rule === 'leakguard/no-leaked-cursor')).toHaveLength(1);
    const other = `import knex from 'knex';
export function f(archive) {
  const stream = archive.stream();
  return 1;
}`;
    expect(lint(other)).toEqual([]);
  });

  it('a callee named like an owner only by a prefix does not take the resource', () => {
    const code = `${PG}import { pushMetrics, pushConnection } from './metrics.js';
export async function f() {
  const client = await pool.connect();
  pushMetrics(client);
}
export async function g() {
  const client = await pool.connect();
  pushConnection(client);
}`;
    const found = lint(code);
    expect(found.map((entry) => entry.line)).toEqual([5]);
  });
});

describe('test lifecycle hooks', () => {
  it('a connection acquired in beforeAll and released in afterAll is silent', () => {
    const code = `${PG}let client;
beforeAll(async () => {
  client = await pool.connect();
});
afterAll(() => {
  client.release();
});
it('reads', async () => {
  await client.query('select 1');
});`;
    expect(lint(code, { filename: '/repo/test/db.test.ts' })).toEqual([]);
  });

  it('the same with before/after and beforeEach/afterEach', () => {
    const code = `${PG}let client;
before(async () => { client = await pool.connect(); });
after(async () => { await client.release(); });
let other;
beforeEach(async () => { other = await pool.connect(); });
afterEach(() => other.release());`;
    expect(lint(code, { filename: '/repo/test/db.test.ts' })).toEqual([]);
  });
});

describe('releases the analysis recognises beyond the model', () => {
  it('the release method handed to a listener, bound or not, releases', () => {
    const code = `import pg from 'pg';
export function f(done) {
  const client = new pg.Client();
  client.connect();
  client.on('drain', client.end.bind(client));
  client.on('end', done);
  client.query('select 1');
}
export function g() {
  const client = new pg.Client();
  client.connect();
  process.once('SIGTERM', client.end);
}`;
    expect(lint(code)).toEqual([]);
  });

  it('dispose() ends a connection of any model, here in a flag-guarded finally', () => {
    const code = `${PG}export async function f(sql) {
  const driver = await pool.connect();
  let released = false;
  try {
    await driver.query(sql);
    driver.release();
    released = true;
  } finally {
    if (!released) {
      driver.dispose();
    }
  }
}`;
    expect(lint(code)).toEqual([]);
  });
});

describe('promise handlers of the file', () => {
  it('a rejection handler that is a quiet function of the file settles the promise', () => {
    const code = `${PG}const returnFalse = () => false;
export async function f(sql) {
  const client = await pool.connect();
  const ok = await client.query(sql).catch(returnFalse);
  client.release();
  return ok;
}`;
    expect(lint(code)).toEqual([]);
  });
});

describe('values that pass a resource through', () => {
  it('Object.assign(stream, …) returned is the stream returned', () => {
    const code = `import QueryStream from 'pg-query-stream';
import pg from 'pg';
const client = new pg.Client();
export function f(sql) {
  const stream = client.query(new QueryStream(sql));
  return Object.assign(stream, { tag: 'x' });
}`;
    expect(lint(code)).toEqual([]);
    expect(lint(code.replace("return Object.assign(stream, { tag: 'x' });", "Object.assign({}, { tag: 'x' });\n  return 1;"))).toHaveLength(1);
  });
});

describe('releases in functions the code hands on', () => {
  it('a promise executor that releases, at once or in a nested callback, takes the resource over', () => {
    const code = `import pg from 'pg';
import Cursor from 'pg-cursor';
const pool = new pg.Pool();
export async function f(text) {
  const cursor = new Cursor(text);
  const client = await pool.connect();
  client.query(cursor);
  await new Promise((resolve) => {
    cursor.read(25, () => {
      cursor.close(() => {
        client.release();
        resolve();
      });
    });
  });
}
export async function g() {
  const client = new pg.Client();
  await client.connect();
  return new Promise((resolve) => {
    client.end();
    resolve();
  });
}`;
    // In a test file: \`client.query(cursor)\` may throw before the promise, which only
    // matters outside tests.
    expect(lint(code, { filename: '/repo/test/pool.test.ts' })).toEqual([]);
    expect(lint(code.replace('client.release();', ''), { filename: '/repo/test/pool.test.ts' })).toHaveLength(1);
  });
});

describe('aliases proven by assertions', () => {
  it('a released client asserted equal to a new one is that one: its release is no second release', () => {
    const code = `${PG}it('hands the same client out again', async () => {
  const client = await pool.connect();
  client.release();
  const client2 = await pool.connect();
  expect(client).to.equal(client2);
  client.release();
});`;
    const linter = new Linter({ configType: 'flat', cwd: '/repo' });
    const run = (source: string) =>
      linter.verify(
        source,
        [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tsParser },
            plugins: { leakguard: plugin },
            rules: { 'leakguard/no-use-after-release': 'error' },
          },
        ],
        '/repo/test/pool.test.ts',
      );
    expect(run(code)).toEqual([]);
    expect(run(code.replace('expect(client).to.equal(client2);', ''))).toHaveLength(1);
  });
});

describe('throw model with types', () => {
  it('a method of a built-in collection, known by its declared type, cannot throw', () => {
    const fixtureDir = fileURLToPath(new URL('../fixtures/types', import.meta.url));
    const code = `import pg from 'pg';
const pool = new pg.Pool();
export class Cache {
  private readonly seen: Map<string, number>;
  constructor(seen: Map<string, number>) {
    this.seen = seen;
  }
  async touch(id: string) {
    const client = await pool.connect();
    this.seen.set(id, Date.now());
    client.release();
  }
}`;
    const linter = new Linter({ configType: 'flat' });
    const run = (source: string) =>
      linter.verify(
        source,
        [
          {
            files: ['**/*.ts'],
            languageOptions: {
              parser: tsParser,
              parserOptions: { projectService: { allowDefaultProject: [], defaultProject: 'tsconfig.json' }, tsconfigRootDir: fixtureDir },
            },
            plugins: { leakguard: plugin },
            // The fixture project lives under tests/: lint it as product code.
            settings: { leakguard: { testFiles: [] } },
            rules: { 'leakguard/no-leaked-connection': 'error' },
          },
        ],
        join(fixtureDir, 'file.ts'),
      );
    expect(run(code)).toEqual([]);
    // Without types the receiver is unknown, and the call may throw.
    expect(lint(code)).toHaveLength(1);
  });
});
