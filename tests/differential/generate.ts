// Random programs for the differential test. fast-check generates a loose "raw" tree
// (variables, labels and jump targets as small numbers), and `normalizeProgram` turns any
// raw tree into a well-formed `Program`: no `break`/`continue` outside a target, labels in
// scope, no connection variable used outside the scope of its declaration, no `release()`
// of an `await using` variable, at most `maxStmts` statements. Because the raw tree has no
// invariants of its own, fast-check can shrink it freely and every shrunk value is still a
// valid program.

import fc from 'fast-check';
import type { AcquireForm, Cond, LoopKind, Program, QuietForm, Stmt } from './program.js';
import { forEachStmt } from './program.js';

export interface RawCond {
  kind: 'flag' | 'prop' | 'call' | 'conn';
  v: number;
  negated: boolean;
}

export type RawStmt =
  | { kind: 'acquire'; v: number; form: AcquireForm }
  /** `via`: in a mysql2 program, `pool.releaseConnection(cN)`. */
  | { kind: 'release'; v: number; optional: boolean; via: boolean }
  | { kind: 'callback'; v: number }
  /**
   * The driver's callback style in one piece: `const cN = await pool.connect();`, then
   * `steps` calls (`await f(cN)`, or `await cN.query(…)` where `query`), then
   * `h(() => cN.release());` — or, with `via` in a mysql2 program, `pool.releaseConnection(cN);`.
   */
  | { kind: 'callbackUse'; steps: number; query: boolean; via: boolean }
  | { kind: 'guardedRelease'; v: number; cond: RawCond; op: '&&' | '||' }
  | { kind: 'call'; arg: number | null }
  | { kind: 'query'; v: number }
  | { kind: 'quiet'; form: QuietForm }
  | { kind: 'return'; v: number | null }
  | { kind: 'throw' }
  | { kind: 'break'; label: number | null }
  | { kind: 'continue'; label: number | null }
  | { kind: 'if'; cond: RawCond; then: RawStmt[]; else: RawStmt[] | null }
  /** `rethrow`: the `catch` binds the error and ends by throwing it again. */
  | { kind: 'try'; block: RawStmt[]; handler: RawStmt[] | null; finalizer: RawStmt[] | null; rethrow: boolean }
  | { kind: 'loop'; loop: LoopKind; cond: RawCond; labelled: boolean; body: RawStmt[] }
  | { kind: 'switch'; cases: RawStmt[][]; hasDefault: boolean }
  | { kind: 'block'; body: RawStmt[] };

export interface RawProgram {
  /** Which of the raw variables 0..2 are `let` variables declared at the top. */
  letVars: boolean[];
  /** mysql2's `pool.getConnection()` (async-disposable) instead of pg's `pool.connect()`. */
  mysql: boolean;
  body: RawStmt[];
}

export interface GenerateOptions {
  /**
   * `independent` (default): every opaque condition is a fresh one — each `flagK` is tested
   * once and never inside a loop; elsewhere `st.kN` / `gN()`, which may differ at each
   * evaluation. `correlated`: conditions may reuse `flag0`/`flag1`, anywhere.
   */
  conditions: 'independent' | 'correlated';
  maxStmts: number;
  maxDepth: number;
  /** Weights the driver's callback style (`h(() => cN.release())`) up, to prove its fixes often. */
  callbacks: boolean;
}

export const defaultGenerateOptions: GenerateOptions = {
  conditions: 'independent',
  maxStmts: 12,
  maxDepth: 3,
  callbacks: false,
};

const VARS = 3;

function rawCondArb(): fc.Arbitrary<RawCond> {
  return fc.record({
    kind: fc.constantFrom('flag', 'prop', 'call', 'conn'),
    v: fc.nat({ max: VARS - 1 }),
    negated: fc.boolean(),
  });
}

/**
 * The raw-tree arbitrary; `maxDepth` bounds the nesting of compound statements,
 * `callbackWeight` weights `h(() => cN.release())` (above 1, plain releases are rarer too).
 */
