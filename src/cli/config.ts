import type { ESLint, Linter } from 'eslint';
import plugin from '../index.js';
import type { Concurrency } from './args.js';
import { lintedExtensions } from './files.js';

/** A rule's setting as flat config spells it: a severity, or a severity with options. */
export type RuleEntry = Linter.RuleEntry;

/**
 * Everything an ESLint instance of the command is built from. It is plain JSON, because
 * with `--concurrency` every worker thread rebuilds the same instance from it (ESLint
 * clones the options to its workers, and a plugin object cannot be cloned).
 */
export interface LintPlan {
  cwd: string;
  /**
   * The parser: typescript-eslint's for JavaScript and TypeScript, or ESLint's own espree
   * for JavaScript alone where typescript-eslint cannot load (a project on TypeScript 7).
   */
  parser: 'typescript-eslint' | 'espree';
  /** The plugin config the rules come from; its languageOptions and settings apply too. */
  baseConfig: string;
  /** The rules to run, by full id (`leakguard/no-leaked-connection`). */
  rules: Record<string, RuleEntry>;
  typeAware: boolean;
  /** Run only the rules set to "error" (`--quiet` without `--max-warnings`). */
  quiet: boolean;
  concurrency: Concurrency;
  cache: { location: string; strategy: 'metadata' | 'content' } | null;
}

type ConfigLike = Linter.Config;

/** The plugin's configs by name; a config another release adds is found without a code change. */
export function getPluginConfig(name: string): ConfigLike | undefined {
  return (plugin.configs as unknown as Record<string, ConfigLike | undefined>)[name];
}

/**
 * The config the run starts from: `recommended-type-checked` for a type-aware run when the
 * plugin has it, `recommended` otherwise.
 */
export function getBaseConfigName(typeAware: boolean): string {
  return typeAware && getPluginConfig('recommended-type-checked') ? 'recommended-type-checked' : 'recommended';
}

const lintedFiles = [`**/*.{${lintedExtensions.map((ext) => ext.slice(1)).join(',')}}`];

/** The JavaScript extensions, which espree reads. */
export const javaScriptExtensions = ['.js', '.mjs', '.cjs', '.jsx'] as const;

const javaScriptFiles = [`**/*.{${javaScriptExtensions.map((ext) => ext.slice(1)).join(',')}}`];

/**
 * The flat config the command lints with; no file on disk contributes to it. `tsParser`
 * is typescript-eslint's parser, needed when the plan says so.
 */
export function buildConfig(plan: LintPlan, tsParser: Linter.Parser | null): Linter.Config[] {
  if (plan.parser === 'typescript-eslint' && tsParser === null) {
    throw new Error('the plan needs typescript-eslint\'s parser, which did not load');
  }
  const base = getPluginConfig(plan.baseConfig) ?? {};
  const baseParserOptions = base.languageOptions?.parserOptions ?? {};
  return [
    {
      ...base,
      name: 'leakguard-cli/rules',
      files: plan.parser === 'espree' ? javaScriptFiles : lintedFiles,
      plugins: { ...base.plugins, leakguard: plugin as unknown as ESLint.Plugin },
      rules: plan.rules,
      languageOptions: {
        ...base.languageOptions,
        ...(plan.parser === 'espree' ? {} : { parser: tsParser ?? undefined }),
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: {
          ...baseParserOptions,
          ecmaFeatures: { jsx: true },
          ...(plan.parser === 'espree'
            ? {}
            : plan.typeAware
              ? { projectService: true, tsconfigRootDir: plan.cwd }
              : { projectService: false }),
        },
      },
      linterOptions: {
        // Only leakguard's rules run, so every directive naming another rule would be
        // "unused"; `eslint --report-unused-disable-directives` is the place for that check.
        reportUnusedDisableDirectives: 'off',
      },
    },
    {
      name: 'leakguard-cli/commonjs',
      files: ['**/*.cjs', '**/*.cts'],
      languageOptions: { sourceType: 'commonjs' },
    },
  ];
}

/**
 * The options of the ESLint instance for a plan. `ruleFilter` keeps rules that a project's
 * inline `/* eslint rule: … *\/` comments switch on from running: the command runs
 * leakguard's rules and nothing else.
 */
export function createEslintOptions(plan: LintPlan, tsParser: Linter.Parser | null): ESLint.Options {
  const options: ESLint.Options = {
    cwd: plan.cwd,
    overrideConfigFile: true,
    overrideConfig: buildConfig(plan, tsParser),
    ruleFilter: ({ ruleId, severity }) => ruleId.startsWith('leakguard/') && (!plan.quiet || severity === 2),
    warnIgnored: false,
  };
  if (plan.cache) {
    options.cache = true;
    options.cacheLocation = plan.cache.location;
    options.cacheStrategy = plan.cache.strategy;
  }
  if (plan.concurrency !== 'off') {
    // Only set when asked for: ESLint releases before 9.34 reject the option.
    options.concurrency = plan.concurrency;
  }
  return options;
}
