// The tiny language of the differential test (issue 7): async functions that acquire
// pool connections, release them, call opaque functions that may throw, and move control
// around with every statement form the flow analysis models. A `Program` is both printed
// as JavaScript (for the rule) and executed concretely (execute.ts), so the two sides see
// exactly the same function.

/**
 * An opaque condition.
 * - `flag`: a parameter (`flag0`); its value is fixed for the whole run, so two tests of the
 *   same flag are correlated. The default generator uses each flag once, outside loops.
 * - `prop`: a property read on a parameter (`st.k0`); may differ at every evaluation (a
 *   getter, or state changed by the awaited calls in between), never throws.
 * - `call`: a call (`g0()`); may differ at every evaluation and may throw.
 * - `conn`: a test of a connection variable (`c0` or `!c0`); decided by the execution.
 */
export type Cond =
  | { kind: 'flag'; name: string }
  | { kind: 'prop'; name: string }
  | { kind: 'call'; name: string }
  | { kind: 'conn'; v: string; negated: boolean };

/**
 * How an acquisition is written:
 * - `const`: `const cN = await pool.connect();`
 * - `awaitUsing`: `await using cN = await pool.connect();` (disposal = release at block exit)
 * - `assign`: `cN = await pool.connect();` (cN declared with `let` at the top)
 * - `nullishAssign`: `cN = cN ?? await pool.connect();` (acquires only when cN is nullish)
 * - `discard`: `await pool.connect();` (the connection is lost at once; `v` is unused)
 */
export type AcquireForm = 'const' | 'awaitUsing' | 'assign' | 'nullishAssign' | 'discard';

export type LoopKind = 'for' | 'while' | 'doWhile' | 'forOf';

export type Driver = 'pg' | 'mysql';
export type QuietForm = 'builtin' | 'caught';

export type Stmt =
  | { kind: 'acquire'; v: string; form: AcquireForm }
  /** `cN.release()`, `cN?.release()`, or with `via` mysql2's `pool.releaseConnection(cN)` (a model's `releaseVia`). */
  | { kind: 'release'; v: string; optional: boolean; via?: boolean }
  /**
   * `h(() => cN.release());`: hands a callback that releases `cN` to a call that may throw;
   * the callback runs later, whether the call succeeds or throws (a driver's callback
   * style: `client.query(sql, (err) => { …; client.release(); })`). `cN` is a `const`.
   */
  | { kind: 'callback'; v: string }
  | { kind: 'guardedRelease'; v: string; cond: Cond; op: '&&' | '||' }
  | { kind: 'call'; name: string; arg: string | null }
  | { kind: 'query'; v: string }
  /** `let cN;` in a block (a fix hoists a declaration out of the region it wraps). */
  | { kind: 'declare'; v: string }
  /** `throw eN;`: rethrows what the enclosing `catch (eN)` caught. */
  | { kind: 'rethrow'; name: string }
  /**
   * A call the throw model takes not to throw: `Date.now();` (a built-in) or
   * `await f().catch(() => null);` (a promise whose rejection is handled). Never throws.
   */
  | { kind: 'quiet'; form: QuietForm }
  /** `return;` or `return cN;` (returning a connection hands it to the caller). */
  | { kind: 'return'; v: string | null }
  | { kind: 'throw' }
  | { kind: 'break'; label: string | null }
  | { kind: 'continue'; label: string | null }
  | { kind: 'if'; cond: Cond; then: Stmt[]; else: Stmt[] | null }
  /** `param`: the name the `catch` binds (`catch (e0)`), or `null` for `catch {`. */
  | { kind: 'try'; block: Stmt[]; handler: Stmt[] | null; finalizer: Stmt[] | null; param?: string | null }
  | {
      kind: 'loop';
      loop: LoopKind;
      /** The loop condition of `while` / `do … while`; null for `for (;;)` and `for … of`. */
      cond: Cond | null;
      label: string | null;
      /** The loop variable of `for (const x of xs)`. */
      item: string | null;
      body: Stmt[];
    }
  /** `switch (st.mode) { case 0: {…} case 1: {…} default: {…} }`; the default, if any, is last. */
  | { kind: 'switch'; cases: Stmt[][]; hasDefault: boolean }
  /** A labelled block `lN: { … }`. */
  | { kind: 'block'; label: string; body: Stmt[] };