export function rawProgramArb(maxDepth = defaultGenerateOptions.maxDepth, callbackWeight = 1): fc.Arbitrary<RawProgram> {
  const v = fc.nat({ max: VARS - 1 });
  const label = fc.option(fc.nat({ max: 2 }), { nil: null, freq: 3 });
  const callbackUse: fc.Arbitrary<RawStmt> = fc.record({
    kind: fc.constant('callbackUse' as const),
    steps: fc.nat({ max: 2 }),
    query: fc.boolean(),
    via: fc.boolean(),
  });
  const leaf: fc.Arbitrary<RawStmt> = fc.oneof(
    { arbitrary: callbackUse, weight: callbackWeight > 1 ? callbackWeight : 0 },
    { arbitrary: fc.record({ kind: fc.constant('call' as const), arg: fc.option(v, { nil: null, freq: 4 }) }), weight: 3 },
    {
      arbitrary: fc.record({
        kind: fc.constant('acquire' as const),
        v,
        form: fc.oneof(
          { arbitrary: fc.constantFrom<AcquireForm>('const', 'assign', 'nullishAssign', 'awaitUsing'), weight: 12 },
          { arbitrary: fc.constant<AcquireForm>('discard'), weight: 1 },
        ),
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('release' as const), v, optional: fc.boolean(), via: fc.boolean() }),
      weight: callbackWeight > 1 ? 1 : 4,
    },
    { arbitrary: fc.record({ kind: fc.constant('callback' as const), v }), weight: callbackWeight },
    {
      arbitrary: fc.record({
        kind: fc.constant('guardedRelease' as const),
        v,
        cond: rawCondArb(),
        op: fc.constantFrom<'&&' | '||'>('&&', '||'),
      }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('query' as const), v }), weight: 1 },
    {
      arbitrary: fc.record({ kind: fc.constant('quiet' as const), form: fc.constantFrom<QuietForm>('builtin', 'caught') }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('return' as const), v: fc.option(v, { nil: null, freq: 4 }) }),
      weight: 2,
    },
    { arbitrary: fc.constant({ kind: 'throw' as const }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('break' as const), label }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('continue' as const), label }), weight: 1 },
  );
  const depthIdentifier = fc.createDepthIdentifier();
  const { stmt } = fc.letrec<{ stmt: RawStmt; block: RawStmt[] }>((tie) => {
    const block = tie('block');
    const optBlock = fc.option(block, { nil: null });
    return {
      stmt: fc.oneof(
        { maxDepth, depthIdentifier, withCrossShrink: true },
        { arbitrary: leaf, weight: 5 },
        {
          arbitrary: fc.record({ kind: fc.constant('if' as const), cond: rawCondArb(), then: block, else: optBlock }),
          weight: 2,
        },
        {
          arbitrary: fc.record({
            kind: fc.constant('try' as const),
            block,
            handler: optBlock,
            finalizer: optBlock,
            rethrow: fc.boolean(),
          }),
          weight: 2,
        },
        {
          arbitrary: fc.record({
            kind: fc.constant('loop' as const),
            loop: fc.constantFrom<LoopKind>('for', 'while', 'doWhile', 'forOf'),
            cond: rawCondArb(),
            labelled: fc.boolean(),
            body: block,
          }),
          weight: 2,
        },
        {
          arbitrary: fc.record({
            kind: fc.constant('switch' as const),
            cases: fc.array(block, { minLength: 1, maxLength: 3 }),
            hasDefault: fc.boolean(),
          }),
          weight: 1,
        },
        { arbitrary: fc.record({ kind: fc.constant('block' as const), body: block }), weight: 1 },
      ),
      block: fc.array(tie('stmt'), { maxLength: 4, depthIdentifier }),
    };
  });
  return fc.record({
    letVars: fc.array(fc.boolean(), { minLength: VARS, maxLength: VARS }),
    body: fc.array(stmt, { minLength: 1, maxLength: 6 }),
    mysql: fc.boolean(),
  });
}

interface Target {
  kind: 'loop' | 'switch' | 'block';
  label: string | null;
}

interface Context {
  /** Raw variable → the name of the connection variable it refers to here. */
  scope: Map<number, string>;
  /** Names declared with `await using` (never released explicitly). */
  usingNames: Set<string>;
  /** Enclosing break/continue targets, outermost first. */
  targets: Target[];
  inLoop: boolean;
}

