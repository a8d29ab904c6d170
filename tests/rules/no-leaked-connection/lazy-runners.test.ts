// TypeORM's query runner takes a connection from the pool only on its first query
// (`connect()`, `query()`, `startTransaction()`, a schema method, a query of its `manager`, or
// whatever a function it is given or a callback that uses it runs): one given up before that
// holds nothing (the model's `opensOn: ['*']`). Its first query may fail after connecting, so
// that call's own failure leaves it open.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Read only for `.connection` (typeorm's codemod fixtures): never connected.
    `import { DataSource } from 'typeorm';
export class Users {
  constructor(private readonly dataSource: DataSource) {}
  async fromLocalAccessor() {
    const qr = this.dataSource.createQueryRunner();
    return qr.connection;
  }
}`,
    // typeorm's own DataSource.createQueryRunner(): a factory that may throw runs before the
    // runner is returned, and the runner has not connected yet.
    `import { DataSource, EntityManager } from 'typeorm';
export function createQueryRunner(ds: DataSource, makeManager: (runner: unknown) => EntityManager) {
  const queryRunner = ds.createQueryRunner();
  const manager = makeManager(queryRunner);
  Object.assign(queryRunner, { manager });
  return queryRunner;
}`,
    // A check that throws before the first query, outside the try that releases.
    `import { DataSource } from 'typeorm';
export async function rename(ds: DataSource, id: number, name: string) {
  const runner = ds.createQueryRunner();
  if (name.length === 0) throw new Error('empty name');
  try {
    await runner.query('update t set name = $1 where id = $2', [name, id]);
  } finally {
    await runner.release();
  }
}`,
  ],
  invalid: [
    // Connected, then another call throws before the release.
    {
      code: `import { DataSource } from 'typeorm';
export async function rename(ds: DataSource, audit: () => Promise<void>) {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await audit();
  await runner.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 18,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              output: `import { DataSource } from 'typeorm';
export async function rename(ds: DataSource, audit: () => Promise<void>) {
  await using runner = ds.createQueryRunner();
  await runner.connect();
  await audit();
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { DataSource } from 'typeorm';
export async function rename(ds: DataSource, audit: () => Promise<void>) {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await audit();
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // The first query itself fails after taking the connection.
    {
      code: `import { DataSource } from 'typeorm';
export async function rename(ds: DataSource) {
  const runner = ds.createQueryRunner();
  await runner.query('update t set name = 1');
  await runner.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 18,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              output: `import { DataSource } from 'typeorm';
export async function rename(ds: DataSource) {
  await using runner = ds.createQueryRunner();
  await runner.query('update t set name = 1');
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { DataSource } from 'typeorm';
export async function rename(ds: DataSource) {
  const runner = ds.createQueryRunner();
  try {
    await runner.query('update t set name = 1');
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Used by callbacks a call runs (typeorm's DbQueryResultCache.remove()): a failing delete
    // rejects Promise.all and skips the release.
    {
      code: `import { DataSource } from 'typeorm';
export async function remove(ds: DataSource, ids: string[]) {
  const runner = ds.createQueryRunner();
  await Promise.all(ids.map((id) => runner.manager.delete('cache', { id })));
  await runner.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 3,
          column: 18,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              output: `import { DataSource } from 'typeorm';
export async function remove(ds: DataSource, ids: string[]) {
  await using runner = ds.createQueryRunner();
  await Promise.all(ids.map((id) => runner.manager.delete('cache', { id })));
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { DataSource } from 'typeorm';
export async function remove(ds: DataSource, ids: string[]) {
  const runner = ds.createQueryRunner();
  try {
    await Promise.all(ids.map((id) => runner.manager.delete('cache', { id })));
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A schema method connects as a query does; never released.
    {
      code: `import { DataSource } from 'typeorm';
export async function exists(ds: DataSource, table: string) {
  const runner = ds.createQueryRunner();
  return runner.hasTable(table);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 18,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              output: `import { DataSource } from 'typeorm';
export async function exists(ds: DataSource, table: string) {
  await using runner = ds.createQueryRunner();
  return await runner.hasTable(table);
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              output: `import { DataSource } from 'typeorm';
export async function exists(ds: DataSource, table: string) {
  const runner = ds.createQueryRunner();
  try {
    return await runner.hasTable(table);
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
