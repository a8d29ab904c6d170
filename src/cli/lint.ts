import { existsSync, mkdirSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { formatDebugRecord, takeDebugRecords } from '../debug.js';
import { collectLeakPaths, type LeakPath, takeLeakPaths } from '../trace.js';
import { type CliOptions, UsageError } from './args.js';
import { getBaseConfigName, getPluginConfig, javaScriptExtensions, type LintPlan, type RuleEntry } from './config.js';
import { chooseEngine } from './engine.js';
import { createEslint } from './eslint-instance.js';
import { lintTypeAware, lintWithProgress } from './eslint-run.js';
import { type CollectedFiles, collectFiles, describeFsError } from './files.js';
import { lintWithOxlint } from './oxlint.js';
import { loadTypeScriptParser } from './parser.js';
import { Progress } from './progress.js';
import { formatResults, getRule, needsTypes, writeReport } from './report.js';
import { getTotals, keepReportedMessages } from './results.js';
import type { CliIo } from './run.js';
import plugin from '../index.js';

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
function selectRules(options: CliOptions, typeAware: boolean, baseConfig: string): Record<string, RuleEntry> {
  const baseRules = (getPluginConfig(baseConfig)?.rules ?? {}) as Record<string, RuleEntry>;
  const chosen =
    options.rules.length > 0
      ? options.rules.map(toRuleName)
      : Object.keys(baseRules).map((id) => id.slice('leakguard/'.length));
  const dropped = new Set(options.noRules.map(toRuleName));
  const selected: Record<string, RuleEntry> = {};
  for (const name of chosen) {
    if (!typeAware && needsTypes(`leakguard/${name}`)) {
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
    // resolve() drops a trailing slash, which is how ESLint tells a cache folder from a file.
    const folder = /[\\/]$/u.test(options.cacheLocation);
    return `${resolve(cwd, options.cacheLocation)}${folder ? sep : ''}`;
  }
  // Beside other tools' caches, out of the project's tree; a separate file from a cache
  // `eslint --cache` keeps with the project's own configuration.
  return existsSync(join(cwd, 'node_modules'))
    ? `${join(cwd, 'node_modules', '.cache', 'leakguard')}${sep}`
    : join(cwd, '.leakguardcache');
}

/** A file that could not be read, as a result with one fatal error: reported, not fatal to the run. */
function unreadableResult(file: string, reason: string): ESLint.LintResult {
  const message: Linter.LintMessage = { ruleId: null, fatal: true, severity: 2, message: `Cannot read file: ${reason}`, line: 1, column: 1 };
  return {
    filePath: file,
    messages: [message],
    suppressedMessages: [],
    errorCount: 1,
    fatalErrorCount: 1,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

/** oxlint's verdict on `import`/`export` in a file whose extension says CommonJS. */
const moduleSyntaxInCommonJs = /^Parsing error: Cannot use (?:import|export) statement outside a module/u;

/**
 * Files that oxlint rejects only for module syntax under a CommonJS extension (bundler
 * configs such as `tsup.config.cjs` written with `import`): ESLint's engine reads them as
 * modules and lints them, so they are linted there too, for the same answer on both engines.
 * Where typescript-eslint cannot load, oxlint's parse error stands.
 */
async function relintModulesAsCommonJs(results: ESLint.LintResult[], plan: LintPlan): Promise<ESLint.LintResult[]> {
  const rejected = results.filter(
    (result) =>
      result.messages.length > 0 &&
      result.messages.every((message) => message.fatal === true && moduleSyntaxInCommonJs.test(message.message)),
  );
  if (rejected.length === 0) {
    return results;
  }
  const state = await loadTypeScriptParser();
  if (state.parser === null) {
    return results;
  }
  const eslint = await createEslint({ ...plan, parser: 'typescript-eslint', concurrency: 'off', cache: null });
  const relinted = new Map((await eslint.lintFiles(rejected.map((result) => result.filePath))).map((result) => [result.filePath, result]));
  return results.map((result) => relinted.get(result.filePath) ?? result);
}

/** How many vendored or generated paths `--verbose` names one by one; the rest are counted. */
const MAX_GENERATED_LINES = 20;

/** The `--verbose` lines for the vendored and generated code a run skipped. */
function describeGenerated(generated: CollectedFiles['generated'], cwd: string): string[] {
  if (generated.length === 0) {
    return [];
  }
  const lines = [
    `leakguard: skipped ${plural(generated.length, 'vendored, generated or fixture path', 'vendored, generated or fixture paths')} (--include-generated lints them):`,
    ...generated
      .slice(0, MAX_GENERATED_LINES)
      .map(({ path, reason }) => `leakguard:   ${toDisplayPath(relative(cwd, path))} (${reason.kind}: ${reason.evidence})`),
  ];
  if (generated.length > MAX_GENERATED_LINES) {
    lines.push(`leakguard:   and ${String(generated.length - MAX_GENERATED_LINES)} more`);
  }
  return lines;
}

function toDisplayPath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${String(count)} ${many}`;
}

/** The lint run: files, engine, results, report, exit code. */
export async function lint(options: CliOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  const say = (line: string): void => {
    if (!options.quiet) {
      io.stderr.write(`leakguard: ${line}.\n`);
    }
  };
  const { engine, typeAware, notes } = await chooseEngine(options, io.cwd);
  // Rules are checked before anything else, so a bad --rule fails fast.
  const baseConfig = getBaseConfigName(typeAware);
  const rules = selectRules(options, typeAware, baseConfig);
  notes.forEach(say);

  const collected = collectFiles(options.paths, io.cwd, options.ignorePatterns, { includeGenerated: options.includeGenerated });
  collected.notes.forEach(say);
  if (collected.tooLarge.length > 0) {
    say(
      `skipped ${plural(collected.tooLarge.length, 'file', 'files')} over 1 MiB (generated code?), such as ${relative(io.cwd, collected.tooLarge[0] ?? '')}; name a file to lint it`,
    );
  }
  const problems = [...collected.problems];
  let files = collected.files;
  if (engine.kind === 'eslint' && engine.parser === 'espree') {
    const typeScript = files.filter((file) => !(javaScriptExtensions as readonly string[]).includes(extname(file)));
    if (typeScript.length > 0) {
      problems.push(
        `${plural(typeScript.length, 'TypeScript file was', 'TypeScript files were')} not linted: ${engine.parserProblem}; install oxlint beside leakguard to lint them on syntax alone (npm install --save-dev oxlint)`,
      );
      files = files.filter((file) => !typeScript.includes(file));
    }
  }
  if (files.length === 0 && collected.unreadable.length === 0 && problems.length === 0) {
    // A wrong path or an empty checkout, not a clean bill of health.
    throw new UsageError(`no JavaScript or TypeScript files to lint in ${options.paths.join(', ')}`);
  }

  const plan: LintPlan = {
    cwd: io.cwd,
    parser: engine.kind === 'eslint' ? engine.parser : 'espree',
    baseConfig,
    rules,
    typeAware,
    // As `eslint --quiet`: rules at "warn" are not even run, unless --max-warnings counts them.
    quiet: options.quiet && options.maxWarnings === undefined,
    concurrency: options.concurrency,
    cache: options.cache ? { location: getCacheLocation(options, io.cwd), strategy: options.cacheStrategy } : null,
  };
  if (plan.cache?.location.endsWith(sep) === true) {
    try {
      mkdirSync(plan.cache.location, { recursive: true });
    } catch (error) {
      throw new UsageError(`cannot create the cache folder: ${describeFsError(error, plan.cache.location)}`);
    }
  }
  const runRules = plan.quiet
    ? Object.fromEntries(Object.entries(rules).filter(([, entry]) => (Array.isArray(entry) ? entry[0] : entry) === 'error'))
    : rules;

  let linted: ESLint.LintResult[];
  let debugLines: string[];
  let leakPaths: LeakPath[] = [];
  let loadFormatter: (name: string) => Promise<ESLint.LoadedFormatter>;
  if (engine.kind === 'oxlint') {
    const eslint = new ESLint({ cwd: io.cwd, overrideConfigFile: true });
    loadFormatter = (name) => eslint.loadFormatter(name);
    // Fail on a bad --format before spending the time to lint.
    if (options.format !== 'sarif') {
      await loadFormatter(options.format).catch(() => {
        throw new UsageError(`unknown format '${options.format}'; use stylish, json or sarif`);
      });
    }
    const progress = new Progress(io.stderr, !options.quiet);
    progress.update(0, files.length);
    const run = await lintWithOxlint(engine.oxlint, files, runRules, io.cwd, { debug: options.verbose, env: io.env });
    progress.update(files.length, files.length);
    progress.clear();
    linted = await relintModulesAsCommonJs(run.results, { ...plan, rules: runRules });
    debugLines = run.debugLines;
  } else {
    const eslint = await createEslint(plan);
    loadFormatter = (name) => eslint.loadFormatter(name);
    if (options.format !== 'sarif') {
      await loadFormatter(options.format).catch(() => {
        throw new UsageError(`unknown format '${options.format}'; use stylish, json or sarif`);
      });
    }
    takeDebugRecords();
    collectLeakPaths(options.format === 'sarif');
    try {
      linted = typeAware
        ? await lintTypeAware(eslint, files, plan, io, { quiet: options.quiet, needsTypes })
        : await lintWithProgress(eslint, files, plan, new Progress(io.stderr, !options.quiet));
      leakPaths = takeLeakPaths();
    } finally {
      collectLeakPaths(false);
    }
    debugLines = takeDebugRecords().map(formatDebugRecord);
  }
  linted = [...linted, ...collected.unreadable.map(({ file, reason }) => unreadableResult(file, reason))].sort((a, b) =>
    a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0,
  );

  const reported = keepReportedMessages(linted, false);
  const totals = getTotals(reported);
  const results = options.quiet ? keepReportedMessages(reported, true) : reported;
  const tooManyWarnings = options.maxWarnings !== undefined && totals.warnings > options.maxWarnings;
  const maxWarningsExceeded =
    tooManyWarnings && options.maxWarnings !== undefined
      ? { maxWarnings: options.maxWarnings, foundWarnings: totals.warnings }
      : undefined;
  const report = await formatResults(results, {
    options,
    plan,
    loadFormatter,
    maxWarningsExceeded,
    leakPaths,
    notes: [...problems, ...collected.notes],
  });
  writeReport(report, options, io);

  if (options.verbose) {
    // Asked for, so printed even with --quiet: what was not linted, and why.
    for (const line of describeGenerated(collected.generated, io.cwd)) {
      io.stderr.write(`${line}\n`);
    }
    // What the analysis could not decide, with paths relative to the working directory as
    // everywhere else in the command's output.
    const absolute = `leakguard: ${io.cwd}${sep}`;
    for (const line of [...new Set(debugLines.map((text) => (text.startsWith(absolute) ? `leakguard: ${text.slice(absolute.length)}` : text)))]) {
      io.stderr.write(`${line}\n`);
    }
    if (debugLines.length === 0) {
      io.stderr.write('leakguard: the analysis gave up on no function.\n');
    }
  }
  // Problems are said whatever --quiet says: they make the run fail.
  for (const problem of problems) {
    io.stderr.write(`leakguard: ${problem}.\n`);
  }
  if (tooManyWarnings) {
    io.stderr.write(`leakguard: too many warnings (${totals.warnings}; the maximum is ${options.maxWarnings}).\n`);
  }
  if (io.stderr.isTTY === true && !options.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stderr.write(
      `leakguard: ${plural(files.length, 'file', 'files')} in ${seconds} s, ` +
        `${plural(totals.errors, 'error', 'errors')}, ${plural(totals.warnings, 'warning', 'warnings')}.\n`,
    );
  }
  if (problems.length > 0) {
    return 2;
  }
  return totals.errors > 0 || tooManyWarnings ? 1 : 0;
}
