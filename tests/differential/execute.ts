// Exhaustive concrete execution of a `Program` (program.ts): every combination of the
// opaque choices (which call throws, which way each condition goes, how many elements
// `xs` has, which switch case matches) is run, with a pool that counts connections out.
// A program leaks when some run ends — by return, throw or falling off the end — with a
// connection still out, or loops forever after losing one (see `Ending`). This is the ground truth the flow analysis is compared against.
//
// JavaScript semantics modelled exactly (for this vocabulary):
// - completion records: a `finally` that completes abruptly (return, throw, break,
//   continue) overrides the completion of its `try`/`catch`; otherwise the earlier one
//   is passed on;
// - `c.release()` / `await c.query()` on an undefined `c` throws a TypeError (nothing is
//   released); `c?.release()` on an undefined `c` does nothing;
// - a released connection object is still truthy (`if (c)` is true after `c.release()`);
// - `c = c ?? await pool.connect()` acquires only when `c` is nullish;
// - `await using c = …` releases `c` when its block exits, however it exits, in reverse
//   order of declaration; a declaration whose `connect()` threw registers nothing;
// - overwriting a variable that holds an out connection, leaving the block of a `const`,
//   or discarding the result of `await pool.connect()` loses the connection: it stays
//   out, so the run ends with a leak;
// - `return c` hands the connection to the caller: not a leak — unless a `finally`
//   overrides that return, in which case the connection is lost;
// - `break`/`continue` without a label target the nearest loop (`break` also `switch`);
//   with a label, the labelled statement; `continue` in `do … while` goes to the test.
//
// Modelling choices (bounds): a loop body runs at most `loopBound` times. `for (const x
// of xs)` takes 0..loopBound elements; a fresh loop condition (`st.k`, `g()`) is forced
// false (or to throw) once the bound is reached; a `for (;;)`, or a loop whose condition
// cannot change (`while (flag0)`, `while (c0)`), that wants another iteration past the
// bound cuts the run: it counts as leaking only if it already lost a connection (out, and
// no variable in scope, nor a `return c` waiting for its `finally`, refers to it), which
// no continuation can release. Every run is a real run, so a leak found is a real leak; but a leak may need more iterations than the
// bound: two suffice for an overwrite in a loop (acquire in iteration 1, overwrite in 2),
// while a chain of tests on several variables can need one more iteration per variable
// (see execute.test.ts, "three iterations"). The comparison therefore re-runs with a
// larger bound before it calls a report a false positive. Iterating `xs` (an array) does
// not throw; `release()` of an out connection does not throw.

import { forEachStmt } from './program.js';
import type { Cond, Program, Stmt } from './program.js';

export interface ExecOptions {
  /** Most executions of one loop's body per entry into the loop. */
  loopBound: number;
  /** Give up on a program (status `exploded`) after this many runs. */
  maxRuns: number;
  /** Whether `pool.connect()` itself may throw (it rejects when the pool cannot connect). */
  connectMayThrow: boolean;
  /**
   * Treat each evaluation of a `flagK` parameter as a fresh choice, as a path-insensitive
   * analysis does. Not JavaScript semantics: a yardstick for correlated-condition programs.
   */
  freshFlags: boolean;
  /**
   * Let each `release()` call (and `c?.release()` with `c` undefined) throw after
   * releasing. Not what drivers do (releasing an out connection does not throw); mimics
   * the analysis's view of release() as "a call", to look past that known difference in
   * a survey.
   */
  releaseThrows: boolean;
}

export const defaultExecOptions: ExecOptions = {
  loopBound: 2,
  maxRuns: 4000,
  connectMayThrow: true,
  freshFlags: false,
  releaseThrows: false,
};

/** One decision taken in a run, for the report of a leaking run. */
export interface Choice {
  /** The 1-based source line of the statement, when known. */
  line: number | null;
  what: string;
  picked: string;
}

/**
 * How a run ended. `diverges`: it was cut at the loop bound (it may loop forever) holding
 * a connection that no variable in scope refers to any more — lost whatever happens next.
 */
export type Ending = 'return' | 'throw' | 'end' | 'diverges';

