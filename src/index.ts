import type { TSESLint } from '@typescript-eslint/utils';
import type { ESLint, Linter, Rule } from 'eslint';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { rules } from '../rules/index.js';
import { packageMeta } from './package-meta.js';

/**
 * The rules' names, spelled out rather than taken from `typeof rules`: the plugin's declared
 * type then refers to ESLint's types alone, not to the rule modules' (which are typed with
 * typescript-eslint's, a development dependency only).
 */
export type RuleName =
  | 'no-error-200'
  | 'no-leaked-connection'
  | 'no-leaked-cursor'
  | 'no-rate-limit-200'
  | 'no-unsettled-transaction'
  | 'no-use-after-release';


/** Rules switched on by the `recommended` config (the rules whose docs say so). */
const recommendedRules = Object.fromEntries(
  Object.entries(rules)
    .filter(([, rule]) => rule.meta.docs?.recommended === true)
    .map(([name]) => [`leakguard/${name}`, 'error']),
) as Record<`leakguard/${RuleName}`, 'error'>;

/** Whether a rule takes the `requireFinally` option (the lifetime rules do). */
function takesRequireFinally(rule: (typeof rules)[RuleName]): boolean {
  const [schema] = Array.isArray(rule.meta.schema) ? (rule.meta.schema as readonly JSONSchema4[]) : [];
  return schema !== undefined && 'properties' in schema && schema.properties?.requireFinally !== undefined;
}

/** `strict`: the recommended rules, with releases required in `finally` where a rule can ask it. */
const strictRules = Object.fromEntries(
  Object.entries(rules)
    .filter(([, rule]) => rule.meta.docs?.recommended === true)
    .map(([name, rule]) => [`leakguard/${name}`, takesRequireFinally(rule) ? ['error', { requireFinally: true }] : 'error']),
) as Record<`leakguard/${RuleName}`, TSESLint.SharedConfig.RuleEntry>;

const allRules = Object.fromEntries(
  Object.keys(rules).map((name) => [`leakguard/${name}`, 'error']),
) as Record<`leakguard/${RuleName}`, 'error'>;

/**
 * A rule as the plugin's type gives it: ESLint's rule module, with the docs fields every
 * leakguard rule declares (`recommended`, `requiresTypeChecking`).
 */
export type LeakguardRuleModule = Rule.RuleModule & {
  meta: Rule.RuleMetaData & { docs?: Rule.RuleMetaData['docs'] & { recommended?: boolean; requiresTypeChecking?: boolean } };
};

/**
 * The plugin's type. The configs are ESLint's own `Linter.Config`, so that the plugin and
 * its configs can be put where ESLint's types ask for an `ESLint.Plugin` or a
 * `Linter.Config` (`defineConfig([...])`, `Linter.Config[]`) in a type-checked
 * eslint.config.ts, against ESLint 9's and 10's types alike.
 */
interface LeakguardPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, LeakguardRuleModule>;
  configs: {
    recommended: Linter.Config;
    'recommended-type-checked': Linter.Config;
    strict: Linter.Config;
    all: Linter.Config;
  };
}

/**
 * The rules as the plugin's type gives them. typescript-eslint's rule type and ESLint's
 * describe the same objects with different context types; ESLint's is the one a config
 * (and an `ESLint.Plugin`) asks for. The parameter's type makes a rule missing from
 * {@link RuleName}, or a name without a rule, a compile error.
 */
function asPluginRules<All extends Record<RuleName, object>>(
  all: All & Record<Exclude<keyof All, RuleName>, never>,
): Record<RuleName, LeakguardRuleModule> {
  return all as unknown as Record<RuleName, LeakguardRuleModule>;
}

const plugin: LeakguardPlugin = {
  meta: { name: packageMeta.name, version: packageMeta.version, namespace: 'leakguard' },
  rules: asPluginRules(rules),
  configs: {} as LeakguardPlugin['configs'],
};

// The configs refer to the plugin object itself, so they are filled in after it exists.
plugin.configs.recommended = {
  name: 'leakguard/recommended',
  plugins: { leakguard: plugin as unknown as ESLint.Plugin },
  rules: recommendedRules,
};
// The rules read declared types wherever the parser has a program; like typescript-eslint's
// type-checked configs, these two leave `parserOptions.projectService` to the user, so files
// outside every tsconfig still lint (on syntax alone) instead of failing to parse.
plugin.configs['recommended-type-checked'] = {
  name: 'leakguard/recommended-type-checked',
  plugins: { leakguard: plugin as unknown as ESLint.Plugin },
  rules: recommendedRules,
};
plugin.configs.strict = {
  name: 'leakguard/strict',
  plugins: { leakguard: plugin as unknown as ESLint.Plugin },
  rules: strictRules,
};
plugin.configs.all = {
  name: 'leakguard/all',
  plugins: { leakguard: plugin as unknown as ESLint.Plugin },
  rules: allRules,
};

/**
 * The plugin as exported. Each rule is typed as ESLint's `Rule.RuleModule`, so that a
 * type-checked `const p: ESLint.Plugin = leakguard` or `plugins: { leakguard }` compiles; the
 * declared type refers to `eslint` (a peer dependency) alone.
 */
export default plugin;
