// The executor is the ground truth of the differential test, so it is checked on its own:
// hand-written programs whose answer is known, one JavaScript rule per case.

import { describe, expect, it } from 'vitest';
import { executeProgram, formatRun } from './execute.js';
import type { ExecOptions } from './execute.js';
import { parseProgram } from './parse.js';
import { printProgram } from './program.js';

function run(body: string, params = 'flag0, flag1, st, xs', options: Partial<ExecOptions> = {}) {
  const source = `export async function run(${params}) {\n${body}\n}\n`;
  const program = parseProgram(source);
  return { program, result: executeProgram(program, options, printProgram(program).lines) };
}

// [why, body, leaks]
const cases: [string, string, boolean][] = [
  ['released on the one path', 'const c = await pool.connect(); c.release();', false],
  ['a call between acquire and release may throw', 'const c = await pool.connect(); await f(); c.release();', true],
  ['release in finally', 'const c = await pool.connect(); try { await f(); } finally { c.release(); }', false],
  [
    'connect() throwing leaves c undefined: TypeError in finally, nothing out',
    'let c; try { c = await pool.connect(); await f(); } finally { c.release(); }',
    false,
  ],
  ['optional release of a maybe-undefined variable', 'let c; try { c = await pool.connect(); await f(); } finally { c?.release(); }', false],
  ['return inside try, release in finally', 'const c = await pool.connect(); try { return; } finally { c.release(); }', false],
  ['early return skips the release after the try', 'const c = await pool.connect(); try { if (st.a) { return; } } finally { } c.release();', true],
  ['return in finally overrides the throw', 'const c = await pool.connect(); try { c.release(); throw new Error(); } finally { return; }', false],
  ['finally runs after the catch returns', 'const c = await pool.connect(); try { throw new Error(); } catch { return; } finally { c.release(); }', false],
  [
    'throw in finally before the release overrides the return',
    'const c = await pool.connect(); try { return; } finally { if (st.a) { throw new Error(); } c.release(); }',
    true,
  ],
  ['overwriting an out connection loses it', 'let c; c = await pool.connect(); c = await pool.connect(); c.release();', true],
  ['`??` does not reacquire', 'let c; c = c ?? await pool.connect(); c = c ?? await pool.connect(); c.release();', false],
  ['second iteration overwrites', 'let c; for (const x of xs) { c = await pool.connect(); } c?.release();', true],
  ['acquire and release in each iteration', 'for (const x of xs) { const c = await pool.connect(); c.release(); }', false],
  ['break skips the release', 'for (;;) { const c = await pool.connect(); if (g()) { break; } c.release(); }', true],
  ['continue in do-while goes to the test and may loop again', 'let c; do { c = await pool.connect(); continue; } while (st.a); c.release();', true],
  ['continue in do-while skips the release', 'do { const c = await pool.connect(); if (st.a) { continue; } c.release(); } while (st.b);', true],
  [
    'labelled continue after the release',
    'outer: for (const x of xs) { const c = await pool.connect(); for (;;) { c.release(); continue outer; } }',
    false,
  ],
  [
    'switch: case 0 falls through to the release in case 1',
    'const c = await pool.connect(); switch (st.mode) { case 0: { } case 1: { c.release(); break; } default: { c.release(); } }',
    false,
  ],
  [
    'switch: a case that breaks before the release',
    'const c = await pool.connect(); switch (st.mode) { case 0: { break; } default: { c.release(); } }',
    true,
  ],
  [
    'a labelled break leaves the switch and the labelled block',
    'const c = await pool.connect(); l0: { switch (st.mode) { case 0: { break l0; } default: { } } c.release(); }',
    true,
  ],
  [
    'continue inside a switch continues the loop',
    'for (const x of xs) { const c = await pool.connect(); switch (st.mode) { case 0: { c.release(); continue; } } c.release(); }',
    false,
  ],
  ['switch without default: no case matches', 'const c = await pool.connect(); switch (st.mode) { case 0: { c.release(); } }', true],
  ['`flag && release()` skips it when false', 'const c = await pool.connect(); flag0 && c.release();', true],
  ['`c && c.release()`', 'let c; if (st.a) { c = await pool.connect(); } c && c.release();', false],
  ['`flag || release()` releases when false', 'const c = await pool.connect(); flag0 || c.release();', true],
  ['the same flag tested twice is correlated', 'let c; if (flag0) { c = await pool.connect(); } if (flag0) { c.release(); }', false],
  ['two flags are independent', 'let c; if (flag0) { c = await pool.connect(); } if (flag1) { c.release(); }', true],
  ['property reads are fresh', 'let c; if (st.a) { c = await pool.connect(); } if (st.a) { c.release(); }', true],
  ['narrowing on the variable', 'let c; if (st.a) { c = await pool.connect(); } if (!c) { return; } c.release();', false],
  ['await using releases on every exit', 'await using c = await pool.connect(); await f(); if (st.a) { return; } throw new Error();', false],
  ['await using in a loop body', 'for (const x of xs) { await using c = await pool.connect(); if (g()) { break; } await f(); }', false],
  [
    'await using releases at its block exit, not later',
    'let d; if (st.a) { await using c = await pool.connect(); d = await pool.connect(); } d?.release();',
    false,
  ],
  ['TypeError on an undefined variable skips the release', 'let c; const d = await pool.connect(); c.release(); d.release();', true],
  ['the TypeError is caught', 'let c; const d = await pool.connect(); try { c.release(); } catch { } d.release();', false],
  ['dead code after return', 'const c = await pool.connect(); c.release(); return; await f();', false],
  ['labelled block break skips the release', 'const c = await pool.connect(); l0: { if (st.a) { break l0; } c.release(); return; }', true],
  ['a const leaves its block while out', 'if (st.a) { const c = await pool.connect(); }', true],
  ['a query may throw', 'const c = await pool.connect(); await c.query("x"); c.release();', true],
  [
    'nested try: the inner finally throws into the outer catch',
    'const c = await pool.connect(); try { try { await f(); } finally { await f(); } } catch { } c.release();',
    false,
  ],
  [
    'break out of finally discards the throw',
    'for (;;) { const c = await pool.connect(); try { throw new Error(); } finally { c.release(); break; } }',
    false,
  ],
  [
    'break in finally overrides the throw',
    'const c = await pool.connect(); for (;;) { try { throw new Error(); } finally { break; } } c.release();',
    false,
  ],
  [
    'throw in finally overrides the return, and is caught',
    'const c = await pool.connect(); try { try { return; } finally { throw new Error(); } } catch { } c.release();',
    false,
  ],
  [
    'a normal finally passes the return on',
    'const c = await pool.connect(); try { return; } finally { await f(c); } c.release();',
    true,
  ],
  ['a discarded acquisition leaks', 'await pool.connect();', true],
  ['returning the connection hands it off', 'const c = await pool.connect(); return c;', false],
  ['returning it on one path only', 'const c = await pool.connect(); if (st.a) { return c; }', true],
  ['a finally that returns drops the returned connection', 'const c = await pool.connect(); try { return c; } finally { return; }', true],
  ['returning another variable', 'let d; const c = await pool.connect(); return d;', true],
  ['a while condition that throws', 'const c = await pool.connect(); while (g()) { await f(); c.release(); return; } c.release();', true],
];