export interface RunRecord {
  choices: Choice[];
  ending: Ending;
  /** What the run produced: the connection returned (by acquisition order) or what was thrown. */
  result: string;
  /** Acquisitions whose connection was still out at the end. */
  leakedSites: Stmt[];
  /**
   * For each leaked connection (same order as `leakedSites`), the statements whose opaque
   * condition skipped a release of it while it was out (see `Connection.skippedBy`).
   */
  skippedBy: Stmt[][];
}

export interface ExecResult {
  /** `exploded`: the choice space exceeded `maxRuns`; nothing below is complete. */
  status: 'complete' | 'exploded';
  runs: number;
  /** Runs cut because a loop wanted more iterations than `loopBound` (see `Ending`). */
  cutRuns: number;
  leaks: boolean;
  /** The first leaking run found (depth-first order of choices). */
  leakingRun: RunRecord | null;
  /** Every acquisition statement that leaks on some run. */
  leakedSites: Set<Stmt>;
  /** For each leaking acquisition, `skippedBy` of its connection on each run where it leaks. */
  leakEvidence: Map<Stmt, Stmt[][]>;
  /** The choices of a run that released a connection that was not out (a separate bug). */
  doubleRelease: Choice[] | null;
  /** Whether some run queried or passed on a connection after releasing it. */
  useAfterRelease: boolean;
  /** Whether some run called `.release()`/`.query()` on an undefined variable (a TypeError). */
  typeError: boolean;
  /** The statements some run executed (the others are dead code). */
  reached: Set<Stmt>;
  /**
   * Every distinct way a run ended, as `ending:lines` with the lines of the acquisitions
   * still out (needs `lines`), e.g. `throw:7,9` (for cross-checking against real runs).
   */
  outcomes: Set<string>;
  /**
   * Each run by its choices (`what=picked`, in order, lines left out): how it ended, its
   * result, and which acquisitions (by source order) were still out — so that a program and
   * a rewriting of it that keeps its choice points can be compared run by run.
   */
  byChoices: Map<string, { ending: Ending; result: string; leaked: number[] }>;
}

type Completion =
  | { type: 'normal' }
  | { type: 'break' | 'continue'; label: string | null }
  /** `value`: the connection returned, if any. */
  | { type: 'return'; value: number | undefined }
  | { type: 'throw'; what: string };

const NORMAL: Completion = { type: 'normal' };

interface Connection {
  out: boolean;
  site: Stmt;
  /**
   * `if`/`&&`/`||`/loop/`switch` statements whose opaque condition (a flag, `st.k`, `g()`;
   * not a test of a connection variable) went the way that skipped a `release()` of the
   * variable holding this connection, while it was out. Used to recognise the leaks the
   * analysis deliberately does not report (compare.ts).
   */
  skippedBy: Stmt[];
}

/** The variables released (`v.release()`, `… && v.release()`) anywhere in `stmts`. */
function collectReleased(stmts: Stmt[]): Set<string> {
  const names = new Set<string>();
  forEachStmt(stmts, (s) => {
    if (s.kind === 'release' || s.kind === 'guardedRelease') names.add(s.v);
  });
  return names;
}

/**
 * Whether `cond` is opaque to the tracking of connection variable `name`: a flag, `st.k`,
 * `g()`, or a test of *another* connection's variable (each acquisition is tracked on its
 * own, so that variable's value is unknown to it).
 */
function isOpaqueFor(cond: Cond | null, name: string): boolean {
  return cond !== null && (cond.kind !== 'conn' || cond.v !== name);
}

/** The names of `names` to which `cond` is opaque. */
function opaqueFor(cond: Cond | null, names: Iterable<string>): string[] {
  return [...names].filter((name) => isOpaqueFor(cond, name));
}

/** What a block declared: `await using` connections to release, names that die with it. */
interface BlockScope {
  disposables: number[];
  declared: string[];
}

/** Thrown to drop a run that went past the loop bound. */
class CutRun extends Error {}

/** The choices already fixed for this run (a prefix) and the arities seen so far. */
interface Oracle {
  picks: number[];
  arities: number[];
}

class Run {
  private readonly env = new Map<string, number | undefined>();
  private readonly connections: Connection[] = [];
  private readonly flags = new Map<string, boolean>();
  private position = 0;
  /** What each enclosing `catch` caught, innermost last (for `throw eN`). */
  private readonly caught: string[] = [];
  /** Connections held by `return c` completions whose `finally` is running. */
  private readonly returning: number[] = [];
  readonly choices: Choice[] = [];
  doubleRelease = false;
  useAfterRelease = false;
  typeError = false;
  readonly reached = new Set<Stmt>();

