// The analysis's work grows linearly on shapes built to make it blow up: counted in
// interpreter steps (src/flow/work.ts), not timed, so the same on every machine. Each shape
// is analysed at n and 2n; linear work doubles, and 2.2 leaves room for a logarithmic term
// (a site that shares runs looks up the halves of the list around it) but not for n².

import { describe, expect, it } from 'vitest';
import { getInterpreterSteps } from '../../src/flow/work.js';
import { analyzeCode, header } from './helpers.js';

const repeat = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('');

/** Generated shapes, each a function of its size. */
const shapes: Record<string, (n: number) => string> = {
  // n + 1 sites re-acquiring into one holder, each live round the whole loop.
  'loop-reacquire': (n) =>
    `${header}export async function run(xs) {\n  let c = await pool.connect();\n  for (const x of xs) {\n${repeat(
      n,
      (i) => `    if (x === ${String(i)}) { c.release(); c = await pool.connect(); continue; }\n`,
    )}    await c.query('q');\n  }\n  c.release();\n}\n`,
  // The same in straight-line code: each site resumes at its own statement of one list.
  'reacquire-sequence': (n) =>
    `${header}export async function run(o) {\n  let c = await pool.connect();\n${repeat(
      n,
      (i) => `  if (o.a${String(i)}) { c.release(); c = await pool.connect(); }\n  await c.query('q');\n`,
    )}  c.release();\n}\n`,
  // Each release leaves a path released by its own call; uses after it are looked for.
  'release-flag': (n) =>
    `${header}export async function run(o) {\n  const c = await pool.connect();\n  let released = false;\n  try {\n${repeat(
      n,
      (i) => `    if (o.a${String(i)} && !released) { c.release(); released = true; }\n`,
    )}  } finally {\n    if (!released) c.release();\n  }\n}\n`,
  'if-chain': (n) =>
    `${header}export async function run(input) {\n  const c = await pool.connect();\n${repeat(
      n,
      (i) => `  if (input.a${String(i)}) { await c.query('a'); } else if (input.b${String(i)}) { c.release(); return ${String(i)}; }\n`,
    )}  c.release();\n}\n`,
  'try-finally-each': (n) =>
    `${header}export async function run() {\n${repeat(
      n,
      (i) => `  const c${String(i)} = await pool.connect();\n  try { await c${String(i)}.query('q'); } finally { c${String(i)}.release(); }\n`,
    )}}\n`,
  // n sites in one loop body: each released one is carried past the statements after it,
  // and loses its holder when it leaves the body, instead of walking the loop again.
  'sites-in-a-loop': (n) =>
    `${header}export async function run(xs) {\n  for (const x of xs) {\n${repeat(
      n,
      (i) => `    const c${String(i)} = await pool.connect();\n    try { await c${String(i)}.query(x); } finally { c${String(i)}.release(); }\n`,
    )}  }\n}\n`,
  'begin-commit': (n) =>
    `${header}export async function run() {\n  const c = await pool.connect();\n  try {\n${repeat(
      n,
      () => `    await c.query('BEGIN');\n    await c.query('update t set x = 1');\n    await c.query('COMMIT');\n`,
    )}  } finally {\n    c.release();\n  }\n}\n`,
  'cursor-loops': (n) =>
    `import Cursor from 'pg-cursor';\n${header}export async function run(out) {\n  const c = await pool.connect();\n  try {\n${repeat(
      n,
      (i) =>
        `    const k${String(i)} = c.query(new Cursor('q'));\n    let rows${String(i)} = await k${String(i)}.read(10);\n    while (rows${String(i)}.length > 0) { out.push(rows${String(i)}); rows${String(i)} = await k${String(i)}.read(10); }\n    await k${String(i)}.close();\n`,
    )}  } finally {\n    c.release();\n  }\n}\n`,
};

/** Interpreter steps of one analysis of `code`, uses after release looked for too. */
function stepsOf(code: string): number {
  const before = getInterpreterSteps();
  analyzeCode(code, { followReleased: true, kinds: new Set(['connection', 'cursor', 'transaction']) });
  return getInterpreterSteps() - before;
}

describe('work grows linearly with the size of the function', () => {
  it.each(Object.entries(shapes))('%s: steps at 2n are at most 2.2 × steps at n', (_, shape) => {
    const n = 40;
    const small = stepsOf(shape(n));
    const large = stepsOf(shape(2 * n));
    expect(small).toBeGreaterThan(n);
    expect(large / small).toBeLessThanOrEqual(2.2);
  });

  it('is deterministic: the same code costs the same steps every time', () => {
    const code = shapes['loop-reacquire']?.(10) ?? '';
    const once = stepsOf(code);
    expect(stepsOf(code)).toBe(once);
  });
});
