// A check on the executor: run the printed program for real, in V8, with stubs for the
// pool, `f`, `gN`, `st` and `xs` that take their answers from the same kind of
// depth-first choice enumeration, and collect how the runs end. If execute.ts models
// JavaScript correctly, the two sets of endings are equal.
//
// Only programs whose loops are all `for (const x of xs)` (bounded by the length of `xs`)
// are run for real: the stubs cannot see loop iterations, so `for (;;)` and `while` could
// not be bounded the way the executor bounds them. Node 20 cannot run `await using`, so
// programs that use it are first lowered by TypeScript (whose helpers follow the
// proposal: disposal in reverse order on every exit).

import ts from 'typescript';
import type { Cond, Program } from './program.js';
import { forEachStmt, printProgram } from './program.js';
import { advanceChoices } from './execute.js';

export interface RealResult {
  status: 'complete' | 'exploded';
  runs: number;
  /** `normal:lines` or `throw:lines`, with the lines of the acquisitions left out. */
  outcomes: Set<string>;
  doubleRelease: boolean;
}

/** Whether `program` can be run for real (see the file comment). */
export function isRealRunnable(program: Program): boolean {
  let ok = true;
  forEachStmt(program.body, (s) => {
    if (s.kind === 'loop' && s.loop !== 'forOf') ok = false;
  });
  return ok;
}

function collectCallNames(program: Program): string[] {
  const names = new Set<string>();
  const add = (cond: Cond | null): void => {
    if (cond?.kind === 'call') names.add(cond.name);
  };
  forEachStmt(program.body, (s) => {
    if (s.kind === 'if' || s.kind === 'guardedRelease' || s.kind === 'loop') add(s.cond);
  });
  return [...names];
}

type RunFunction = (...args: unknown[]) => Promise<unknown>;

/** Compiles the printed `run`, with each `pool.connect()` (or mysql2's `pool.getConnection()`) told its line. */
function compile(program: Program): { fn: (...stubs: unknown[]) => RunFunction; callNames: string[] } {
  const { source } = printProgram(program);
  const lines = source.split('\n').map((text, i) => text.replace(/pool\.(?:connect|getConnection)\(\)/g, `pool.connect(${i + 1})`));
  const start = lines.findIndex((text) => text.startsWith('export async function run('));
  const fn = lines.slice(start).join('\n').replace('export async function run(', 'async function run(');
  const lowered = source.includes('await using')
    ? ts.transpileModule(fn, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText
    : `'use strict';\n${fn}`;
  const callNames = collectCallNames(program);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point is to run the printed program
  const factory = new Function('pool', 'f', 'h', ...callNames, `${lowered}\nreturn run;`) as (
    ...stubs: unknown[]
  ) => RunFunction;
  return { fn: factory, callNames };
}

interface ConnectionRecord {
  out: boolean;
  line: number;
}

/** Runs `program` for real on every combination of the stubs' answers. */
export async function executeForReal(
  program: Program,
  options: { loopBound: number; maxRuns: number; connectMayThrow: boolean },
): Promise<RealResult> {
  const { fn: factory, callNames } = compile(program);
  const picks: number[] = [];
  const arities: number[] = [];
  const result: RealResult = { status: 'complete', runs: 0, outcomes: new Set(), doubleRelease: false };
  for (;;) {
    if (result.runs >= options.maxRuns) {
      result.status = 'exploded';
      return result;
    }
    result.runs += 1;
    let position = 0;
    const choose = (n: number): number => {
      if (position < picks.length) return picks[position++] ?? 0;
      picks.push(0);
      arities.push(n);
      position += 1;
      return 0;
    };
    const records: ConnectionRecord[] = [];
    const recordOf = new WeakMap<object, ConnectionRecord>();
    const pool = {
      // mysql2's pool takes a connection back.
      releaseConnection: (connection: { release: () => void }) => {
        connection.release();
      },
      // eslint-disable-next-line @typescript-eslint/require-await -- stands for the driver's async connect
      connect: async (line: number) => {
        if (options.connectMayThrow && choose(2) === 1) throw new Error('connect failed');
        const record: ConnectionRecord = { out: true, line };
        records.push(record);
        const release = (): void => {
          if (!record.out) result.doubleRelease = true;
          record.out = false;
        };
        const connection = {
          release,
          // `await using` releases the connection (as a driver with disposal support would).
          [Symbol.asyncDispose]: release,
          // eslint-disable-next-line @typescript-eslint/require-await -- stands for a query
          query: async () => {
            if (choose(2) === 1) throw new Error('query failed');
          },
        };
        recordOf.set(connection, record);
        return connection;
      },
    };
    // `h(callback)` may throw; the callback runs after the function, whatever `h` did.
    const callbacks: (() => void)[] = [];
    const h = (callback: () => void): void => {
      callbacks.push(callback);
      if (choose(2) === 1) throw new Error('h failed');
    };
    // eslint-disable-next-line @typescript-eslint/require-await -- stands for any async call
    const f = async () => {
      if (choose(2) === 1) throw new Error('f failed');
    };
    const calls = callNames.map(() => () => {
      const pick = choose(3);
      if (pick === 2) throw new Error('g failed');
      return pick === 0;
    });
    // `st.mode` is one of the case labels 0..2 or matches none; any other `st.kN` is a
    // fresh boolean at every read.
    const st = new Proxy(
      {},
      { get: (_target, property) => (property === 'mode' ? [-1, 0, 1, 2][choose(4)] : choose(2) === 0) },
    );
    const xs = {
      [Symbol.iterator]: () => {
        const length = choose(options.loopBound + 1);
        let index = 0;
        return { next: () => (index < length ? { value: index++, done: false } : { value: undefined, done: true }) };
      },
    };
    const flags = program.flags.map(() => choose(2) === 0);
    const run = factory(pool, f, h, ...calls);
    let ending: 'normal' | 'throw';
    let value: unknown;
    try {
      value = await run(...flags, st, xs);
      ending = 'normal';
    } catch {
      ending = 'throw';
    }
    for (const callback of callbacks) callback();
    // A returned connection is handed to the caller.
    const record = ending === 'normal' && typeof value === 'object' && value !== null ? recordOf.get(value) : undefined;
    if (record) record.out = false;
    const leaked = records.filter((r) => r.out).map((r) => r.line).sort((a, b) => a - b);
    result.outcomes.add(`${ending}:${leaked.join(',')}`);
    if (!advanceChoices(picks, arities)) return result;
  }
}
