// The two places where the analysis may disagree with concrete execution by design: it
// may be silent about a real leak (below), and it may over-report an acquisition whose
// fate depends on another connection's variable (collectCrossVariableSites).
//
// DESIGN.md ("Lifetime"): "A resource acquired on one side of a choice is owned only on
// that side; where the release is guarded by a condition the analysis cannot relate to
// that choice, it stays silent." With opaque conditions this silences real leaks:
//
//     let c; if (st.a) { c = await pool.connect(); } if (st.b) { c.release(); }
//
// leaks when st.a && !st.b, but reporting it would also report the common correlated form
// (`if (flag) … if (flag) …`) that never leaks. The test must accept that silence, and
// only that: a leak of acquisition S is a deliberate miss when
//   1. S is on one side of a choice: inside an `if`, `switch` case or loop body, or an
//      `x = x ?? await pool.connect()`; and
//   2. on every run where S's connection leaks, an opaque condition (a flag, `st.k`,
//      `g()`, not a test of a connection variable) outside that side of the choice went the
//      way that skipped a release of it.
// A leak also reachable without a skipped guarded release (a throw, an early return, a
// missing release) must still be reported.

import type { ExecResult } from './execute.js';
import { getChildBlocks } from './program.js';
import type { Cond, Program, Stmt } from './program.js';

interface Place {
  parent: Stmt | null;
  /** The statement list that holds the statement. */
  list: Stmt[];
}

function collectPlaces(program: Program): Map<Stmt, Place> {
  const places = new Map<Stmt, Place>();
  const visit = (list: Stmt[], parent: Stmt | null): void => {
    for (const stmt of list) {
      places.set(stmt, { parent, list });
      for (const child of getChildBlocks(stmt)) visit(child, stmt);
    }
  };
  visit(program.body, null);
  return places;
}

/** The side of the innermost choice that holds `site`: `'self'` for `x = x ?? …`, null if none. */
function getChoiceSide(site: Stmt, places: Map<Stmt, Place>): Stmt[] | 'self' | null {
  if (site.kind === 'acquire' && site.form === 'nullishAssign') return 'self';
  let place = places.get(site);
  while (place?.parent) {
    const kind = place.parent.kind;
    if (kind === 'if' || kind === 'switch' || kind === 'loop') return place.list;
    place = places.get(place.parent);
  }
  return null;
}

function isWithin(stmt: Stmt, list: Stmt[], places: Map<Stmt, Place>): boolean {
  for (let place = places.get(stmt); place !== undefined; place = place.parent ? places.get(place.parent) : undefined) {
    if (place.list === list) return true;
  }
  return false;
}

/**
 * The leaking acquisitions the analysis may, by design, leave unreported. `anyGuard`
 * (for surveys only) also accepts a guard inside the acquisition's side of the choice,
 * which is what the analysis currently does.
 */
export function collectDeliberateMisses(program: Program, exec: ExecResult, anyGuard = false): Set<Stmt> {
  const places = collectPlaces(program);
  const misses = new Set<Stmt>();
  for (const [site, runs] of exec.leakEvidence) {
    const side = getChoiceSide(site, places);
    if (side === null || runs.length === 0) continue;
    const excused = runs.every((guards) =>
      guards.some((g) => anyGuard || side === 'self' || !isWithin(g, side, places)),
    );
    if (excused) misses.add(site);
  }
  return misses;
}

/** Every connection variable the statements test (`if`, loops, `&&`/`||` guards, `??`). */
function testedVariables(list: Stmt[], out = new Set<string>()): Set<string> {
  for (const stmt of list) {
    const cond = stmt.kind === 'if' || stmt.kind === 'loop' || stmt.kind === 'guardedRelease' ? stmt.cond : null;
    const v = getTestedVariable(cond);
    if (v !== null) out.add(v);
    if (stmt.kind === 'acquire' && stmt.form === 'nullishAssign') out.add(stmt.v);
    for (const child of getChildBlocks(stmt)) testedVariables(child, out);
  }
  return out;
}

/** The connection variable a condition tests, if it tests one. */
function getTestedVariable(cond: Cond | null): string | null {
  return cond?.kind === 'conn' ? cond.v : null;
}

/**
 * The second approximation, documented in docs/rules/no-leaked-connection.md ("Values of
 * other variables are not tracked"): each acquisition is tracked on its own, so a test of
 * *another* connection's variable (`if (!c3)`, `c1 && c0.release()`) is opaque to it. The
 * analysis then also follows paths that cannot run and may report such an acquisition
 * although no run leaks it (never the other way round). These are the acquisitions the
 * rule may over-report: those acquired under or after any connection test, and those
 * released under a test of a different connection variable.
 */
export function collectCrossVariableSites(program: Program): Set<string> {
  const sites = new Set<string>();
  // After a connection test (`while (!c1) {}`, `if (c2) {} else { return; }`, `c0 ?? …`,
  // `!c2 || c1.release()`), whether the code runs at all may depend on that variable too.
  let afterConnectionTest = false;
  const visit = (list: Stmt[], tested: ReadonlySet<string>): void => {
    for (const stmt of list) {
      if (stmt.kind === 'acquire' && afterConnectionTest) sites.add(stmt.v);
      // An acquisition inside a branch of any connection test, or behind `cN ??`, depends
      // on another acquisition's outcome (or on an unassigned `let`), even for its own variable.
      if (stmt.kind === 'acquire' && (tested.size > 0 || stmt.form === 'nullishAssign')) sites.add(stmt.v);
      if (stmt.kind === 'release' && [...tested].some((v) => v !== stmt.v)) sites.add(stmt.v);
      if (stmt.kind === 'guardedRelease') {
        const v = getTestedVariable(stmt.cond);
        if ((v !== null && v !== stmt.v) || [...tested].some((t) => t !== stmt.v)) sites.add(stmt.v);
      }
      const own = stmt.kind === 'if' || stmt.kind === 'loop' ? getTestedVariable(stmt.cond) : null;
      const inner = own === null ? tested : new Set([...tested, own]);
      for (const child of getChildBlocks(stmt)) visit(child, inner);
      const testsConnection =
        own !== null ||
        (stmt.kind === 'acquire' && stmt.form === 'nullishAssign') ||
        (stmt.kind === 'guardedRelease' && getTestedVariable(stmt.cond) !== null);
      if (testsConnection) afterConnectionTest = true;
    }
  };
  visit(program.body, new Set());
  // A loop on a connection test may never end (`do {} while (!c2)`), so whether any
  // acquisition reaches an exit at all depends on that variable.
  const found = { connectionLoop: false };
  const acquired: string[] = [];
  const scan = (list: Stmt[]): void => {
    for (const stmt of list) {
      if (stmt.kind === 'loop' && getTestedVariable(stmt.cond) !== null) found.connectionLoop = true;
      if (stmt.kind === 'acquire') acquired.push(stmt.v);
      for (const child of getChildBlocks(stmt)) scan(child);
    }
  };
  scan(program.body);
  if (found.connectionLoop) for (const v of acquired) sites.add(v);
  // And in general: a test of another connection's variable anywhere in the function may
  // decide which paths around this acquisition can run at all.
  for (const v of acquired) if ([...testedVariables(program.body)].some((t) => t !== v)) sites.add(v);
  return sites;
}
