// Issue 17: every suggestion the rule offers is proven on the program it is offered for.
// The fixed source is read back into the vocabulary (a fix may only produce statements the
// executor knows: a `try`/`finally`, a `catch (eN) { …; throw eN; }`, a hoisted `let`,
// `await using`) and run exhaustively; for the acquisition the report is on (the k-th
// in source order, which no fix adds, removes or reorders) it must hold that
// (a) the fixed program leaks it on no run, and leaks no other acquisition the original
//     did not leak;
// (b) every run of the original that leaked nothing has a run of the fixed program with
//     the same choices that ends the same way, with the same result (the connection
//     returned, or what was thrown) and nothing leaked;
// (c) the rule reports nothing on that acquisition in the fixed program;
// and the fixed program releases nothing twice and uses nothing after releasing it unless
// the original did.

import { executeProgram } from './execute.js';
import type { ExecOptions, ExecResult } from './execute.js';
import { lintSource } from './lint.js';
import type { Report } from './lint.js';
import { parseProgram } from './parse.js';
import { forEachStmt, printProgram } from './program.js';
import type { Program, Stmt } from './program.js';

/** Counts over the reports of one program (summed by the fuzz). */
export interface SuggestionStats {
  /** Reports on an acquisition that leaks on some run. */
  findings: number;
  /** Those with at least one suggestion. */
  withSuggestion: number;
  /** Suggestions applied and proven. */
  proven: number;
  /** Those proven, by message id. */
  provenByKind: Record<string, number>;
}

export interface SuggestionFailure {
  report: Report;
  suggestion: Report['suggestions'][number];
  why: string;
}

/** The acquisition statements of `program`, in source order. */
function collectAcquisitions(program: Program): Stmt[] {
  const found: Stmt[] = [];
  forEachStmt(program.body, (s) => {
    if (s.kind === 'acquire') found.push(s);
  });
  return found;
}

type Run = ExecResult['byChoices'] extends Map<string, infer R> ? R : never;

/** A choice that only reads a value: the test of an `if` the fix may drop with the release it guarded. */
const INERT_CHOICE = /^(?:st\.k\d+|flag\d+)=/u;

/**
 * The fixed program's run for an original run whose choices include tests of `if`s the
 * fix removed (`if (st.k0) { c.release(); }`, an inert test guarding only the release): the
 * run whose choices are the original's without some of those inert tests.
 */
function findWithoutInertTests(exec: ExecResult, choices: string): Run | undefined {
  const wanted = choices.split(';');
  for (const [candidate, run] of exec.byChoices) {
    const have = candidate === '' ? [] : candidate.split(';');
    let at = 0;
    let matches = true;
    for (const choice of wanted) {
      if (have[at] === choice) {
        at += 1;
      } else if (!INERT_CHOICE.test(choice)) {
        matches = false;
        break;
      }
    }
    if (matches && at === have.length) {
      return run;
    }
  }
  return undefined;
}

/** Why the fixed source fails the checks for acquisition `index`, or `null` when it passes. */
function checkFixed(
  original: ExecResult,
  index: number,
  output: string,
  execOptions: Partial<ExecOptions>,
): string | null {
  let fixed: Program;
  try {
    fixed = parseProgram(output);
  } catch (error) {
    return `the fixed program is outside the vocabulary: ${error instanceof Error ? error.message : String(error)}`;
  }
  const { lines } = printProgram(fixed);
  const exec = executeProgram(fixed, execOptions, lines);
  if (exec.status !== 'complete') return 'the fixed program cannot be enumerated';
  if (exec.doubleRelease !== null) return 'the fixed program releases a connection twice';
  if (exec.typeError && !original.typeError) return 'the fixed program calls a method on an undefined variable';
  if (exec.useAfterRelease && !original.useAfterRelease) return 'the fixed program uses a connection after releasing it';
  const originallyLeaking = new Set<number>();
  for (const run of original.byChoices.values()) for (const site of run.leaked) originallyLeaking.add(site);
  for (const [choices, run] of exec.byChoices) {
    if (run.leaked.includes(index)) return `(a) the fixed program still leaks the acquisition on the run ${choices}`;
    const other = run.leaked.find((site) => !originallyLeaking.has(site));
    if (other !== undefined) return `(a) the fixed program leaks acquisition ${other}, which the original did not, on the run ${choices}`;
  }
  for (const [choices, run] of original.byChoices) {
    if (run.leaked.length > 0) continue;
    const after = exec.byChoices.get(choices) ?? findWithoutInertTests(exec, choices);
    if (after === undefined) return `(b) the run ${choices} of the original has no counterpart in the fixed program`;
    if (after.ending !== run.ending || after.result !== run.result || after.leaked.length > 0) {
      return `(b) the run ${choices} ends by ${run.ending} (${run.result}) in the original, by ${after.ending} (${after.result}) fixed`;
    }
  }
  const acquisitions = collectAcquisitions(fixed);
  const site = acquisitions[index];
  const siteLine = site === undefined ? null : (lines.get(site) ?? null);
  const reports = lintSource(printProgram(fixed).source);
  if (reports.some((r) => r.line === siteLine)) return `(c) the rule still reports the acquisition on line ${siteLine}`;
  return null;
}

/**
 * Applies and checks every suggestion on the reports of `program`. `original` is its
 * execution (complete, no double release); `leakingLines` the lines of the acquisitions
 * that leak on some run.
 */
export function checkSuggestions(
  program: Program,
  original: ExecResult,
  reports: readonly Report[],
  leakingLines: readonly number[],
  execOptions: Partial<ExecOptions>,
): { stats: SuggestionStats; failure: SuggestionFailure | null } {
  const { lines } = printProgram(program);
  const acquisitions = collectAcquisitions(program);
  const stats: SuggestionStats = { findings: 0, withSuggestion: 0, proven: 0, provenByKind: {} };
  for (const report of reports) {
    const index = acquisitions.findIndex((s) => lines.get(s) === report.line);
    if (index < 0) continue;
    if (leakingLines.includes(report.line)) {
      stats.findings += 1;
      if (report.suggestions.length > 0) stats.withSuggestion += 1;
    }
    for (const suggestion of report.suggestions) {
      const why = checkFixed(original, index, suggestion.output, execOptions);
      if (why !== null) return { stats, failure: { report, suggestion, why } };
      stats.proven += 1;
      // A release through the pool (`pool.releaseConnection(c0)`) is counted apart.
      const kind = `${suggestion.messageId ?? '?'}${suggestion.desc.includes('releaseConnection') ? '(via)' : ''}`;
      stats.provenByKind[kind] = (stats.provenByKind[kind] ?? 0) + 1;
    }
  }
  return { stats, failure: null };
}
