import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The few file-system questions module resolution asks, answered once per lint of a file.
 *
 * Resolution probes many names that do not exist (`./db.ts`, `./db.tsx`, `./db/index.ts`, …).
 * A probe is a `stat`; a {@link FileProbe} remembers the answers while one file is linted, and
 * forgets them afterwards, so that a file created or deleted in the editor is seen on the next
 * keystroke without any watcher.
 */
export class FileProbe {
  private readonly stats = new Map<string, FileStat | null>();

  /** Size and modification time of a regular file, or `null` when there is none. */
  statFile(path: string): FileStat | null {
    const known = this.stats.get(path);
    if (known !== undefined) {
      return known?.isFile === true ? known : null;
    }
    const stat = statOf(path);
    this.stats.set(path, stat);
    return stat?.isFile === true ? stat : null;
  }

  /** Whether `path` is a directory. */
  isDirectory(path: string): boolean {
    let known = this.stats.get(path);
    if (known === undefined) {
      known = statOf(path);
      this.stats.set(path, known);
    }
    return known?.isFile === false;
  }
}

/** What a cache entry is checked against: a file's size and modification time. */
export interface FileStat {
  readonly isFile: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

function statOf(path: string): FileStat | null {
  try {
    const stat = statSync(path);
    if (!stat.isFile() && !stat.isDirectory()) {
      return null;
    }
    return { isFile: stat.isFile(), size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}

/** A file's text, or `null` when it cannot be read (removed between stat and read, no access). */
export function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const jsonCache = new Map<string, { readonly size: number; readonly mtimeMs: number; readonly value: unknown }>();

/**
 * A JSON (or JSONC: tsconfig files allow comments and trailing commas) file's value, or
 * `undefined` when it is missing or malformed. Kept for the process, keyed by path and
 * checked against size and modification time, so an edited `tsconfig.json` or
 * `package.json` is read again.
 */
export function readJson(path: string, probe: FileProbe): unknown {
  const stat = probe.statFile(path);
  if (!stat) {
    return undefined;
  }
  const cached = jsonCache.get(path);
  if (cached?.size === stat.size && cached.mtimeMs === stat.mtimeMs) {
    return cached.value;
  }
  const text = readText(path);
  let value: unknown;
  if (text !== null) {
    try {
      value = JSON.parse(stripJsonComments(text));
    } catch {
      value = undefined;
    }
  }
  jsonCache.set(path, { size: stat.size, mtimeMs: stat.mtimeMs, value });
  return value;
}

/**
 * Removes `//` and block comments and trailing commas outside strings, which is all
 * tsconfig's JSONC adds to JSON.
 */
export function stripJsonComments(text: string): string {
  return scanJson(scanJson(text, true), false);
}

const NON_SPACE = /\S/gu;

/** One string-aware pass: drops comments (`comments`) or trailing commas (not `comments`). */
function scanJson(text: string, comments: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      const start = i;
      i += 1;
      while (i < text.length && text[i] !== '"') {
        i += text[i] === '\\' ? 2 : 1;
      }
      i += 1;
      out += text.slice(start, i);
      continue;
    }
    if (comments && char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        i += 1;
      }
      continue;
    }
    if (comments && char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    if (!comments && char === ',') {
      NON_SPACE.lastIndex = i + 1;
      const next = NON_SPACE.exec(text)?.[0];
      if (next === '}' || next === ']') {
        i += 1;
        continue;
      }
    }
    out += char ?? '';
    i += 1;
  }
  return out;
}

/**
 * A directory with `.git` (a directory, or a file in a git worktree) ends every upward walk:
 * a config above the repository is not the project's.
 */
export function isRepositoryRoot(dir: string, probe: FileProbe): boolean {
  const marker = join(dir, '.git');
  return probe.isDirectory(marker) || probe.statFile(marker) !== null;
}

/** Whether `value` is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
