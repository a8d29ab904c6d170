import type { TSESLint } from '@typescript-eslint/utils';
import { noteDebug } from '../debug.js';
import { EntryPoints } from './entry-points.js';
import type { Site } from './site.js';
import type { Leak } from './state.js';
import { isTestFileOf, leaksInTestFile } from './test-files.js';

/**
 * Which leaks are worth a report, by where the code runs. A leak that needs a throw is not
 * judged (1) in a test file — the test fails and the runner reports it — and (2) in a script
 * entry point whose failure ends the process (entry-points.ts) — the operating system closes
 * the connection. A leak on a normal path is always judged: there a test runner or a script
 * hangs. Each exemption has an option that turns it off.
 */
export interface LeakPolicyOptions {
  /** Report throw paths in test files too. */
  readonly throwPathsInTests?: boolean;
  /** Report throw paths out of script entry points too. */
  readonly throwPathsInEntryPoints?: boolean;
}

/** The leaks of a site that the rule judges, given the file and the options. */
export type LeakPolicy = (site: Site, leaks: readonly Leak[]) => readonly Leak[];

const entryPoints = new WeakMap<object, EntryPoints>();

function getEntryPoints(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): EntryPoints {
  const { sourceCode } = context;
  let found = entryPoints.get(sourceCode);
  if (!found) {
    found = new EntryPoints(sourceCode.text, (node) => sourceCode.getScope(node));
    entryPoints.set(sourceCode, found);
  }
  return found;
}

function plural(count: number): string {
  return count === 1 ? 'path' : 'paths';
}

/**
 * Builds the policy for one file: drops the throw-only leaks the options leave unjudged, and
 * says so on the debug channel (LEAKGUARD_DEBUG=1) with the reason.
 */
export function createLeakPolicy(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: LeakPolicyOptions,
): LeakPolicy {
  const inTests = options.throwPathsInTests !== true && isTestFileOf(context);
  const inEntryPoints = options.throwPathsInEntryPoints !== true;
  const note = (site: Site, dropped: number, why: string): void => {
    noteDebug({
      rule: context.id,
      file: context.filename,
      line: site.node.loc.start.line,
      column: site.node.loc.start.column,
      detail: `${String(dropped)} throw ${plural(dropped)} of \`${site.name}\` not judged: ${why}`,
    });
  };
  return (site, leaks) => {
    if (!leaks.some((leak) => leak.kind === 'throw' || leak.raised === true)) {
      return leaks;
    }
    if (inTests) {
      const judged = leaksInTestFile(leaks);
      note(site, leaks.length - judged.length, 'a test file, where a throw fails the test (throwPathsInTests reports them)');
      return judged;
    }
    if (!inEntryPoints) {
      return leaks;
    }
    const end = getEntryPoints(context).getProcessEnd(site.fn);
    if (!end) {
      return leaks;
    }
    const judged = leaks.filter((leak) => leak.kind !== 'throw' && leak.raised !== true);
    const through = end.through.map((name) => `${name}()`).join(' in ');
    note(
      site,
      leaks.length - judged.length,
      `a failure of ${through} reaches the top level unhandled (line ${String(end.start.loc.start.line)}) and ends the process (throwPathsInEntryPoints reports them)`,
    );
    return judged;
  };
}