  constructor(
    private readonly oracle: Oracle,
    private readonly options: ExecOptions,
    private readonly lines: Map<Stmt, number> | null,
  ) {}

  execute(program: Program): RunRecord {
    for (const name of program.lets) this.env.set(name, undefined);
    const completion = this.block(program.body);
    if (completion.type === 'break' || completion.type === 'continue') {
      throw new Error(`${completion.type} escaped the function: the program is ill-formed`);
    }
    const ending: Ending = completion.type === 'normal' ? 'end' : completion.type;
    // A returned connection is the caller's to release: handed off, not leaked.
    const handedOff = completion.type === 'return' ? completion.value : undefined;
    if (handedOff !== undefined && this.connections[handedOff]?.out === true) {
      this.connections[handedOff].out = false;
    }
    const leaked = this.connections.filter((c) => c.out);
    let result = '';
    if (completion.type === 'return') result = completion.value === undefined ? 'undefined' : `connection ${completion.value}`;
    if (completion.type === 'throw') result = completion.what;
    return {
      choices: this.choices,
      ending,
      result,
      leakedSites: leaked.map((c) => c.site),
      skippedBy: leaked.map((c) => c.skippedBy),
    };
  }

  /** Picks one of `options` (the oracle's pick when replaying a prefix, else the first). */
  private choose(stmt: Stmt, what: string, options: string[]): number {
    const { picks, arities } = this.oracle;
    let pick: number;
    if (this.position < picks.length) {
      pick = picks[this.position] ?? 0;
      if (arities[this.position] !== options.length) {
        throw new Error('nondeterministic replay: the executor is broken');
      }
    } else {
      pick = 0;
      picks.push(0);
      arities.push(options.length);
    }
    this.position += 1;
    this.choices.push({ line: this.lines?.get(stmt) ?? null, what, picked: options[pick] ?? '?' });
    return pick;
  }

  private note(stmt: Stmt, what: string, picked: string): void {
    this.choices.push({ line: this.lines?.get(stmt) ?? null, what, picked });
  }

  /** The record of a run cut at the loop bound: a leak only if a connection is already lost. */
  cutRecord(): RunRecord {
    const referenced = new Set([...this.env.values(), ...this.returning]);
    const lost = this.connections.filter((c, id) => c.out && !referenced.has(id));
    return {
      choices: this.choices,
      ending: 'diverges',
      result: '',
      leakedSites: lost.map((c) => c.site),
      skippedBy: lost.map((c) => c.skippedBy),
    };
  }

  private block(stmts: Stmt[]): Completion {
    const scope: BlockScope = { disposables: [], declared: [] };
    let completion: Completion = NORMAL;
    for (const stmt of stmts) {
      completion = this.statement(stmt, scope);
      if (completion.type !== 'normal') break;
    }
    // `await using` disposal runs on every exit from the block, in reverse order. Releasing
    // never throws, so the block's completion is unchanged.
    for (const id of scope.disposables.reverse()) this.releaseConnection(id);
    // The block's `const`s die with it (a cut run tells lost connections by this).
    for (const name of scope.declared) this.env.delete(name);
    return completion;
  }

  private releaseConnection(id: number): void {
    const connection = this.connections[id];
    if (connection === undefined) throw new Error('unknown connection');
    if (connection.out) connection.out = false;
    else this.doubleRelease = true;
  }

  private connect(stmt: Stmt): number | null {
    if (this.options.connectMayThrow) {
      if (this.choose(stmt, 'pool.connect()', ['resolves', 'throws']) === 1) return null;
    }
    this.connections.push({ out: true, site: stmt, skippedBy: [] });
    return this.connections.length - 1;
  }

  private afterRelease(stmt: Stmt): Completion {
    if (!this.options.releaseThrows) return NORMAL;
    return this.choose(stmt, 'release()', ['returns', 'throws']) === 1 ? { type: 'throw', what: 'release() threw' } : NORMAL;
  }

