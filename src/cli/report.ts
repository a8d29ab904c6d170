import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ESLint } from 'eslint';
import plugin from '../index.js';
import type { LeakPath } from '../trace.js';
import { type CliOptions, UsageError } from './args.js';
import type { LintPlan } from './config.js';
import { describeFsError } from './files.js';
import { formatSarif, type SarifRule } from './sarif.js';

/** The repository the docs URLs of the rules point into (see src/create-rule.ts). */
const informationUri = 'https://github.com/leakguard/eslint-plugin-leakguard';

type PluginRule = (typeof plugin.rules)[keyof typeof plugin.rules];

/** A rule of the plugin by its plain name, or undefined. */
export function getRule(name: string): PluginRule | undefined {
  return (plugin.rules as Record<string, PluginRule | undefined>)[name];
}

/** Whether a rule (by full id) needs type information. */
export function needsTypes(ruleId: string): boolean {
  return getRule(ruleId.slice('leakguard/'.length))?.meta.docs?.requiresTypeChecking === true;
}

/** What formatting needs beyond the results. */
export interface FormatInput {
  options: CliOptions;
  plan: LintPlan;
  /** Loads an ESLint formatter by name (from an ESLint instance). */
  loadFormatter: (name: string) => Promise<ESLint.LoadedFormatter>;
  maxWarningsExceeded: { maxWarnings: number; foundWarnings: number } | undefined;
  leakPaths: readonly LeakPath[];
  /** Run-level problems for SARIF's notifications (files skipped, directories unread). */
  notes: readonly string[];
}

/** Formats the results: SARIF by the command itself, any other format by ESLint's formatters. */
export async function formatResults(results: ESLint.LintResult[], input: FormatInput): Promise<string> {
  const { options, plan } = input;
  if (options.format === 'sarif') {
    const rules: SarifRule[] = Object.entries(plan.rules).map(([id, entry]) => ({
      id,
      meta: getRule(id.slice('leakguard/'.length))?.meta,
      level: (Array.isArray(entry) ? entry[0] : entry) === 'warn' ? 'warning' : 'error',
    }));
    return formatSarif(results, {
      toolName: 'leakguard',
      toolVersion: plugin.meta.version,
      informationUri,
      cwd: plan.cwd,
      rules,
      leakPaths: input.leakPaths,
      notes: input.notes,
    });
  }
  let formatter;
  try {
    formatter = await input.loadFormatter(options.format);
  } catch {
    throw new UsageError(`unknown format '${options.format}'; use stylish, json or sarif`);
  }
  return formatter.format(results, input.maxWarningsExceeded ? { maxWarningsExceeded: input.maxWarningsExceeded } : undefined);
}

/** Writes the report to `--output-file` (creating its folder) or stdout. */
export function writeReport(text: string, options: CliOptions, io: { cwd: string; stdout: { write(text: string): unknown } }): void {
  if (options.outputFile !== undefined) {
    const path = resolve(io.cwd, options.outputFile);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } catch (error) {
      throw new UsageError(`cannot write the report: ${describeFsError(error, options.outputFile)}`);
    }
  } else if (text.length > 0) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}
