import type { TSESLint } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { readThrowSettings } from '../throw-settings.js';
import { globToRegExp, matchesAnyGlob } from '../util/glob.js';
import type { Leak } from './state.js';

/**
 * Where tests live, by default: a leak that needs a throw there (a failing assertion or
 * setup query) fails the test and ends the process anyway; `settings.leakguard.testFiles`
 * replaces the list. Type tests (tstyche's `*.tst.*`, tsd's `*.test-d.*`) are checked by the
 * compiler and never run.
 */
export const DEFAULT_TEST_FILES: readonly string[] = [
  '**/*.{test,spec}.*',
  '**/*.{tst,test-d}.*',
  '**/__tests__/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  // Test-support code outside the test folders (a fixtures package, a shipped testing
  // module): a failure there fails the tests that use it, as one in a test does.
  '**/testing/**',
  '**/test-utils/**',
  '**/test-helpers/**',
  '**/testcontainers/**',
];

const compiled = new Map<string, RegExp>();

function compile(glob: string): RegExp {
  let regExp = compiled.get(glob);
  if (!regExp) {
    regExp = globToRegExp(glob);
    compiled.set(glob, regExp);
  }
  return regExp;
}

/**
 * Whether `filename` is a test file: its path relative to `cwd` (or, outside `cwd`, the
 * whole path) matches one of `globs`.
 */
export function isTestFile(filename: string, cwd: string, globs: readonly string[] = DEFAULT_TEST_FILES): boolean {
  const path = filename.replace(/\\/g, '/');
  const base = cwd.replace(/\\/g, '/').replace(/\/?$/, '/');
  const relative = path.startsWith(base) ? path.slice(base.length) : path.replace(/^\/+/, '');
  return matchesAnyGlob(relative, globs.map(compile));
}

/**
 * The leaks worth a report in a test file: those on a normal path (a `return`, the end of
 * the test, a `break`) and the resource never released — what makes a runner hang. A leak
 * only when something throws (an assertion, a failing query, a `throw`) is left out: the
 * test fails and the process ends; so is a transaction given up unsettled in a `finally` that
 * an exception entered (`client.release()` with `BEGIN` still open after a failing query).
 */
export function leaksInTestFile(leaks: readonly Leak[]): readonly Leak[] {
  // A transaction given up open in a `finally` an exception entered is one too.
  return leaks.filter((leak) => leak.kind !== 'throw' && leak.raised !== true);
}

/** Whether the file a rule is linting is a test file, by `settings.leakguard.testFiles` or the defaults. */
export function isTestFileOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  return isTestFile(context.filename, context.cwd, readThrowSettings(context.settings).testFiles ?? DEFAULT_TEST_FILES);
}

/** JSON schema of the lifetime rules' `throwPathsInTests` option. */
export const throwPathsInTestsSchema: JSONSchema4 = {
  type: 'boolean',
  description:
    'Also report, in test files, resources that leak only when something throws (a failing assertion or query); by default only leaks on normal paths are reported there.',
};
