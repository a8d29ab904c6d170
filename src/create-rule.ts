import { ESLintUtils } from '@typescript-eslint/utils';

/** Documentation fields every leakguard rule declares. */
export interface LeakguardDocs {
  /** Whether the rule is part of the `recommended` config. */
  recommended?: boolean;
  /** Whether the rule needs type information to do its work. */
  requiresTypeChecking?: boolean;
}

/** Creates a leakguard rule whose `docs.url` points at its page in docs/rules. */
export const createRule = ESLintUtils.RuleCreator<LeakguardDocs>(
  (name) => `https://github.com/leakguard/eslint-plugin-leakguard/blob/main/docs/rules/${name}.md`,
);
