import { ESLintUtils } from '@typescript-eslint/utils';
import { packageMeta } from './package-meta.js';

/** Documentation fields every leakguard rule declares. */
export interface LeakguardDocs {
  /** Whether the rule is part of the `recommended` config. */
  recommended?: boolean;
  /** Whether the rule needs type information to do its work. */
  requiresTypeChecking?: boolean;
}

/**
 * Creates a leakguard rule whose `docs.url` points at its page in docs/rules, at the
 * release's tag: the page an editor or code scanning links to describes the installed
 * version, not whatever main says later.
 */
export const createRule = ESLintUtils.RuleCreator<LeakguardDocs>(
  (name) => `https://github.com/leakguard/eslint-plugin-leakguard/blob/v${packageMeta.version}/docs/rules/${name}.md`,
);
