import type { ESLint, Linter } from 'eslint';

/**
 * Whether a message belongs in the command's report: a leakguard rule's finding or a file
 * that cannot be parsed. Everything else comes from the project's inline configuration for
 * other tools (`eslint-disable` naming a rule of a plugin that is not loaded, a
 * `/* eslint-env *\/` comment ESLint 10 rejects) and says nothing about leaks.
 */
function isReported(message: Linter.LintMessage): boolean {
  if (message.ruleId === null) {
    // A file that does not parse, or that the command could not read (see lint.ts).
    return message.fatal === true && /^(?:Parsing error|Cannot read file)/u.test(message.message);
  }
  return message.ruleId.startsWith('leakguard/');
}

function isFixable(message: Linter.LintMessage): boolean {
  return message.fix !== undefined;
}

/**
 * The results with only the messages the command reports (see {@link isReported}), their
 * counts recomputed. With `errorsOnly`, warnings are dropped as well (`--quiet`).
 */
export function keepReportedMessages(results: readonly ESLint.LintResult[], errorsOnly: boolean): ESLint.LintResult[] {
  return results.map((result) => {
    const messages = result.messages.filter(
      (message) => isReported(message) && (!errorsOnly || message.severity === 2),
    );
    const suppressedMessages = result.suppressedMessages.filter(isReported);
    const errors = messages.filter((message) => message.severity === 2);
    const warnings = messages.filter((message) => message.severity === 1);
    return {
      ...result,
      messages,
      suppressedMessages,
      errorCount: errors.length,
      fatalErrorCount: errors.filter((message) => message.fatal === true).length,
      warningCount: warnings.length,
      fixableErrorCount: errors.filter(isFixable).length,
      fixableWarningCount: warnings.filter(isFixable).length,
    };
  });
}

/**
 * Whether a type-aware run could not lint the file because no tsconfig includes it. The
 * command lints such files again without type information rather than failing on them.
 */
export function isOutsideProject(result: ESLint.LintResult): boolean {
  return result.messages.some(
    (message) =>
      message.fatal === true && message.ruleId === null && /was not found by the project service/u.test(message.message),
  );
}

/** The totals a run is judged by. */
export interface Totals {
  errors: number;
  warnings: number;
  filesWithProblems: number;
}

/** Adds up errors and warnings over the results. */
export function getTotals(results: readonly ESLint.LintResult[]): Totals {
  let errors = 0;
  let warnings = 0;
  let filesWithProblems = 0;
  for (const result of results) {
    errors += result.errorCount;
    warnings += result.warningCount;
    if (result.errorCount + result.warningCount > 0) {
      filesWithProblems += 1;
    }
  }
  return { errors, warnings, filesWithProblems };
}
