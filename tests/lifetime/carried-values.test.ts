import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

// Where the value of an acquisition goes when the code does not name it plainly: returned
// through a promise handler, stored as the promise of a pool that `connect()` resolves to,
// a lazy client that a factory only configures, a synchronous iterator over an awaited
// answer. Each shape comes from real code whose report was false; beside each, the same
// shape that does leak.

const plugin = { rules } as unknown as ESLint.Plugin;

function lint(code: string, filename = '/repo/src/service.ts'): { line: number; message: string }[] {
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
          plugins: { leakguard: plugin },
          rules: {
            'leakguard/no-leaked-connection': 'error',
            'leakguard/no-leaked-cursor': 'error',
            'leakguard/no-unsettled-transaction': 'error',
          },
        },
      ],
      filename,
    )
    .map((message) => ({ line: message.line, message: message.message }));
}

describe('a resource returned through a promise handler', () => {
  const factory = `import redis from 'redis';
function waitOn(client: { once(event: string, listener: () => void): void }, event: string) {
  return new Promise<void>((resolve) => client.once(event, resolve));
}
function disconnect(client: { quit(): void }) { client.quit(); }
export function createClient(url: string) {
  const client = redis.createClient({ url });
  return waitOn(client, 'ready').then(
    () => client,
    (err) => (disconnect(client), Promise.reject(err)),
  );
}
`;

  it('is returned by `return ready.then(() => client)`', () => {
    expect(lint(factory)).toEqual([]);
  });

  it('is returned by a block handler that returns it on every path', () => {
    const code = `import redis from 'redis';
export function open(url: string) {
  const client = redis.createClient({ url });
  return client.connect().then(() => {
    console.log('connected');
    return client;
  });
}`;
    expect(lint(code)).toEqual([]);
  });

  it('makes the function an acquirer for its callers', () => {
    const found = lint(`${factory}export async function ping(url: string) {
  const client = await createClient(url);
  await client.ping();
}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(14);
    expect(found[0]?.message).toContain('never released');
  });

  it('takes an imported promise helper with a rejection handler to fail through its promise', () => {
    // bee-queue's lib/redis.js: `waitOn` comes from a package and `disconnect` may throw, but
    // neither decides whether `waitOn(…)` throws synchronously; its rejection is handled.
    const code = `import redis from 'redis';
import { waitOn } from 'promise-callbacks';
function disconnect(client: any) {
  if (client.disconnect) client.disconnect();
  else client.end(true);
}
export function createClient(url: string) {
  const client = redis.createClient({ url });
  return waitOn(client, 'ready', true).then(
    () => client,
    (err: Error) => (disconnect(client), Promise.reject(err)),
  );
}`;
    expect(lint(code)).toEqual([]);
    // Without the rejection handler a synchronous throw is still a path.
    expect(lint(code.replace(/,\n {4}\(err: Error\) => .*\n/u, '\n'))).toHaveLength(1);
  });

  it('still leaks when the handler gives back something else', () => {
    const found = lint(`import redis from 'redis';
export function open(url: string) {
  const client = redis.createClient({ url });
  return client.connect().then(() => 42);
}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(3);
  });
});

describe("a pool whose connect() resolves to the pool (mssql)", () => {
  const MSSQL = `import mssql from 'mssql';
const pools = new Map<string, Promise<mssql.ConnectionPool>>();
`;

  it('is stored with `cache.set(name, pool.connect())`', () => {
    expect(
      lint(`${MSSQL}export function findOrCreate(name: string, config: mssql.config) {
  if (!pools.has(name)) {
    const pool = new mssql.ConnectionPool(config);
    pools.set(name, pool.connect());
  }
  return pools.get(name);
}`),
    ).toEqual([]);
  });

  it('is returned with `return pool.connect()`', () => {
    expect(
      lint(`${MSSQL}export function open(config: mssql.config) {
  const pool = new mssql.ConnectionPool(config);
  return pool.connect();
}`),
    ).toEqual([]);
  });

  it('still leaks when only the query result leaves', () => {
    const found = lint(`${MSSQL}export async function query(config: mssql.config) {
  const pool = new mssql.ConnectionPool(config);
  await pool.connect();
  return pool.request().query('select 1');
}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(5);
  });

  it('still leaks through a promise chain on the connect()', () => {
    const found = lint(`${MSSQL}export function query(config: mssql.config) {
  const pool = new mssql.ConnectionPool(config);
  return pool.connect().then(() => pool.request().query('select 1'));
}`);
    expect(found).toHaveLength(1);
  });
});

describe('a lazy Prisma client', () => {
  const PRISMA = `import { PrismaClient } from '@prisma/client';
declare function seed(prisma: PrismaClient): Promise<void>;
`;

  it('holds nothing while a factory only configures it', () => {
    expect(
      lint(`${PRISMA}export function createPrisma(url: string) {
  const prisma = new PrismaClient({ datasources: { db: { url } } });
  prisma.$on('query', (e) => console.log(e));
  return prisma;
}`),
    ).toEqual([]);
  });

  it('is open after a query through a model delegate', () => {
    const found = lint(`${PRISMA}export async function count() {
  const prisma = new PrismaClient();
  return prisma.user.count();
}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(4);
  });

  it('is open once passed to a function', () => {
    const found = lint(`${PRISMA}export async function run() {
  const prisma = new PrismaClient();
  await seed(prisma);
}`);
    expect(found).toHaveLength(1);
  });

  it('is open when a raw query tagged with it throws', () => {
    const found = lint(`${PRISMA}export async function raw() {
  const prisma = new PrismaClient();
  await prisma.$queryRaw\`select 1\`;
  await prisma.$disconnect();
}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('prisma.$queryRaw');
  });
});

describe('a synchronous iterator over an awaited value', () => {
  it('walks data: no cursor', () => {
    expect(
      lint(`declare const queue: { saveAll(jobs: unknown[]): Promise<Map<unknown, Error>> };
export async function firstError(jobs: unknown[]) {
  const errors = await queue.saveAll(jobs);
  return errors[Symbol.iterator]().next().value;
}`),
    ).toEqual([]);
  });

  it('an asynchronous iterator over an awaited value may still hold a stream', () => {
    const found = lint(`declare function openStream(): Promise<AsyncIterable<string>>;
export async function first() {
  const stream = await openStream();
  const it = stream[Symbol.asyncIterator]();
  return (await it.next()).value;
}`);
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(4);
  });

  it('a synchronous iterator over a parameter may still be a generator', () => {
    const found = lint(`export function first(source: Iterable<string>) {
  const it = source[Symbol.iterator]();
  return it.next().value;
}`);
    expect(found).toHaveLength(1);
  });
});