export interface Program {
  /**
   * The driver the connections come from: `pg` (`pool.connect()`, the default) or mysql2's
   * promise API (`pool.getConnection()`, whose connections are async-disposable, so the
   * rule also suggests `await using`).
   */
  driver?: Driver;
  /** The `flagK` parameters used (the function also always takes `st` and `xs`). */
  flags: string[];
  /** Connection variables declared with `let` at the top of the function. */
  lets: string[];
  body: Stmt[];
}

export interface Printed {
  source: string;
  /** The 1-based line on which each statement starts (its header line for compound ones). */
  lines: Map<Stmt, number>;
}

/** The lines before the function: the driver's import makes `pool` a recognised pool. */
const HEADERS: Record<Driver, string[]> = {
  pg: ["import pg from 'pg';", 'const pool = new pg.Pool();', ''],
  mysql: ["import mysql from 'mysql2/promise';", 'const pool = mysql.createPool({});', ''],
};

/** The acquiring call of each driver. */
export const CONNECT: Record<Driver, string> = { pg: 'pool.connect()', mysql: 'pool.getConnection()' };

export function printCond(cond: Cond): string {
  switch (cond.kind) {
    case 'flag':
      return cond.name;
    case 'prop':
      return `st.${cond.name}`;
    case 'call':
      return `${cond.name}()`;
    case 'conn':
      return cond.negated ? `!${cond.v}` : cond.v;
  }
}

