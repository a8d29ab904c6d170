// One comparison of the differential test: execute a program on every combination of
// choices, lint its source, and say whether (and how) the two disagree.
//
// The comparison is per acquisition: the acquisitions that leak on some concrete run must
// be exactly the ones the rule reports (it reports once per leaking acquisition, on the
// acquisition, and every acquisition is on its own line) — except that the rule may leave
// out the deliberate misses of approximations.ts.

import { collectCrossVariableSites, collectDeliberateMisses } from './approximations.js';
import { executeProgram, formatRun } from './execute.js';
import type { ExecOptions, ExecResult } from './execute.js';
import { formatReports, lintSource } from './lint.js';
import type { Report } from './lint.js';
import { printProgram } from './program.js';
import type { Program } from './program.js';
import { checkSuggestions } from './suggestions.js';
import type { SuggestionFailure, SuggestionStats } from './suggestions.js';

export type OutcomeKind =
  /** Both sides agree (leak or no leak, same acquisitions). */
  | 'agree'
  /** They agree except for leaks the rule leaves out by design (approximations.ts). */
  | 'deliberateMiss'
  /** The choice space was too large to enumerate; not compared. */
  | 'exploded'
  /** Some run releases a connection twice (another rule's business); not compared. */
  | 'doubleRelease'
  /**
   * Some run calls a method on an undefined connection variable (a TypeError): a broken
   * program whose paths depend on other variables' values, which the analysis does not
   * track; not compared.
   */
  | 'typeError'
  /** The rule over-reports only acquisitions that depend on another connection's variable. */
  | 'crossVariable'
  /** A concrete run leaks and the rule reports nothing. */
  | 'missedLeak'
  /** The rule reports and no concrete run leaks (also with a larger loop bound). */
  | 'falsePositive'
  /** Both see a leak, but not at the same acquisitions. */
  | 'wrongSites'
  /** The rule (or the parser) threw. */
  | 'crash'
  /** A suggestion, applied, fails one of the checks of suggestions.ts. */
  | 'badSuggestion';

export interface Outcome {
  kind: OutcomeKind;
  program: Program;
  source: string;
  exec: ExecResult;
  reports: Report[];
  /** Lines of the acquisitions that leak on some run. */
  leakingLines: number[];
  /** Those of them the rule may leave out (approximations.ts). */
  excusedLines: number[];
  /** Lines of the rule's reports. */
  reportedLines: number[];
  /** The exception, for `crash`. */
  error: string | null;
  /** The suggestions offered and proven (compared programs only). */
  suggestions: SuggestionStats;
  /** For `badSuggestion`: the failing suggestion's output and why it fails. */
  suggestionFailure: SuggestionFailure | null;
}

/** The executor settings the comparison uses first. */
export const compareExecOptions: Partial<ExecOptions> = { loopBound: 2, maxRuns: 3000 };

/**
 * Before calling a report a false positive, the program is run again with a larger loop
 * bound, in case the leak needs more iterations than `compareExecOptions` allows.
 */
const recheckExecOptions: Partial<ExecOptions> = { loopBound: 4, maxRuns: 60_000 };

function sortedUnique(lines: number[]): number[] {
  return [...new Set(lines)].sort((a, b) => a - b);
}

export function compareProgram(
  program: Program,
  execOptions: Partial<ExecOptions> = {},
  anyGuard = false,
): Outcome {
  const { source, lines } = printProgram(program);
  const firstOptions = { ...compareExecOptions, ...execOptions };
  let exec = executeProgram(program, firstOptions, lines);
  const firstExec = exec;
  let reports: Report[] = [];
  let error: string | null = null;
  try {
    reports = exec.status === 'complete' && exec.doubleRelease === null ? lintSource(source) : [];
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  const outcome = (kind: OutcomeKind): Outcome => ({
    kind,
    program,
    source,
    exec,
    reports,
    leakingLines: sortedUnique([...exec.leakedSites].map((s) => lines.get(s) ?? 0)),
    excusedLines: sortedUnique([...collectDeliberateMisses(program, exec, anyGuard)].map((s) => lines.get(s) ?? 0)),
    reportedLines: sortedUnique(reports.map((r) => r.line)),
    error,
    suggestions: { findings: 0, withSuggestion: 0, proven: 0, provenByKind: {} },
    suggestionFailure: null,
  });
  if (error !== null) return outcome('crash');
  if (exec.status === 'exploded') return outcome('exploded');
  if (exec.doubleRelease !== null) return outcome('doubleRelease');
  if (exec.typeError) return outcome('typeError');
  const first = outcome('agree');
  if (first.reportedLines.some((line) => !first.leakingLines.includes(line))) {
    const recheck = executeProgram(program, { ...execOptions, ...recheckExecOptions }, lines);
    if (recheck.status === 'complete' && recheck.doubleRelease === null) exec = recheck;
  }
  let result = outcome('agree');
  const { leakingLines, excusedLines, reportedLines } = result;
  const checked = checkSuggestions(program, firstExec, reports, leakingLines, firstOptions);
  result = { ...result, suggestions: checked.stats, suggestionFailure: checked.failure };
  if (checked.failure !== null) return { ...result, kind: 'badSuggestion' };
  const extra = reportedLines.filter((line) => !leakingLines.includes(line));
  const missed = leakingLines.filter((line) => !reportedLines.includes(line));
  const unexcused = missed.filter((line) => !excusedLines.includes(line));
  if (extra.length === 0 && unexcused.length === 0) {
    return missed.length === 0 ? result : { ...result, kind: 'deliberateMiss' };
  }
  const crossVariable = collectCrossVariableSites(program);
  const crossLines = new Set(
    [...lines].filter(([stmt]) => stmt.kind === 'acquire' && crossVariable.has(stmt.v)).map(([, line]) => line),
  );
  if (unexcused.length === 0 && extra.every((line) => crossLines.has(line))) {
    return { ...result, kind: 'crossVariable' };
  }
  if (reportedLines.length === 0) return { ...result, kind: 'missedLeak' };
  if (leakingLines.length === 0) return { ...result, kind: 'falsePositive' };
  return { ...result, kind: 'wrongSites' };
}

/** Whether the outcome is not a disagreement (agreement, an allowed miss, or skipped). */
export function isAgreement(outcome: Outcome): boolean {
  return ['agree', 'deliberateMiss', 'exploded', 'doubleRelease', 'typeError', 'crossVariable'].includes(outcome.kind);
}

/** A disagreement, for a failure message: the program, a leaking run, the rule's reports. */
export function formatOutcome(outcome: Outcome): string {
  const numbered = outcome.source
    .trimEnd()
    .split('\n')
    .map((text, i) => `${String(i + 1).padStart(3)} | ${text}`)
    .join('\n');
  const run = outcome.exec.leakingRun;
  return [
    `${outcome.kind}: acquisitions leaking on some run at lines [${outcome.leakingLines.join(', ')}] ` +
      `(deliberate misses allowed: [${outcome.excusedLines.join(', ')}]), ` +
      `rule reports at lines [${outcome.reportedLines.join(', ')}]`,
    numbered,
    run === null ? 'no concrete run leaks' : `a leaking run:\n${formatRun(run)}`,
    outcome.error ?? `the rule says:\n${formatReports(outcome.reports)}`,
    ...(outcome.suggestionFailure === null
      ? []
      : [
          `the suggestion "${outcome.suggestionFailure.suggestion.desc}" on line ${outcome.suggestionFailure.report.line} fails: ${outcome.suggestionFailure.why}`,
          outcome.suggestionFailure.suggestion.output,
        ]),
  ].join('\n');
}
