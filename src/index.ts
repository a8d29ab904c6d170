import type { TSESLint } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { rules } from '../rules/index.js';
import { packageMeta } from './package-meta.js';

type RuleName = keyof typeof rules;

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

interface LeakguardPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: {
    recommended: TSESLint.FlatConfig.Config;
    'recommended-type-checked': TSESLint.FlatConfig.Config;
    strict: TSESLint.FlatConfig.Config;
    all: TSESLint.FlatConfig.Config;
  };
}

const plugin: LeakguardPlugin = {
  meta: { name: packageMeta.name, version: packageMeta.version, namespace: 'leakguard' },
  rules,
  configs: {} as LeakguardPlugin['configs'],
};

// The configs refer to the plugin object itself, so they are filled in after it exists.
plugin.configs.recommended = {
  name: 'leakguard/recommended',
  plugins: { leakguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules,
};
// The rules read declared types wherever the parser has a program; like typescript-eslint's
// type-checked configs, these two leave `parserOptions.projectService` to the user, so files
// outside every tsconfig still lint (on syntax alone) instead of failing to parse.
plugin.configs['recommended-type-checked'] = {
  name: 'leakguard/recommended-type-checked',
  plugins: { leakguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules,
};
plugin.configs.strict = {
  name: 'leakguard/strict',
  plugins: { leakguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: strictRules,
};
plugin.configs.all = {
  name: 'leakguard/all',
  plugins: { leakguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: allRules,
};

export default plugin;
