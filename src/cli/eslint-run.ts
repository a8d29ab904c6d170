import { availableParallelism } from 'node:os';
import type { ESLint } from 'eslint';
import type { LintPlan } from './config.js';
import { createEslint } from './eslint-instance.js';
import { createTsconfigLookup } from './files.js';
import { getOutsideMemoryPath, loadOutsideProjectMemory } from './outside-project.js';
import { Progress } from './progress.js';
import { isOutsideProject } from './results.js';
import type { CliIo } from './run.js';

/** Files per `lintFiles` call while a progress line is drawn, in a single thread. */
const batchSize = 25;

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
export async function lintWithProgress(
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
 * those with no tsconfig.json above them at all are not even tried, nor (with `--cache`)
 * those it turned down last time under an unchanged tsconfig, and those it turns down now
 * are linted again. Both are linted without type information, with the rules
 * that do not need it, and a note says how many.
 */
export async function lintTypeAware(
  eslint: ESLint,
  files: readonly string[],
  plan: LintPlan,
  io: CliIo,
  options: { quiet: boolean; needsTypes: (ruleId: string) => boolean },
): Promise<ESLint.LintResult[]> {
  const hasTsconfig = createTsconfigLookup();
  const memory = plan.cache ? loadOutsideProjectMemory(getOutsideMemoryPath(plan.cache.location)) : null;
  const tried = files.filter((file) => hasTsconfig(file) && memory?.isKnownOutside(file) !== true);
  const typed = await lintWithProgress(eslint, tried, plan, new Progress(io.stderr, !options.quiet));
  const rejected = new Set(typed.filter(isOutsideProject).map((result) => result.filePath));
  memory?.update(tried, rejected);
  memory?.save();
  const triedSet = new Set(tried);
  const outside = files.filter((file) => !triedSet.has(file) || rejected.has(file));
  if (outside.length === 0) {
    return typed;
  }
  const rules = Object.fromEntries(Object.entries(plan.rules).filter(([id]) => !options.needsTypes(id)));
  const syntaxPlan: LintPlan = { ...plan, typeAware: false, baseConfig: 'recommended', rules };
  const syntaxOnly = await createEslint(syntaxPlan);
  const untyped = await lintWithProgress(syntaxOnly, outside, syntaxPlan, new Progress(io.stderr, !options.quiet));
  if (!options.quiet) {
    const count = outside.length === 1 ? '1 file is' : `${outside.length} files are`;
    io.stderr.write(`leakguard: ${count} in no tsconfig; linted without type information.\n`);
  }
  return [...typed.filter((result) => !rejected.has(result.filePath)), ...untyped].sort((a, b) =>
    a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0,
  );
}
