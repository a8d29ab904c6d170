// no-leaked-connection with type information for the pool libraries ORMs build on and the
// ORMs' own pool wrappers, against the real packages' declarations (tarn, sequelize-pool,
// sequelize, knex). Their resources have no type of their own (a pool of anything), so the
// pool's type alone decides, whatever the receiver is called.

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';
import rule from '../../rules/no-leaked-connection.js';
import { syntaxRuleTester, typedRuleTester } from './testers.js';

type Options = ESLintUtils.InferOptionsTypeFromRule<typeof rule>;
type MessageIds = ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>;

/**
 * A leak on a throw at line 3, columns `column`–`endColumn`: with `release` and `output`, the
 * suggestion that gives the resource back through its pool once in `finally`; else none.
 */
function leakOnThrowAt(column: number, endColumn: number, release?: string, output?: string): InvalidTestCase<MessageIds, Options>['errors'] {
  const suggestions = release && output ? [{ messageId: 'wrapInTryFinallySuggestion' as const, data: { release }, output }] : [];
  return [{ messageId: 'leakOnThrow', line: 3, column, endLine: 3, endColumn, suggestions }];
}

// ------------------------------------------------------------------ only types find these

/** Clean without types (nothing in the names or imports says pool); reported with types. */
const onlyTypes: { code: string; errors: InvalidTestCase<MessageIds, Options>['errors'] }[] = [
  // knex's own wrapper: a `Knex.Client` handed in acquires a raw driver connection.
  {
    code: `import type { Knex } from 'knex';
export async function raw(driver: Knex.Client, run: (c: unknown) => Promise<void>) {
  const conn = await driver.acquireConnection();
  await run(conn);
  await driver.releaseConnection(conn);
}`,
    errors: leakOnThrowAt(
      22,
      48,
      'await driver.releaseConnection(conn)',
      `import type { Knex } from 'knex';
export async function raw(driver: Knex.Client, run: (c: unknown) => Promise<void>) {
  const conn = await driver.acquireConnection();
  try {
    await run(conn);
  } finally {
    await driver.releaseConnection(conn);
  }
}`,
    ),
  },
];

typedRuleTester.run('no-leaked-connection (pools): only types find these', rule, {
  valid: [],
  invalid: onlyTypes,
});
syntaxRuleTester.run('no-leaked-connection (pools): without types these stay silent', rule, {
  valid: onlyTypes.map(({ code }) => ({ code })),
  invalid: [],
});

// --------------------------------------------------------------- both modes must agree

const agreedValid: (ValidTestCase<Options> | string)[] = [
  // Given back in `finally`.
  `import { Pool } from 'sequelize-pool';
export async function run(work: (r: object) => Promise<void>) {
  const pool = new Pool<object>({ name: 'p', create: async () => ({}), destroy: async () => {}, validate: () => true, max: 2, min: 0 });
  const r = await pool.acquire();
  try {
    await work(r);
  } finally {
    pool.release(r);
  }
}`,
  // Destroyed instead of given back when it failed: also the end of it.
  `import type { Pool } from 'sequelize-pool';
export async function run(pool: Pool<object>, check: (r: object) => Promise<boolean>) {
  const r = await pool.acquire();
  let ok = false;
  try {
    ok = await check(r);
  } finally {
    if (ok) pool.release(r);
    else await pool.destroy(r);
  }
  return ok;
}`,
  `import type { Pool } from 'tarn';
export async function run(pool: Pool<object>, work: (r: object) => Promise<void>) {
  const r = await pool.acquire().promise;
  try {
    await work(r);
  } finally {
    pool.release(r);
  }
}`,
  // A Map called `pool` is no pool, whatever its name.
  `export function take(pool: Map<string, object>) {
  const r = pool.get('a');
  pool.delete('a');
  return r;
}`,
];

const agreedInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // Sequelize's own wrapper, kept under a name of its own: a raw connection that goes back
  // with `releaseConnection(conn)`. What `manager()` returns is read from its `return`
  // (docs/provenance.md), so both modes report it.
  {
    code: `import type { Sequelize } from 'sequelize';
export async function raw(orm: Sequelize, run: (c: object) => Promise<void>) {
  const conn = await manager(orm).getConnection({ type: 'read' });
  await run(conn);
  manager(orm).releaseConnection(conn);
}
function manager(orm: Sequelize) {
  return orm.connectionManager;
}`,
    errors: leakOnThrowAt(22, 66),
  },
  // A parameter declared with the pool library's type is read without type information too
  // (docs/provenance.md), so these are reported in both modes.
  // tarn (knex's pool): `acquire()` returns a pending operation whose `.promise` is the resource.
  {
    code: `import type { Pool } from 'tarn';
export async function run(p: Pool<object>, work: (r: object) => Promise<void>) {
  const r = await p.acquire().promise;
  await work(r);
  p.release(r);
}`,
    errors: leakOnThrowAt(
      19,
      30,
      'p.release(r)',
      `import type { Pool } from 'tarn';
export async function run(p: Pool<object>, work: (r: object) => Promise<void>) {
  const r = await p.acquire().promise;
  try {
    await work(r);
  } finally {
    p.release(r);
  }
}`,
    ),
  },
  // sequelize-pool (Sequelize's pool): `acquire()` resolves to the resource.
  {
    code: `import type { Pool } from 'sequelize-pool';
export async function run(workers: Pool<object>, work: (r: object) => Promise<void>) {
  const r = await workers.acquire();
  await work(r);
  workers.release(r);
}`,
    errors: leakOnThrowAt(
      19,
      36,
      'workers.release(r)',
      `import type { Pool } from 'sequelize-pool';
export async function run(workers: Pool<object>, work: (r: object) => Promise<void>) {
  const r = await workers.acquire();
  try {
    await work(r);
  } finally {
    workers.release(r);
  }
}`,
    ),
  },
  // Never given back on the early return.
  {
    code: `import { Pool } from 'tarn';
export async function first(pool: Pool<{ ok: boolean }>) {
  const r = await pool.acquire().promise;
  if (!r.ok) return null;
  pool.release(r);
  return r;
}`,
    errors: [{ messageId: 'leakOnReturn', line: 3, column: 19, endLine: 3, endColumn: 33 }],
  },
  // Sequelize's own wrapper under its own name: the query may throw before the connection
  // goes back.
  {
    code: `import type { Sequelize } from 'sequelize';
export async function raw(sequelize: Sequelize, run: (c: object) => Promise<void>) {
  const conn = await sequelize.connectionManager.getConnection({ type: 'read' });
  await run(conn);
  sequelize.connectionManager.releaseConnection(conn);
}`,
    errors: [{ messageId: 'leakOnThrow', line: 3, column: 22, endLine: 3, endColumn: 81,
        suggestions: [{ messageId: 'wrapInTryFinallySuggestion', data: { release: 'sequelize.connectionManager.releaseConnection(conn)' }, output: `import type { Sequelize } from 'sequelize';
export async function raw(sequelize: Sequelize, run: (c: object) => Promise<void>) {
  const conn = await sequelize.connectionManager.getConnection({ type: 'read' });
  try {
    await run(conn);
  } finally {
    sequelize.connectionManager.releaseConnection(conn);
  }
}` }],
      }],
  },
];

typedRuleTester.run('no-leaked-connection (pools): both modes agree (types)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
syntaxRuleTester.run('no-leaked-connection (pools): both modes agree (syntax)', rule, {
  valid: agreedValid,
  invalid: agreedInvalid,
});
