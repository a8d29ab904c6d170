import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './args.js';

/** The extensions the command lints: JavaScript and TypeScript, with and without JSX. */
export const lintedExtensions = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

const lintedExtensionSet = new Set<string>(lintedExtensions);

/**
 * Directories never walked into, whatever .gitignore says. `.yarn` holds Yarn's own
 * committed release and plugins (multi-megabyte bundles), not the project's code.
 */
const skippedDirectoryNames = new Set(['node_modules', 'dist', '.git', '.yarn']);

/**
 * Declaration files hold no code to check; minified bundles and Yarn's generated PnP
 * loaders are not anyone's source.
 */
const skippedFileName = /\.d\.[cm]?ts$|[.-]min\.[cm]?js$|^\.pnp\.(?:c?js|loader\.mjs)$/u;

/**
 * Files above this size are generated or bundled code in practice, and parsing one takes
 * seconds; a walk skips them (and says how many), naming one on the command line lints it.
 */
export const maxWalkedFileBytes = 1024 * 1024;

interface IgnoreLevel {
  /** The directory the rules are relative to. */
  dir: string;
  rules: Ignore;
}

function isLintedFileName(name: string): boolean {
  return lintedExtensionSet.has(extname(name)) && !skippedFileName.test(name);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function readGitignore(dir: string): Ignore | null {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) {
    return null;
  }
  try {
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    // An unreadable .gitignore (permissions, a directory by that name) ignores nothing.
    return null;
  }
}

/** The closest directory at or above `dir` that holds `.git`, or null outside a repository. */
function findRepositoryRoot(dir: string): string | null {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) {
      return current;
    }
    if (dirname(current) === current) {
      return null;
    }
  }
}

/**
 * Whether `path` is ignored by the stack of .gitignore files. Git gives the deepest
 * .gitignore the last word, and a later rule (including a `!negation`) overrides an earlier
 * one, so the levels are read from the outermost in and each may flip the answer.
 */
function isIgnoredBy(levels: readonly IgnoreLevel[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const rel = toPosix(relative(level.dir, path));
    if (rel === '' || rel.startsWith('..')) {
      continue;
    }
    const verdict = level.rules.test(isDirectory ? `${rel}/` : rel);
    if (verdict.ignored) {
      ignored = true;
    } else if (verdict.unignored) {
      ignored = false;
    }
  }
  return ignored;
}

/**
 * The .gitignore levels that apply inside `dir`: those of `dir` and its ancestors up to the
 * repository root (a `leakguard src/` run still honours the root's .gitignore). Outside a
 * repository, those from `cwd` down (`dir` is always inside `cwd`).
 */
function getAncestorLevels(dir: string, cwd: string): IgnoreLevel[] {
  const root = findRepositoryRoot(dir) ?? cwd;
  const chain: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    chain.unshift(current);
    if (current === root || dirname(current) === current) {
      break;
    }
  }
  const levels: IgnoreLevel[] = [];
  for (const current of chain) {
    const rules = readGitignore(current);
    if (rules) {
      levels.push({ dir: current, rules });
    }
  }
  return levels;
}

/** Where the walk is: the .gitignore levels in force and the command line's own patterns. */
interface WalkContext {
  levels: IgnoreLevel[];
  /** `--ignore-pattern`s, relative to the current directory; they have the last word. */
  extra: IgnoreLevel | null;
}

function isSkipped(context: WalkContext, path: string, isDirectory: boolean): boolean {
  return (
    isIgnoredBy(context.levels, path, isDirectory) ||
    (context.extra !== null && isIgnoredBy([context.extra], path, isDirectory))
  );
}

/** What a walk found: the files to lint, and those left out for their size. */
export interface CollectedFiles {
  files: string[];
  tooLarge: string[];
}

function isTooLarge(path: string): boolean {
  try {
    return statSync(path).size > maxWalkedFileBytes;
  } catch {
    return false;
  }
}

function collectUnder(dir: string, context: WalkContext, out: CollectedFiles): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // A directory that cannot be read (permissions, removed meanwhile) has nothing to lint.
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (skippedDirectoryNames.has(entry.name) || isSkipped(context, path, true)) {
        continue;
      }
      const own = readGitignore(path);
      collectUnder(path, own ? { ...context, levels: [...context.levels, { dir: path, rules: own }] } : context, out);
    } else if (entry.isFile() && isLintedFileName(entry.name) && !isSkipped(context, path, false)) {
      (isTooLarge(path) ? out.tooLarge : out.files).push(path);
    }
  }
}

/**
 * The files a `leakguard` run lints, as absolute paths, sorted and without duplicates.
 *
 * A directory is walked, skipping node_modules/, dist/, .git/, .yarn/, declaration and
 * minified files, files over {@link maxWalkedFileBytes}, and whatever the repository's
 * .gitignore files or `ignorePatterns` exclude. A file
 * named on the command line is linted when its extension is one the command lints, even if
 * .gitignore lists it: naming it is asking for it (lint-staged and editors pass files).
 * A path that does not exist, or lies outside `cwd`, is a usage error.
 */
export function collectFiles(paths: readonly string[], cwd: string, ignorePatterns: readonly string[]): CollectedFiles {
  const extra = ignorePatterns.length > 0 ? { dir: cwd, rules: ignore().add([...ignorePatterns]) } : null;
  const found = new Set<string>();
  const tooLarge = new Set<string>();
  for (const given of paths) {
    const path = resolve(cwd, given);
    const rel = relative(cwd, path);
    if (rel.startsWith('..') || resolve(cwd, rel) !== path) {
      throw new UsageError(`${given} is outside the current directory; run leakguard from a directory that contains it`);
    }
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`);
    }
    if (stats.isDirectory()) {
      const out: CollectedFiles = { files: [], tooLarge: [] };
      collectUnder(path, { levels: getAncestorLevels(path, cwd), extra }, out);
      out.files.forEach((file) => found.add(file));
      out.tooLarge.forEach((file) => tooLarge.add(file));
    } else if (isLintedFileName(path)) {
      found.add(path);
    }
  }
  return { files: [...found].sort(), tooLarge: [...tooLarge].filter((file) => !found.has(file)).sort() };
}

/**
 * A lookup of whether a file has a tsconfig.json in its directory or above, the first
 * thing typescript-eslint's project service looks for; answers are cached per directory.
 */
export function createTsconfigLookup(): (file: string) => boolean {
  const known = new Map<string, boolean>();
  const hasAbove = (dir: string): boolean => {
    const cached = known.get(dir);
    if (cached !== undefined) {
      return cached;
    }
    const parent = dirname(dir);
    const found = existsSync(join(dir, 'tsconfig.json')) || (parent !== dir && hasAbove(parent));
    known.set(dir, found);
    return found;
  };
  return (file) => hasAbove(dirname(file));
}