/** Turns any raw tree into a well-formed program (see the file comment). */
export function normalizeProgram(raw: RawProgram, options: Partial<GenerateOptions> = {}): Program {
  const opts = { ...defaultGenerateOptions, ...options };
  const lets: string[] = [];
  const topScope = new Map<number, string>();
  raw.letVars.forEach((isLet, v) => {
    if (isLet) {
      lets.push(`c${v}`);
      topScope.set(v, `c${v}`);
    }
  });
  let budget = opts.maxStmts;
  let nextConst = VARS;
  let nextLabel = 0;
  let nextFlag = 0;
  let nextProp = 0;
  let nextCall = 0;
  let nextItem = 0;
  let nextError = 0;
  const flags = new Set<string>();

  const resolve = (v: number, ctx: Context, allowUsing: boolean): string | null => {
    const candidates = [...ctx.scope.entries()].filter(([, name]) => allowUsing || !ctx.usingNames.has(name));
    const exact = candidates.find(([raw]) => raw === v);
    if (exact !== undefined) return exact[1];
    if (candidates.length === 0) return null;
    return candidates[v % candidates.length]?.[1] ?? null;
  };

  const cond = (c: RawCond, ctx: Context, isLoopTest: boolean): Cond => {
    switch (c.kind) {
      case 'conn': {
        const name = resolve(c.v, ctx, true);
        if (name !== null) return { kind: 'conn', v: name, negated: c.negated };
        return { kind: 'prop', name: `k${nextProp++}` };
      }
      case 'flag':
        if (opts.conditions === 'correlated') {
          const name = `flag${c.v % 2}`;
          flags.add(name);
          return { kind: 'flag', name };
        }
        // A parameter keeps its value for the whole run: tested again in a loop it would be
        // correlated with itself, so inside loops use a fresh property read instead.
        if (ctx.inLoop || isLoopTest) return { kind: 'prop', name: `k${nextProp++}` };
        {
          const name = `flag${nextFlag++}`;
          flags.add(name);
          return { kind: 'flag', name };
        }
      case 'prop':
        return { kind: 'prop', name: `k${nextProp++}` };
      case 'call':
        return { kind: 'call', name: `g${nextCall++}` };
    }
  };

  const block = (stmts: RawStmt[], outer: Context, extra: Partial<Context> = {}): Stmt[] => {
    const ctx: Context = {
      scope: new Map(outer.scope),
      usingNames: outer.usingNames,
      targets: outer.targets,
      inLoop: outer.inLoop,
      ...extra,
    };
    const out: Stmt[] = [];
    for (const s of stmts) {
      if (budget <= 0) break;
      if (s.kind === 'callbackUse') {
        out.push(...callbackUse(s));
        continue;
      }
      const normalized = statement(s, ctx);
      if (normalized !== null) out.push(normalized);
    }
    return out;
  };

  /** The statements of a `callbackUse`; its connection is a fresh `const`, out of reach of the raw variables. */
  const callbackUse = (s: Extract<RawStmt, { kind: 'callbackUse' }>): Stmt[] => {
    const name = `c${nextConst++}`;
    budget -= 2 + s.steps;
    const steps = Array.from({ length: s.steps }, (): Stmt => (s.query ? { kind: 'query', v: name } : { kind: 'call', name: 'f', arg: name }));
    const end: Stmt = raw.mysql && s.via ? { kind: 'release', v: name, optional: false, via: true } : { kind: 'callback', v: name };
    return [{ kind: 'acquire', v: name, form: 'const' }, ...steps, end];
  };

  const statement = (s: RawStmt, ctx: Context): Stmt | null => {
    switch (s.kind) {
      case 'callbackUse':
        // Several statements: `block` expands it.
        return null;
      case 'acquire': {
        budget -= 1;
        if (s.form === 'discard') return { kind: 'acquire', v: '', form: 'discard' };
        const letName = raw.letVars[s.v] === true ? `c${s.v}` : null;
        if (letName !== null) {
          // A `let` variable is assigned; `const`/`await using` forms become assignments.
          ctx.scope.set(s.v, letName);
          const form = s.form === 'nullishAssign' ? 'nullishAssign' : 'assign';
          return { kind: 'acquire', v: letName, form };
        }
        // Every declaration gets a fresh name, so nothing is ever shadowed.
        const name = `c${nextConst++}`;
        ctx.scope.set(s.v, name);
        const form = s.form === 'awaitUsing' ? 'awaitUsing' : 'const';
        if (form === 'awaitUsing') ctx.usingNames.add(name);
        return { kind: 'acquire', v: name, form };
      }
      case 'release': {
        const name = resolve(s.v, ctx, false);
        if (name === null) return null;
        budget -= 1;
        // A `let` connection may still be undefined, and `cN.release()` on it is a TypeError
        // that makes the program out of vocabulary (compare.ts skips it): mostly use `?.`.
        const mayBeUnset = lets.includes(name) && s.v % 4 !== 0;
        const optional = s.optional || mayBeUnset;
        // mysql2's pool takes a connection back by `pool.releaseConnection(c)`, never optional.
        return raw.mysql && s.via && !lets.includes(name) ? { kind: 'release', v: name, optional: false, via: true } : { kind: 'release', v: name, optional };
      }
      case 'callback': {
        // Only a `const` connection: the callback runs later, and reads the variable then.
        const name = resolve(s.v, ctx, false);
        if (name === null || lets.includes(name)) return null;
        budget -= 1;
        return { kind: 'callback', v: name };
      }
      case 'guardedRelease': {
        const name = resolve(s.v, ctx, false);
        if (name === null) return null;
        budget -= 1;
        // As for `release`: a `let` may still be undefined, and the TypeError would make the
        // program out of vocabulary.
        if (lets.includes(name) && s.v % 4 !== 0) return { kind: 'release', v: name, optional: true };
        return { kind: 'guardedRelease', v: name, cond: cond(s.cond, ctx, false), op: s.op };
      }
      case 'call':
        budget -= 1;
        return {
          kind: 'call',
          name: 'f',
          arg: s.arg === null ? null : resolve(s.arg, ctx, true),
        };
      case 'quiet':
        budget -= 1;
        return { kind: 'quiet', form: s.form };
      case 'query': {
        const name = resolve(s.v, ctx, true);
        if (name === null) return null;
        budget -= 1;
        return { kind: 'query', v: name };
      }
      case 'return':
        budget -= 1;
        return { kind: 'return', v: s.v === null ? null : resolve(s.v, ctx, true) };
      case 'throw':
        budget -= 1;
        return { kind: 'throw' };
      case 'break': {
        const labelled = ctx.targets.filter((t) => t.label !== null);
        const nearest = [...ctx.targets].reverse().find((t) => t.kind !== 'block');
        let label: string | null;
        if (s.label !== null && labelled.length > 0) label = labelled[s.label % labelled.length]?.label ?? null;
        else if (nearest !== undefined) label = null;
        else if (labelled.length > 0) label = labelled[labelled.length - 1]?.label ?? null;
        else return null;
        budget -= 1;
        return { kind: 'break', label };
      }
      case 'continue': {
        const loops = ctx.targets.filter((t) => t.kind === 'loop');
        if (loops.length === 0) return null;
        const labelled = loops.filter((t) => t.label !== null);
        const label = s.label !== null && labelled.length > 0 ? (labelled[s.label % labelled.length]?.label ?? null) : null;
        budget -= 1;
        return { kind: 'continue', label };
      }
      case 'if': {
        budget -= 1;
        const c = cond(s.cond, ctx, false);
        const then = block(s.then, ctx);
        const otherwise = s.else === null ? null : block(s.else, ctx);
        return { kind: 'if', cond: c, then, else: otherwise };
      }
      case 'try': {
        budget -= 1;
        const tryBlock = block(s.block, ctx);
        let handler = s.handler === null ? null : block(s.handler, ctx);
        const finalizer = s.finalizer === null ? null : block(s.finalizer, ctx);
        // `try` needs a `catch` or a `finally`.
        if (handler === null && finalizer === null) handler = [];
        if (handler !== null && s.rethrow) {
          // `catch (eN) { …; throw eN; }`: the shape that releases on failure and rethrows.
          const param = `e${nextError++}`;
          return { kind: 'try', block: tryBlock, handler: [...handler, { kind: 'rethrow', name: param }], finalizer, param };
        }
        return { kind: 'try', block: tryBlock, handler, finalizer };
      }
      case 'loop': {
        budget -= 1;
        const label = s.labelled ? `l${nextLabel++}` : null;
        const test = s.loop === 'while' || s.loop === 'doWhile' ? cond(s.cond, ctx, true) : null;
        const item = s.loop === 'forOf' ? `x${nextItem++}` : null;
        const body = block(s.body, ctx, {
          targets: [...ctx.targets, { kind: 'loop', label }],
          inLoop: true,
        });
        return { kind: 'loop', loop: s.loop, cond: test, label, item, body };
      }
      case 'switch': {
        budget -= 1;
        const targets: Target[] = [...ctx.targets, { kind: 'switch', label: null }];
        const cases: Stmt[][] = [];
        for (const c of s.cases) {
          if (budget <= 0 && cases.length > 0) break;
          cases.push(block(c, ctx, { targets }));
        }
        return { kind: 'switch', cases, hasDefault: s.hasDefault };
      }
      case 'block': {
        budget -= 1;
        const label = `l${nextLabel++}`;
        const body = block(s.body, ctx, { targets: [...ctx.targets, { kind: 'block', label }] });
        return { kind: 'block', label, body };
      }
    }
  };

  const top: Context = { scope: topScope, usingNames: new Set(), targets: [], inLoop: false };
  const body = block(raw.body, top);
  const usedFlags = [...flags].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  return { ...(raw.mysql ? { driver: 'mysql' as const } : {}), flags: usedFlags, lets, body };
}

/** Whether the program acquires a connection anywhere (programs that do not are uninteresting). */
export function hasAcquire(program: Program): boolean {
  let found = false;
  forEachStmt(program.body, (s) => {
    if (s.kind === 'acquire') found = true;
  });
  return found;
}

/** Well-formed random programs that acquire at least one connection. */
export function programArb(options: Partial<GenerateOptions> = {}): fc.Arbitrary<Program> {
  const opts = { ...defaultGenerateOptions, ...options };
  return rawProgramArb(opts.maxDepth, opts.callbacks ? 6 : 1)
    .map((raw) => normalizeProgram(raw, opts))
    .filter(hasAcquire);
}