  /** Records that `guard` skipped the releases of `names` (of connections that are out). */
  private skipReleases(guard: Stmt, names: Iterable<string>): void {
    for (const name of names) {
      const id = this.env.get(name);
      const connection = id === undefined ? undefined : this.connections[id];
      if (connection?.out === true && !connection.skippedBy.includes(guard)) connection.skippedBy.push(guard);
    }
  }

  private isReleased(name: string): boolean {
    const id = this.env.get(name);
    return id !== undefined && this.connections[id]?.out === false;
  }

  /**
   * Evaluates a condition. With `forbidTrue` (a loop test past the bound), a fresh
   * condition may only be false (or throw); a fixed one that is true cuts the run.
   */
  private condition(stmt: Stmt, cond: Cond, forbidTrue = false): boolean | 'throw' {
    let value: boolean | 'throw';
    switch (cond.kind) {
      case 'flag': {
        let flag = this.flags.get(cond.name);
        if (flag === undefined || this.options.freshFlags) {
          flag = this.choose(stmt, cond.name, ['true', 'false']) === 0;
          this.flags.set(cond.name, flag);
        }
        value = flag;
        break;
      }
      case 'prop':
        value = forbidTrue
          ? (this.choose(stmt, `st.${cond.name}`, ['false']), false)
          : this.choose(stmt, `st.${cond.name}`, ['true', 'false']) === 0;
        return value;
      case 'call': {
        const options = forbidTrue ? ['false', 'throws'] : ['true', 'false', 'throws'];
        const picked = options[this.choose(stmt, `${cond.name}()`, options)];
        return picked === 'throws' ? 'throw' : picked === 'true';
      }
      case 'conn':
        value = (this.env.get(cond.v) !== undefined) !== cond.negated;
        break;
    }
    if (forbidTrue && value) throw new CutRun();
    return value;
  }