/** Prints the program as a module whose one function is `run`; one statement per line. */
export function printProgram(program: Program): Printed {
  const driver = program.driver ?? 'pg';
  const out = [...HEADERS[driver]];
  const connect = CONNECT[driver];
  const lines = new Map<Stmt, number>();
  const emit = (indent: number, text: string): void => {
    out.push(`${'  '.repeat(indent)}${text}`);
  };
  const block = (stmts: Stmt[], indent: number): void => {
    for (const stmt of stmts) statement(stmt, indent);
  };
  const statement = (stmt: Stmt, indent: number): void => {
    lines.set(stmt, out.length + 1);
    switch (stmt.kind) {
      case 'acquire':
        switch (stmt.form) {
          case 'const':
            emit(indent, `const ${stmt.v} = await ${connect};`);
            return;
          case 'awaitUsing':
            emit(indent, `await using ${stmt.v} = await ${connect};`);
            return;
          case 'assign':
            emit(indent, `${stmt.v} = await ${connect};`);
            return;
          case 'nullishAssign':
            emit(indent, `${stmt.v} = ${stmt.v} ?? await ${connect};`);
            return;
          case 'discard':
            emit(indent, `await ${connect};`);
            return;
        }
        return;
      case 'release':
        emit(indent, stmt.via === true ? `pool.releaseConnection(${stmt.v});` : `${stmt.v}${stmt.optional ? '?.' : '.'}release();`);
        return;
      case 'callback':
        emit(indent, `h(() => ${stmt.v}.release());`);
        return;
      case 'guardedRelease':
        emit(indent, `${printCond(stmt.cond)} ${stmt.op} ${stmt.v}.release();`);
        return;
      case 'call':
        emit(indent, `await ${stmt.name}(${stmt.arg ?? ''});`);
        return;
      case 'declare':
        emit(indent, `let ${stmt.v};`);
        return;
      case 'rethrow':
        emit(indent, `throw ${stmt.name};`);
        return;
      case 'query':
        emit(indent, `await ${stmt.v}.query('SELECT 1');`);
        return;
      case 'quiet':
        emit(indent, stmt.form === 'builtin' ? 'Date.now();' : 'await f().catch(() => null);');
        return;
      case 'return':
        emit(indent, stmt.v === null ? 'return;' : `return ${stmt.v};`);
        return;
      case 'throw':
        emit(indent, 'throw new Error();');
        return;
      case 'break':
      case 'continue':
        emit(indent, `${stmt.kind}${stmt.label === null ? '' : ` ${stmt.label}`};`);
        return;
      case 'if':
        emit(indent, `if (${printCond(stmt.cond)}) {`);
        block(stmt.then, indent + 1);
        if (stmt.else !== null) {
          emit(indent, '} else {');
          block(stmt.else, indent + 1);
        }
        emit(indent, '}');
        return;
      case 'try':
        emit(indent, 'try {');
        block(stmt.block, indent + 1);
        if (stmt.handler !== null) {
          emit(indent, stmt.param ? `} catch (${stmt.param}) {` : '} catch {');
          block(stmt.handler, indent + 1);
        }
        if (stmt.finalizer !== null) {
          emit(indent, '} finally {');
          block(stmt.finalizer, indent + 1);
        }
        emit(indent, '}');
        return;
      case 'loop': {
        const label = stmt.label === null ? '' : `${stmt.label}: `;
        const cond = stmt.cond === null ? '' : printCond(stmt.cond);
        switch (stmt.loop) {
          case 'for':
            emit(indent, `${label}for (;;) {`);
            break;
          case 'while':
            emit(indent, `${label}while (${cond}) {`);
            break;
          case 'doWhile':
            emit(indent, `${label}do {`);
            break;
          case 'forOf':
            emit(indent, `${label}for (const ${stmt.item ?? 'x'} of xs) {`);
            break;
        }
        block(stmt.body, indent + 1);
        emit(indent, stmt.loop === 'doWhile' ? `} while (${cond});` : '}');
        return;
      }
      case 'switch':
        emit(indent, 'switch (st.mode) {');
        stmt.cases.forEach((body, index) => {
          const isDefault = stmt.hasDefault && index === stmt.cases.length - 1;
          emit(indent + 1, isDefault ? 'default: {' : `case ${index}: {`);
          block(body, indent + 2);
          emit(indent + 1, '}');
        });
        emit(indent, '}');
        return;
      case 'block':
        emit(indent, `${stmt.label}: {`);
        block(stmt.body, indent + 1);
        emit(indent, '}');
        return;
    }
  };
  emit(0, `export async function run(${[...program.flags, 'st', 'xs'].join(', ')}) {`);
  for (const name of program.lets) emit(1, `let ${name};`);
  block(program.body, 1);
  emit(0, '}');
  return { source: `${out.join('\n')}\n`, lines };
}

/** Calls `visit` on every statement of `stmts`, outermost first. */
export function forEachStmt(stmts: Stmt[], visit: (stmt: Stmt) => void): void {
  for (const stmt of stmts) {
    visit(stmt);
    for (const child of getChildBlocks(stmt)) forEachStmt(child, visit);
  }
}

/** The statement lists directly nested in `stmt`. */
export function getChildBlocks(stmt: Stmt): Stmt[][] {
  switch (stmt.kind) {
    case 'if':
      return stmt.else === null ? [stmt.then] : [stmt.then, stmt.else];
    case 'try':
      return [stmt.block, stmt.handler, stmt.finalizer].filter((b): b is Stmt[] => b !== null);
    case 'loop':
    case 'block':
      return [stmt.body];
    case 'switch':
      return stmt.cases;
    default:
      return [];
  }
}

/** The number of statements in the program, nested ones included. */
export function countStmts(program: Program): number {
  let count = 0;
  forEachStmt(program.body, () => {
    count += 1;
  });
  return count;
}
