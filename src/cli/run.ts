import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ESLint } from 'eslint';
import plugin from '../index.js';
import { type CliOptions, getHelpText, parseCommandLine, UsageError } from './args.js';
import { getBaseConfigName, getPluginConfig, type LintPlan, type RuleEntry } from './config.js';
import { createEslint } from './eslint-instance.js';
import { collectFiles, createTsconfigLookup } from './files.js';
import { Progress, type ProgressStream } from './progress.js';
import { getTotals, isOutsideProject, keepReportedMessages } from './results.js';
import { formatSarif, type SarifRule } from './sarif.js';

/** Where the command reads and writes; the real process's, or a test's. */
export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

/** The repository the docs URLs of the rules point into (see src/create-rule.ts). */
const informationUri = 'https://github.com/leakguard/eslint-plugin-leakguard';

/** Files per `lintFiles` call while a progress line is drawn, in a single thread. */
const batchSize = 25;

type PluginRule = (typeof plugin.rules)[keyof typeof plugin.rules];

function getRule(name: string): PluginRule | undefined {
  return (plugin.rules as Record<string, PluginRule | undefined>)[name];
}

function toRuleName(given: string): string {
  const name = given.startsWith('leakguard/') ? given.slice('leakguard/'.length) : given;
  if (!getRule(name)) {
    throw new UsageError(`unknown rule '${given}'; the rules are: ${Object.keys(plugin.rules).join(', ')}`);
  }
  return name;
}

function withSeverity(entry: RuleEntry, severity: 'error' | 'warn'): RuleEntry {
  return Array.isArray(entry) ? [severity, ...(entry.slice(1) as unknown[])] : severity;
}

/**
 * The rules a run enables, by full id: the base config's, or those `--rule` names, less
 * those `--no-rule` names; a base config entry keeps its options.
 */
function selectRules(options: CliOptions, baseConfig: string): Record<string, RuleEntry> {
  const baseRules = (getPluginConfig(baseConfig)?.rules ?? {}) as Record<string, RuleEntry>;
  const chosen =
    options.rules.length > 0
      ? options.rules.map(toRuleName)
      : Object.keys(baseRules).map((id) => id.slice('leakguard/'.length));
  const dropped = new Set(options.noRules.map(toRuleName));
  const selected: Record<string, RuleEntry> = {};
  for (const name of chosen) {
    if (!options.typeAware && getRule(name)?.meta.docs?.requiresTypeChecking === true) {
      throw new UsageError(`rule '${name}' needs type information; add --type-aware`);
    }
    if (!dropped.has(name)) {
      const entry = baseRules[`leakguard/${name}`] ?? 'error';
      selected[`leakguard/${name}`] = withSeverity(entry, options.warn ? 'warn' : 'error');
    }
  }
  if (Object.keys(selected).length === 0) {
    throw new UsageError('no rules left to run; check --rule and --no-rule');
  }
  return selected;
}

function getCacheLocation(options: CliOptions, cwd: string): string {
  if (options.cacheLocation !== undefined) {
    return resolve(cwd, options.cacheLocation);
  }
  // Beside other tools' caches, out of the project's tree; a separate file from a cache
  // `eslint --cache` keeps with the project's own configuration.
  return existsSync(join(cwd, 'node_modules'))
    ? `${join(cwd, 'node_modules', '.cache', 'leakguard')}${sep}`
    : join(cwd, '.leakguardcache');
}

function getWorkerCount(plan: LintPlan): number {
  if (plan.concurrency === 'off') {
    return 1;
  }
  return plan.concurrency === 'auto' ? Math.max(1, availableParallelism() >> 1) : plan.concurrency;
}

/**
 * Lints the files, in batches when a progress line is drawn. Worker threads start anew for
 * each `lintFiles` call, so a multithreaded run takes few, large batches.
 */
async function lintWithProgress(
  eslint: ESLint,
  files: readonly string[],
  plan: LintPlan,
  progress: Progress,
): Promise<ESLint.LintResult[]> {
  if (files.length === 0) {
    // lintFiles([]) would lint the current directory.
    return [];
  }
  if (!progress.enabled) {
    return eslint.lintFiles([...files]);
  }
  const workers = getWorkerCount(plan);
  const size = workers > 1 ? Math.max(50 * workers, Math.ceil(files.length / 10)) : batchSize;
  const results: ESLint.LintResult[] = [];
  progress.update(0, files.length);
  for (let start = 0; start < files.length; start += size) {
    results.push(...(await eslint.lintFiles(files.slice(start, start + size))));
    progress.update(Math.min(start + size, files.length), files.length);
  }
  progress.clear();
  return results;
}

/**
 * A type-aware run. Files no tsconfig includes cannot be parsed with the project service:
 * those with no tsconfig.json above them at all are not even tried, and those the service
 * turns down are linted again. Both are linted without type information, with the rules
 * that do not need it, and a note says how many.
 */
async function lintTypeAware(
  eslint: ESLint,
  files: readonly string[],
  plan: LintPlan,
  io: CliIo,
  quiet: boolean,
): Promise<ESLint.LintResult[]> {
  const hasTsconfig = createTsconfigLookup();
  const typed = await lintWithProgress(eslint, files.filter(hasTsconfig), plan, new Progress(io.stderr, !quiet));
  const rejected = new Set(typed.filter(isOutsideProject).map((result) => result.filePath));
  const outside = files.filter((file) => !hasTsconfig(file) || rejected.has(file));
  if (outside.length === 0) {
    return typed;
  }
  const rules = Object.fromEntries(
    Object.entries(plan.rules).filter(
      ([id]) => getRule(id.slice('leakguard/'.length))?.meta.docs?.requiresTypeChecking !== true,
    ),
  );
  const syntaxPlan: LintPlan = { ...plan, typeAware: false, baseConfig: 'recommended', rules };
  const syntaxOnly = await createEslint(syntaxPlan);
  const untyped = await lintWithProgress(syntaxOnly, outside, syntaxPlan, new Progress(io.stderr, !quiet));
  if (!quiet) {
    const count = outside.length === 1 ? '1 file is' : `${outside.length} files are`;
    io.stderr.write(`leakguard: ${count} in no tsconfig; linted without type information.\n`);
  }
  return [...typed.filter((result) => !rejected.has(result.filePath)), ...untyped].sort((a, b) =>
    a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0,
  );
}