  private statement(stmt: Stmt, scope: BlockScope): Completion {
    this.reached.add(stmt);
    switch (stmt.kind) {
      case 'acquire': {
        if (stmt.form === 'nullishAssign' && this.env.get(stmt.v) !== undefined) {
          this.note(stmt, `${stmt.v} ?? …`, `${stmt.v} is set: no connect()`);
          return NORMAL;
        }
        const id = this.connect(stmt);
        if (id === null) return { type: 'throw', what: 'pool.connect() threw' };
        if (stmt.form === 'discard') return NORMAL;
        this.env.set(stmt.v, id);
        if (stmt.form === 'const' || stmt.form === 'awaitUsing') scope.declared.push(stmt.v);
        if (stmt.form === 'awaitUsing') scope.disposables.push(id);
        return NORMAL;
      }
      case 'release': {
        const id = this.env.get(stmt.v);
        if (id === undefined) {
          // In `releaseThrows` mode even a short-circuited `c?.release()` may throw, as the
          // analysis assumes.
          if (stmt.optional) return this.afterRelease(stmt);
          this.note(stmt, `${stmt.v}.release()`, `TypeError: ${stmt.v} is undefined`);
          this.typeError = true;
          return { type: 'throw', what: 'TypeError' };
        }
        this.releaseConnection(id);
        return this.afterRelease(stmt);
      }
      case 'callback': {
        // The callback releases the connection later, whether `h` returns or throws: for
        // what is out at the end of the run, that is the same as releasing it now.
        const id = this.env.get(stmt.v);
        if (id === undefined) {
          this.note(stmt, `${stmt.v}.release() in a callback`, `TypeError: ${stmt.v} is undefined`);
          this.typeError = true;
          return { type: 'throw', what: 'TypeError' };
        }
        this.releaseConnection(id);
        return this.choose(stmt, 'h()', ['returns', 'throws']) === 1 ? { type: 'throw', what: 'h() threw' } : NORMAL;
      }
      case 'guardedRelease': {
        const value = this.condition(stmt, stmt.cond);
        if (value === 'throw') return { type: 'throw', what: 'condition threw' };
        if (value !== (stmt.op === '&&')) {
          this.skipReleases(stmt, opaqueFor(stmt.cond, [stmt.v]));
          return NORMAL;
        }
        const id = this.env.get(stmt.v);
        if (id === undefined) {
          this.note(stmt, `${stmt.v}.release()`, `TypeError: ${stmt.v} is undefined`);
          this.typeError = true;
          return { type: 'throw', what: 'TypeError' };
        }
        this.releaseConnection(id);
        return this.afterRelease(stmt);
      }
      case 'call':
        if (stmt.arg !== null && this.isReleased(stmt.arg)) this.useAfterRelease = true;
        return this.choose(stmt, `${stmt.name}()`, ['returns', 'throws']) === 1
          ? { type: 'throw', what: `${stmt.name}() threw` }
          : NORMAL;
      case 'quiet':
        // The throw model's vocabulary: a built-in and a handled promise do not throw.
        return NORMAL;
      case 'query':
        if (this.env.get(stmt.v) === undefined) {
          this.note(stmt, `${stmt.v}.query()`, `TypeError: ${stmt.v} is undefined`);
          this.typeError = true;
          return { type: 'throw', what: 'TypeError' };
        }
        if (this.isReleased(stmt.v)) this.useAfterRelease = true;
        return this.choose(stmt, `${stmt.v}.query()`, ['returns', 'throws']) === 1
          ? { type: 'throw', what: 'query threw' }
          : NORMAL;
      case 'declare':
        this.env.set(stmt.v, undefined);
        scope.declared.push(stmt.v);
        return NORMAL;
      case 'rethrow':
        return { type: 'throw', what: this.caught.at(-1) ?? 'rethrow outside catch' };
      case 'return':
        return { type: 'return', value: stmt.v === null ? undefined : this.env.get(stmt.v) };
      case 'throw':
        return { type: 'throw', what: 'throw statement' };
      case 'break':
      case 'continue':
        return { type: stmt.kind, label: stmt.label };
      case 'if': {
        const value = this.condition(stmt, stmt.cond);
        if (value === 'throw') return { type: 'throw', what: 'condition threw' };
        const skipped = value ? stmt.else : stmt.then;
        if (skipped !== null) this.skipReleases(stmt, opaqueFor(stmt.cond, collectReleased(skipped)));
        if (value) return this.block(stmt.then);
        return stmt.else === null ? NORMAL : this.block(stmt.else);
      }
      case 'try': {
        let completion = this.block(stmt.block);
        if (completion.type === 'throw' && stmt.handler !== null) {
          this.caught.push(completion.what);
          completion = this.block(stmt.handler);
          this.caught.pop();
        }
        if (stmt.finalizer !== null) {
          // A connection on its way out by `return c` is still held while the `finally` runs:
          // a `finally` that loops forever keeps it as a variable in scope would.
          const returning = completion.type === 'return' && typeof completion.value === 'number' ? [completion.value] : [];
          this.returning.push(...returning);
          const fin = this.block(stmt.finalizer);
          this.returning.length -= returning.length;
          if (fin.type !== 'normal') completion = fin;
        }
        return completion;
      }
      case 'loop':
        return this.loop(stmt);
      case 'switch': {
        const count = stmt.cases.length;
        const options = stmt.cases.map((_, i) =>
          stmt.hasDefault && i === count - 1 ? 'default' : `case ${i}`,
        );
        if (!stmt.hasDefault) options.push('no case');
        const start = this.choose(stmt, 'st.mode', options);
        this.skipReleases(stmt, collectReleased(stmt.cases.slice(0, start).flat()));
        for (let i = start; i < count; i++) {
          const completion = this.block(stmt.cases[i] ?? []);
          if (completion.type === 'break' && completion.label === null) return NORMAL;
          if (completion.type !== 'normal') return completion;
        }
        return NORMAL;
      }
      case 'block': {
        const completion = this.block(stmt.body);
        if (completion.type === 'break' && completion.label === stmt.label) return NORMAL;
        return completion;
      }
    }
  }

