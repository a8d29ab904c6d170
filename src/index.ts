import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from '../rules/index.js';
import { packageMeta } from './package-meta.js';

type RuleName = keyof typeof rules;

/** Rules switched on by the `recommended` config (the rules whose docs say so). */
const recommendedRules = Object.fromEntries(
  Object.entries(rules)
    .filter(([, rule]) => rule.meta.docs?.recommended === true)
    .map(([name]) => [`leakguard/${name}`, 'error']),
) as Record<`leakguard/${RuleName}`, 'error'>;

const allRules = Object.fromEntries(
  Object.keys(rules).map((name) => [`leakguard/${name}`, 'error']),
) as Record<`leakguard/${RuleName}`, 'error'>;

interface LeakguardPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: {
    recommended: TSESLint.FlatConfig.Config;
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
plugin.configs.all = {
  name: 'leakguard/all',
  plugins: { leakguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: allRules,
};

export default plugin;
