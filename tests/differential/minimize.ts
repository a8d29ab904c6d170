// Greedy minimisation of a failing program, after fast-check's shrinking. fast-check
// shrinks the raw tree, but cannot lift a statement out of the `try` or `if` around it,
// so its smallest programs keep wrappers that play no part. Here each step tries, in
// order: removing a statement, replacing a compound statement by one of its blocks,
// dropping an `else`, a `catch`, a `finally` or a `switch` case, and dropping unused
// `let`s and flags — keeping a step only if the program stays well-formed and still fails
// the same way.

import { forEachStmt, getChildBlocks } from './program.js';
import type { Cond, Program, Stmt } from './program.js';
import { getWellFormednessProblems } from './well-formed.js';

function clone(program: Program): Program {
  return structuredClone(program);
}

/** Every statement list of the program, in a fixed order (the same for a clone). */
function collectLists(program: Program): Stmt[][] {
  const lists: Stmt[][] = [program.body];
  forEachStmt(program.body, (s) => lists.push(...getChildBlocks(s)));
  return lists;
}

function collectNames(program: Program): Set<string> {
  const names = new Set<string>();
  const addCond = (cond: Cond | null): void => {
    if (cond?.kind === 'flag') names.add(cond.name);
    if (cond?.kind === 'conn') names.add(cond.v);
  };
  forEachStmt(program.body, (s) => {
    if (s.kind === 'acquire' || s.kind === 'release' || s.kind === 'query' || s.kind === 'callback') names.add(s.v);
    if (s.kind === 'guardedRelease') names.add(s.v);
    if (s.kind === 'call' && s.arg !== null) names.add(s.arg);
    if (s.kind === 'return' && s.v !== null) names.add(s.v);
    if (s.kind === 'if' || s.kind === 'guardedRelease' || s.kind === 'loop') addCond(s.cond);
  });
  return names;
}

/** The programs one step smaller than `program`. */
function* generateCandidates(program: Program): Generator<Program> {
  const lists = collectLists(program);
  for (let k = 0; k < lists.length; k++) {
    const list = lists[k] ?? [];
    for (let i = 0; i < list.length; i++) {
      const stmt = list[i];
      if (stmt === undefined) continue;
      const edit = (change: (copy: Stmt[], target: Stmt) => void): Program => {
        const copy = clone(program);
        const copyList = collectLists(copy)[k] ?? [];
        const target = copyList[i];
        if (target !== undefined) change(copyList, target);
        return copy;
      };
      yield edit((copy) => copy.splice(i, 1));
      const children = getChildBlocks(stmt).length;
      for (let j = 0; j < children; j++) {
        yield edit((copy, target) => copy.splice(i, 1, ...(getChildBlocks(target)[j] ?? [])));
      }
      if (stmt.kind === 'if' && stmt.else !== null) {
        yield edit((_, target) => {
          if (target.kind === 'if') target.else = null;
        });
      }
      if (stmt.kind === 'try' && stmt.handler !== null && stmt.finalizer !== null) {
        yield edit((_, target) => {
          if (target.kind === 'try') target.handler = null;
        });
        yield edit((_, target) => {
          if (target.kind === 'try') target.finalizer = null;
        });
      }
      if (stmt.kind === 'switch' && stmt.cases.length > 1) {
        for (let c = 0; c < stmt.cases.length; c++) {
          yield edit((_, target) => {
            if (target.kind !== 'switch') return;
            if (target.hasDefault && c === target.cases.length - 1) target.hasDefault = false;
            target.cases.splice(c, 1);
          });
        }
      }
    }
  }
  const used = collectNames(program);
  if (program.lets.some((name) => !used.has(name)) || program.flags.some((name) => !used.has(name))) {
    const copy = clone(program);
    copy.lets = copy.lets.filter((name) => used.has(name));
    copy.flags = copy.flags.filter((name) => used.has(name));
    yield copy;
  }
}

/**
 * The smallest program reachable from `program` by single steps that keep it well-formed
 * and keep `stillFails` true. At most `maxChecks` calls of `stillFails`.
 */
export function minimizeProgram(program: Program, stillFails: (p: Program) => boolean, maxChecks = 2000): Program {
  let current = program;
  let checks = 0;
  for (let improved = true; improved && checks < maxChecks; ) {
    improved = false;
    for (const candidate of generateCandidates(current)) {
      if (getWellFormednessProblems(candidate).length > 0) continue;
      checks += 1;
      if (stillFails(candidate)) {
        current = candidate;
        improved = true;
        break;
      }
      if (checks >= maxChecks) break;
    }
  }
  return current;
}