  private loop(stmt: Extract<Stmt, { kind: 'loop' }>): Completion {
    const bound = this.options.loopBound;
    let length = Infinity;
    if (stmt.loop === 'forOf') {
      const options = Array.from({ length: bound + 1 }, (_, i) => `${i} element(s)`);
      length = this.choose(stmt, 'xs.length', options);
    }
    /** Whether the body should run again, or how the test ended the loop. */
    const test = (iterations: number): boolean | Completion => {
      switch (stmt.loop) {
        case 'forOf':
          return iterations < length;
        case 'for':
          if (iterations >= bound) throw new CutRun();
          return true;
        case 'while':
        case 'doWhile': {
          if (stmt.loop === 'doWhile' && iterations === 0) return true;
          if (stmt.cond === null) throw new Error('while without a condition');
          const value = this.condition(stmt, stmt.cond, iterations >= bound);
          return value === 'throw' ? { type: 'throw', what: 'loop condition threw' } : value;
        }
      }
    };
    for (let iterations = 0; ; ) {
      const again = test(iterations);
      if (again === false) {
        this.skipReleases(stmt, opaqueFor(stmt.cond, collectReleased(stmt.body)));
        return NORMAL;
      }
      if (again !== true) return again;
      const completion = this.block(stmt.body);
      iterations += 1;
      if (completion.type === 'break' || completion.type === 'continue') {
        const ours = completion.label === null || completion.label === stmt.label;
        if (!ours) return completion;
        if (completion.type === 'break') return NORMAL;
      } else if (completion.type !== 'normal') {
        return completion;
      }
    }
  }
}

/**
 * Runs `program` on every combination of choices (depth-first, each run replaying a
 * prefix of the previous one) until the space is exhausted or `maxRuns` is reached.
 */
export function executeProgram(
  program: Program,
  options: Partial<ExecOptions> = {},
  lines: Map<Stmt, number> | null = null,
): ExecResult {
  const opts = { ...defaultExecOptions, ...options };
  const oracle: Oracle = { picks: [], arities: [] };
  const result: ExecResult = {
    status: 'complete',
    runs: 0,
    cutRuns: 0,
    leaks: false,
    leakingRun: null,
    leakedSites: new Set(),
    leakEvidence: new Map(),
    doubleRelease: null,
    useAfterRelease: false,
    typeError: false,
    reached: new Set(),
    outcomes: new Set(),
    byChoices: new Map(),
  };
  const order: Stmt[] = [];
  forEachStmt(program.body, (s) => {
    if (s.kind === 'acquire') order.push(s);
  });
  for (;;) {
    if (result.runs >= opts.maxRuns) {
      result.status = 'exploded';
      return result;
    }
    result.runs += 1;
    const run = new Run(oracle, opts, lines);
    let record: RunRecord;
    try {
      record = run.execute(program);
    } catch (error) {
      if (!(error instanceof CutRun)) throw error;
      result.cutRuns += 1;
      record = run.cutRecord();
    }
    const leakedLines = record.leakedSites.map((site) => lines?.get(site) ?? 0).sort((a, b) => a - b);
    result.outcomes.add(`${record.ending}:${leakedLines.join(',')}`);
    result.byChoices.set(record.choices.map((c) => `${c.what}=${c.picked}`).join(';'), {
      ending: record.ending,
      result: record.result,
      leaked: record.leakedSites.map((site) => order.indexOf(site)).sort((a, b) => a - b),
    });
    if (record.leakedSites.length > 0) {
      result.leaks = true;
      result.leakingRun ??= record;
      record.leakedSites.forEach((site, i) => {
        result.leakedSites.add(site);
        const evidence = result.leakEvidence.get(site) ?? [];
        evidence.push(record.skippedBy[i] ?? []);
        result.leakEvidence.set(site, evidence);
      });
    }
    if (run.doubleRelease) result.doubleRelease ??= run.choices;
    if (run.useAfterRelease) result.useAfterRelease = true;
    if (run.typeError) result.typeError = true;
    for (const stmt of run.reached) result.reached.add(stmt);
    if (!advanceChoices(oracle.picks, oracle.arities)) return result;
  }
}

/** A leaking run, one choice per line, for failure messages. */
export function formatRun(record: RunRecord): string {
  const steps = record.choices.map(
    (c) => `  ${c.line === null ? '' : `line ${c.line}: `}${c.what} → ${c.picked}`,
  );
  return [...steps, `  run ends by ${record.ending}`].join('\n');
}

/**
 * Backtracking over a run's choices: advances the last choice that has an untried option
 * and drops the ones after it. Returns `false` when every combination has been tried.
 */
export function advanceChoices(picks: number[], arities: number[]): boolean {
  let i = picks.length - 1;
  while (i >= 0 && (picks[i] ?? 0) >= (arities[i] ?? 0) - 1) i -= 1;
  if (i < 0) return false;
  picks.length = i + 1;
  arities.length = i + 1;
  picks[i] = (picks[i] ?? 0) + 1;
  return true;
}