describe('executeProgram on hand-written programs', () => {
  it.each(cases)('%s', (_why, body, leaks) => {
    const { result } = run(body);
    expect(result.status).toBe('complete');
    expect(result.doubleRelease).toBeNull();
    expect(result.leaks, result.leakingRun ? formatRun(result.leakingRun) : 'no leaking run').toBe(leaks);
  });
});

describe('executeProgram details', () => {
  it('enumerates every combination of choices once', () => {
    // connect: resolves | throws; then f: returns | throws.
    expect(run('const c = await pool.connect(); await f(); c.release();').result.runs).toBe(3);
    expect(run('await f(); await f();').result.runs).toBe(3);
    // g(): true | false | throws, twice when the first is not a throw.
    expect(run('if (g()) { } if (g()) { }').result.runs).toBe(7);
    // xs has 0, 1 or 2 elements, each iteration calls f.
    expect(run('for (const x of xs) { await f(); }').result.runs).toBe(1 + 2 + 3);
  });

  it('evaluates a parameter once per run (unless told to treat each test as fresh)', () => {
    expect(run('if (flag0) { } if (flag0) { } if (flag0) { }').result.runs).toBe(2);
    expect(run('if (flag0) { } if (flag0) { } if (flag0) { }', undefined, { freshFlags: true }).result.runs).toBe(8);
    const body = 'let c; if (flag0) { c = await pool.connect(); } if (flag0) { c.release(); }';
    expect(run(body, undefined, { freshFlags: true }).result.leaks).toBe(true);
  });

  it('names the leaking run', () => {
    const { result } = run('const c = await pool.connect(); await f(); c.release();');
    expect(result.leakingRun?.ending).toBe('throw');
    expect(result.leakingRun?.choices.map((c) => `${c.what} ${c.picked}`)).toEqual([
      'pool.connect() resolves',
      'f() throws',
    ]);
  });

  it('reports every leaking acquisition', () => {
    const { program, result } = run('const a = await pool.connect(); const b = await pool.connect(); await f(); b.release(); a.release();');
    expect(result.leakedSites).toEqual(new Set(program.body.slice(0, 2)));
  });

  it('marks double releases, including a released connection that is still truthy', () => {
    expect(run('const c = await pool.connect(); c.release(); c.release();').result.doubleRelease).not.toBeNull();
    expect(run('const c = await pool.connect(); c.release(); if (c) { c.release(); }').result.doubleRelease).not.toBeNull();
    expect(run('await using c = await pool.connect(); c.release();').result.doubleRelease).not.toBeNull();
    expect(run('const c = await pool.connect(); c.release(); await f(c);').result.useAfterRelease).toBe(true);
  });

  it('needs two iterations for an overwrite in a loop, and finds it with loopBound 2 only', () => {
    const body = 'let c; for (const x of xs) { c = await pool.connect(); } c?.release();';
    expect(run(body, undefined, { loopBound: 1 }).result.leaks).toBe(false);
    expect(run(body, undefined, { loopBound: 2 }).result.leaks).toBe(true);
  });

  it('misses, with loopBound 2, a leak that needs three iterations', () => {
    // Iteration 1 sets c0, iteration 2 (seeing c0) sets c1, iteration 3 (seeing c1)
    // returns with c1 out. Stopping after one or two iterations releases c1 after the loop.
    // This is why a report that looks like a false positive is re-checked with a larger bound.
    const body = `let c0; let c1;
      for (;;) {
        if (c1) { return; }
        if (c0) { c1 = await pool.connect(); }
        if (!c0) { c0 = await pool.connect(); c0.release(); }
        if (st.done) { break; }
      }
      c1?.release();`;
    expect(run(body, undefined, { loopBound: 2 }).result.leaks).toBe(false);
    expect(run(body, undefined, { loopBound: 3 }).result.leaks).toBe(true);
  });

  it('cuts runs that loop past the bound without ending', () => {
    const { result } = run('const c = await pool.connect(); for (;;) { await f(); }', undefined, { connectMayThrow: false });
    // f throws in iteration 1 or 2 (both leak); a third iteration is cut.
    expect(result.runs).toBe(3);
    expect(result.cutRuns).toBe(1);
    expect(result.leaks).toBe(true);
  });

  it('counts a connection lost before an endless loop as a leak, not one still held', () => {
    const lost = run('if (st.a) { const c = await pool.connect(); } for (;;) { }', undefined, { connectMayThrow: false });
    expect(lost.result.leaks).toBe(true);
    expect(lost.result.leakingRun?.ending).toBe('diverges');
    expect(run('const c = await pool.connect(); for (;;) { }').result.leaks).toBe(false);
    expect(run('let c; c = await pool.connect(); c = await pool.connect(); for (;;) { }').result.leaks).toBe(true);
  });

  it('counts a connection held by a `return c` whose `finally` loops forever as held, not lost', () => {
    const held = run('try { const c = await pool.connect(); return c; } finally { for (;;) { } }', undefined, { connectMayThrow: false });
    expect(held.result.leaks).toBe(false);
    expect(held.result.cutRuns).toBe(1);
    // Thrown instead of returned, nothing holds it while the `finally` loops.
    const thrown = run('try { const c = await pool.connect(); throw new Error(); } finally { for (;;) { } }', undefined, { connectMayThrow: false });
    expect(thrown.result.leaks).toBe(true);
  });

  it('gives up past maxRuns', () => {
    const body = Array.from({ length: 12 }, () => 'await f();').join(' ');
    expect(run(body, undefined, { maxRuns: 5 }).result.status).toBe('exploded');
  });
});
