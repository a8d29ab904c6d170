import { closeSync, constants, existsSync, openSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './args.js';
import {
  type GeneratedReason,
  getFixtureDirectoryReason,
  getFixtureFileReason,
  getGeneratedNameReason,
  getVendoredDirectoryReason,
  readGeneratedContentReason,
} from './generated.js';

/** The extensions the command lints: JavaScript and TypeScript, with and without JSX. */
export const lintedExtensions = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

const lintedExtensionSet = new Set<string>(lintedExtensions);

/**
 * Directories never walked into, whatever .gitignore says or `--include-generated` asks.
 * Vendored ones (`.yarn`, `vendor`, …) are skipped too, unless asked for (see generated.ts).
 */
const skippedDirectoryNames = new Set(['node_modules', 'dist', '.git']);

/** Declaration files hold no code to check. */
const skippedFileName = /\.d\.[cm]?ts$/u;

/**
 * Files above this size are generated or bundled code in practice, and parsing one takes
 * seconds; a walk skips them (and says how many), naming one on the command line lints it.
 */
export const maxWalkedFileBytes = 1024 * 1024;

/**
 * The largest file the command parses even when it is named: parsing and analysing takes
 * memory many times the file's size (a 20 MB file ran a default Node heap out of memory),
 * so a larger file is skipped with a note rather than taking the run down.
 */
export const maxNamedFileBytes = 8 * 1024 * 1024;

/**
 * A file-system error as one short phrase: the common codes in words, others by their
 * code. `path` is the path as the user gave it or as the walk found it.
 */
export function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `no such file or directory: ${path}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${path} cannot be read (${code})`;
    case 'ELOOP':
      return `${path} is a symbolic link that loops back on itself (ELOOP)`;
    case 'EEXIST':
      return `${path} already exists and is not a directory (EEXIST)`;
    case 'ENOTDIR':
      return `${path} has a file where a directory was expected (ENOTDIR)`;
    case 'EISDIR':
      return `${path} is a directory, not a file (EISDIR)`;
    default:
      return `${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

interface IgnoreLevel {
  /** The directory the rules are relative to. */
  dir: string;
  rules: Ignore;
}

function isLintedFileName(name: string): boolean {
  return lintedExtensionSet.has(extname(name)) && !skippedFileName.test(name);
}

/** A vendored directory on the way to a named file (`vendor/lib.js`, relative to the current directory). */
function getVendoredPathReason(rel: string): GeneratedReason | null {
  const directories = rel.split(sep).slice(0, -1);
  for (const name of directories) {
    const reason = getVendoredDirectoryReason(name);
    if (reason) {
      return reason;
    }
  }
  return null;
}

/**
 * Why a file to lint is vendored, generated or a transform fixture (its place below `root`,
 * its name, then its first bytes); `null` if it is not.
 */
function getFileReason(path: string, root: string): GeneratedReason | null {
  const name = basename(path);
  const directories = relative(root, dirname(path)).split(sep).filter((part) => part !== '' && part !== '..');
  return getFixtureFileReason(directories, name) ?? getGeneratedNameReason(name) ?? readGeneratedContentReason(path);
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
  /** `--include-generated`: vendored and generated code (and transform fixtures) is linted too. */
  includeGenerated: boolean;
  /**
   * The folder being walked: a file's place (`fixtures/x.input.ts`) is read below it, so
   * that naming a fixtures folder lints what is in it, as naming `vendor/` does.
   */
  root: string;
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
  /** Files that exist but cannot be read: each is reported as an error for that file. */
  unreadable: { file: string; reason: string }[];
  /** Directories that could not be walked: the run is not a clean one (exit 2). */
  problems: string[];
  /** Things skipped on purpose, each said once on stderr (a FIFO, a file over the limit). */
  notes: string[];
  /** Vendored and generated files and directories left out (see generated.ts), for `--verbose`. */
  generated: { path: string; reason: GeneratedReason }[];
}

function emptyCollection(): CollectedFiles {
  return { files: [], tooLarge: [], unreadable: [], problems: [], notes: [], generated: [] };
}

/** Why a file cannot be read, or null: checked before linting, where a failure would end the run. */
function checkReadable(path: string): string | null {
  try {
    closeSync(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
    return null;
  } catch (error) {
    return describeFsError(error, path);
  }
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
  } catch (error) {
    // Code in a directory that cannot be read is not checked: say so, and do not pass.
    out.problems.push(`cannot read directory: ${describeFsError(error, dir)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (skippedDirectoryNames.has(entry.name) || isSkipped(context, path, true)) {
        continue;
      }
      const vendored = context.includeGenerated ? null : (getVendoredDirectoryReason(entry.name) ?? getFixtureDirectoryReason(entry.name));
      if (vendored) {
        out.generated.push({ path, reason: vendored });
        continue;
      }
      const own = readGitignore(path);
      collectUnder(path, own ? { ...context, levels: [...context.levels, { dir: path, rules: own }] } : context, out);
    } else if (entry.isFile() && isLintedFileName(entry.name) && !isSkipped(context, path, false)) {
      if (isTooLarge(path)) {
        out.tooLarge.push(path);
        continue;
      }
      const generated = context.includeGenerated ? null : getFileReason(path, context.root);
      if (generated) {
        out.generated.push({ path, reason: generated });
        continue;
      }
      const reason = checkReadable(path);
      if (reason === null) {
        out.files.push(path);
      } else {
        out.unreadable.push({ file: path, reason });
      }
    }
  }
}

