import { describe, expect, it } from 'vitest';
import { lintService as lint } from './lint-service.js';

// Iteration methods in the throw model: `rows.forEach(cb)`, `items.map(cb)` throw only what
// the callback written in place throws (`callbacks: true` method specifiers), directly
// between acquire and release and inside a helper's "cannot throw" summary; and the
// `callbacks` form of `settings.leakguard.nonThrowing`.

/** A module whose one function holds a pooled connection across `statement`. */
function around(prelude: string, statement: string): string {
  return `import pg from 'pg';
${prelude}
const pool = new pg.Pool();
export async function f(rows, ids) {
  const connection = await pool.connect();
  ${statement}
  connection.release();
}`;
}

describe('iteration methods in the throw model', () => {
  it.each([
    ['forEach with a logging callback', '', 'rows.forEach((row) => console.log(row));'],
    ['map to a new array', '', 'const out = rows.map((row) => String(row));'],
    ['filter and some', '', 'rows.filter((row) => row !== null).some(function (row) { return Number.isNaN(row); });'],
    ['forEach scheduling work', '', 'rows.forEach((row) => { setImmediate(() => row.refresh()); });'],
    ['a callback with a default that cannot throw', '', 'rows.forEach((row, index = 0) => ids.push(index));'],
    [
      'a helper of the file whose only work is such a loop',
      'function schedule(items) {\n  if (!Array.isArray(items)) return;\n  items.forEach((item) => setImmediate(() => item.update()));\n}',
      'schedule(rows);',
    ],
  ])('%s cannot throw', (_name, prelude, statement) => {
    expect(lint(around(prelude, statement))).toEqual([]);
  });

  it.each([
    ['a callback that parses', '', 'rows.forEach((row) => JSON.parse(row));', '`rows.forEach(…)`'],
    ['a callback passed by name', 'function check(row) { if (!row) throw new Error(); }', 'rows.forEach(check);', '`rows.forEach(…)`'],
    ['a callback that destructures its element', '', 'rows.forEach(({ id }) => ids.push(id));', '`rows.forEach(…)`'],
    ['reduce, which throws on an empty array', '', 'rows.reduce((a, b) => a + b);', '`rows.reduce(…)`'],
    ['a helper whose callback throws', 'function all(items) { items.forEach((item) => { throw item; }); }', 'all(rows);', '`all(…)`'],
  ])('%s still may throw', (_name, prelude, statement, named) => {
    const found = lint(around(prelude, statement));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(`if ${named} on line`);
  });

  it('takes an iteration method the user lists with `callbacks: true`', () => {
    const code = around('', 'rows.each((row) => ids.push(row));');
    expect(lint(code)).toHaveLength(1);
    expect(lint(code, { leakguard: { nonThrowing: [{ from: 'method', name: 'each', callbacks: true }] } })).toEqual([]);
    // Only with a callback that cannot throw.
    const throwing = around('', 'rows.each((row) => JSON.parse(row));');
    expect(lint(throwing, { leakguard: { nonThrowing: [{ from: 'method', name: 'each', callbacks: true }] } })).toHaveLength(1);
  });

  it.each([
    [{ from: 'method', name: 'each', callbacks: 'yes' }, /nonThrowing\[0\]\.callbacks` must be true or false/],
    [{ from: 'lib', name: 'each', callbacks: true }, /unknown property `callbacks`/],
  ])('rejects the bad entry %j', (entry, message) => {
    expect(() => lint(around('', ''), { leakguard: { nonThrowing: [entry] } })).toThrow(message);
  });
});