async function format(
  eslint: ESLint,
  options: CliOptions,
  results: ESLint.LintResult[],
  plan: LintPlan,
  maxWarningsExceeded: { maxWarnings: number; foundWarnings: number } | undefined,
): Promise<string> {
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
    });
  }
  let formatter;
  try {
    formatter = await eslint.loadFormatter(options.format);
  } catch {
    throw new UsageError(`unknown format '${options.format}'; use stylish, json or sarif`);
  }
  return formatter.format(results, maxWarningsExceeded ? { maxWarningsExceeded } : undefined);
}

function writeReport(text: string, options: CliOptions, io: CliIo): void {
  if (options.outputFile !== undefined) {
    const path = resolve(io.cwd, options.outputFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } else if (text.length > 0) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

async function lint(options: CliOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  const baseConfig = getBaseConfigName(options.typeAware);
  const plan: LintPlan = {
    cwd: io.cwd,
    baseConfig,
    rules: selectRules(options, baseConfig),
    typeAware: options.typeAware,
    // As `eslint --quiet`: rules at "warn" are not even run, unless --max-warnings counts them.
    quiet: options.quiet && options.maxWarnings === undefined,
    concurrency: options.concurrency,
    cache: options.cache ? { location: getCacheLocation(options, io.cwd), strategy: options.cacheStrategy } : null,
  };
  if (plan.cache?.location.endsWith(sep) === true) {
    mkdirSync(plan.cache.location, { recursive: true });
  }
  const { files, tooLarge } = collectFiles(options.paths, io.cwd, options.ignorePatterns);
  if (tooLarge.length > 0 && !options.quiet) {
    const count = tooLarge.length === 1 ? '1 file' : `${tooLarge.length} files`;
    io.stderr.write(
      `leakguard: skipped ${count} over 1 MiB (generated code?), such as ${relative(io.cwd, tooLarge[0] ?? '')}; name a file to lint it.\n`,
    );
  }
  if (files.length === 0 && !options.quiet) {
    // Not an error (a pre-commit hook may pass only other files), but likely a wrong path.
    io.stderr.write(`leakguard: no JavaScript or TypeScript files to lint in ${options.paths.join(', ')}.\n`);
  }
  const eslint = await createEslint(plan);
  // Fail on a bad --format before spending the time to lint.
  if (options.format !== 'sarif') {
    await format(eslint, options, [], plan, undefined);
  }

  const linted = options.typeAware
    ? await lintTypeAware(eslint, files, plan, io, options.quiet)
    : await lintWithProgress(eslint, files, plan, new Progress(io.stderr, !options.quiet));
  const reported = keepReportedMessages(linted, false);
  const totals = getTotals(reported);
  const results = options.quiet ? keepReportedMessages(reported, true) : reported;

  const tooManyWarnings = options.maxWarnings !== undefined && totals.warnings > options.maxWarnings;
  const maxWarningsExceeded =
    tooManyWarnings && options.maxWarnings !== undefined
      ? { maxWarnings: options.maxWarnings, foundWarnings: totals.warnings }
      : undefined;
  writeReport(await format(eslint, options, results, plan, maxWarningsExceeded), options, io);

  if (tooManyWarnings) {
    io.stderr.write(`leakguard: too many warnings (${totals.warnings}; the maximum is ${options.maxWarnings}).\n`);
  }
  if (io.stderr.isTTY === true && !options.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stderr.write(
      `leakguard: ${files.length} ${files.length === 1 ? 'file' : 'files'} in ${seconds} s, ` +
        `${totals.errors} ${totals.errors === 1 ? 'error' : 'errors'}, ` +
        `${totals.warnings} ${totals.warnings === 1 ? 'warning' : 'warnings'}.\n`,
    );
  }
  return totals.errors > 0 || tooManyWarnings ? 1 : 0;
}

/** An error as one line: ESLint puts the file and rule of a crash on lines of their own. */
function toOneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
}

/**
 * Runs `leakguard` with the given arguments and returns its exit code: 0 no findings,
 * 1 findings or too many warnings, 2 a usage error or a crash (with a one-line message).
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command.kind === 'help') {
      const defaults = Object.keys(getPluginConfig('recommended')?.rules ?? {}).map((id) =>
        id.slice('leakguard/'.length),
      );
      io.stdout.write(`${getHelpText(Object.keys(plugin.rules), defaults)}\n`);
      return 0;
    }
    if (command.kind === 'version') {
      io.stdout.write(`leakguard ${plugin.meta.version} (ESLint ${ESLint.version})\n`);
      return 0;
    }
    return await lint(command.options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`leakguard: ${error.message.replace(/\.$/u, '')}. See leakguard --help.\n`);
      return 2;
    }
    const debug = io.env.LEAKGUARD_DEBUG !== undefined && io.env.LEAKGUARD_DEBUG !== '';
    io.stderr.write(`leakguard: crashed: ${toOneLine(error)}${debug ? '' : ' (LEAKGUARD_DEBUG=1 shows the stack)'}\n`);
    if (debug && error instanceof Error && error.stack !== undefined) {
      io.stderr.write(`${error.stack}\n`);
    }
    return 2;
  }
}