/** How files are chosen beyond the paths and `--ignore-pattern`s. */
export interface CollectOptions {
  /** Lint vendored and generated code too (`--include-generated`). */
  readonly includeGenerated?: boolean;
}

/**
 * The files a `leakguard` run lints, as absolute paths, sorted and without duplicates.
 *
 * A directory is walked, skipping node_modules/, dist/, .git/, declaration files, files
 * over {@link maxWalkedFileBytes}, and whatever the repository's .gitignore files or
 * `ignorePatterns` exclude; and, unless `includeGenerated`, vendored directories (.yarn/,
 * vendor/, …), minified, bundled, transpiled or generated files, and transform fixtures
 * (`__testfixtures__/`, `fixtures/*.input.ts`; src/cli/generated.ts), listed in
 * `generated`. A file
 * named on the command line is linted when its extension is one the command lints, even if
 * .gitignore lists it: naming it is asking for it (lint-staged and editors pass files);
 * vendored or generated, or over {@link maxNamedFileBytes}, it is skipped all the same
 * (lint-staged passes a rebuilt bundle as readily as a source file). A FIFO or device is
 * skipped with a note. An empty path, one that does not exist, loops (ELOOP) or lies
 * outside `cwd` is a usage error.
 */
export function collectFiles(
  paths: readonly string[],
  cwd: string,
  ignorePatterns: readonly string[],
  options: CollectOptions = {},
): CollectedFiles {
  const includeGenerated = options.includeGenerated === true;
  const extra = ignorePatterns.length > 0 ? { dir: cwd, rules: ignore().add([...ignorePatterns]) } : null;
  const out = emptyCollection();
  for (const given of paths) {
    if (given.trim() === '') {
      throw new UsageError("an empty path ('') names nothing to lint; give a file or directory, or no path for .");
    }
    const path = resolve(cwd, given);
    const rel = relative(cwd, path);
    if (rel.startsWith('..') || resolve(cwd, rel) !== path) {
      throw new UsageError(`${given} is outside the current directory; run leakguard from a directory that contains it`);
    }
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new UsageError(describeFsError(error, given));
    }
    if (stats.isDirectory()) {
      collectUnder(path, { levels: getAncestorLevels(path, cwd), extra, includeGenerated, root: path }, out);
    } else if (!stats.isFile()) {
      const what = stats.isFIFO() ? 'a FIFO' : stats.isSocket() ? 'a socket' : 'a device';
      out.notes.push(`skipped ${given}: ${what}, not a regular file`);
    } else if (isLintedFileName(path)) {
      if (stats.size > maxNamedFileBytes) {
        const mib = (stats.size / 1024 / 1024).toFixed(1);
        out.notes.push(
          `skipped ${given}: ${mib} MiB is over the ${String(maxNamedFileBytes / 1024 / 1024)} MiB the command parses (generated code?)`,
        );
        continue;
      }
      const generated = includeGenerated ? null : (getVendoredPathReason(rel) ?? getFileReason(path, cwd));
      if (generated) {
        out.generated.push({ path, reason: generated });
        continue;
      }
      const reason = checkReadable(path);
      if (reason === null) {
        out.files.push(path);
      } else {
        out.unreadable.push({ file: path, reason });
      }
    }
  }
  const files = [...new Set(out.files)].sort();
  const named = new Set(files);
  return {
    files,
    tooLarge: [...new Set(out.tooLarge)].filter((file) => !named.has(file)).sort(),
    unreadable: out.unreadable.filter((entry, index, all) => all.findIndex((other) => other.file === entry.file) === index),
    problems: [...new Set(out.problems)],
    notes: [...new Set(out.notes)],
    generated: out.generated.filter((entry, index, all) => all.findIndex((other) => other.path === entry.path) === index),
  };
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
