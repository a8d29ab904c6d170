// Carriers (src/lifetime/carriers.ts): local wrappers and components that keep a resource,
// taken as uses only when the function releases the resource itself.

import { describe, expect, it } from 'vitest';
import { analyzeCode, header, printLeaks } from './helpers.js';

const cases: [string, string, string[]][] = [
  [
    'a wrapper of a wrapper stays local: the throw before the try leaks',
    `export async function f(fn) {
  const client = await pool.connect();
  const session = new Session(client);
  const tx = new Transaction(session);
  await tx.execute('begin');
  try { await fn(tx); } finally { client.release(); }
}`,
    ['client: throw@7'],
  ],
  [
    'a copy of a wrapper carries the resource too: its field releases it',
    `export async function f() {
  const session = { client: await pool.connect() };
  const current = session;
  await current.client.query('select 1');
  current.client.release();
}`,
    ['session.client: throw@6'],
  ],
  [
    'an array literal kept in a local is a use',
    `export async function f(other) {
  const client = await pool.connect();
  const pair = [client, other];
  await pair[1].query('select 1');
  client.release();
}`,
    ['client: throw@6'],
  ],
  [
    'a release in a callback corroborates ownership as well',
    `export async function f(fn) {
  const client = await pool.connect();
  const session = new Session(client);
  await session.run('begin');
  return fn(session).finally(() => client.release());
}`,
    ['client: throw@6'],
  ],
  [
    'the wrapper handed to an owning call on every path: silent',
    `export async function f(registry) {
  const client = await pool.connect();
  const session = new Session(client);
  registry.set('current', session);
  await session.run('begin');
  if (registry.closing) client.release();
}`,
    ['client: ok'],
  ],
  [
    'no release by the function: the wrapping stays a hand-over',
    `export async function f() {
  const client = await pool.connect();
  const session = new Session(client);
  await session.run('begin');
  await session.close();
}`,
    ['client: ok'],
  ],
  [
    'a wrapper built in a nested function is not one the function keeps',
    `export async function f(later) {
  const client = await pool.connect();
  later(() => new Session(client));
  await client.query('select 1');
  client.release();
}`,
    ['client: throw@6'],
  ],
];

describe('carriers', () => {
  it.each(cases)('%s', (_name, body, expected) => {
    expect(printLeaks(analyzeCode(`${header}${body}\n`).reports)).toEqual(expected);
  });
});
