import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/**
 * With `--cache --type-aware`: which files the project service turned down last time.
 *
 * A file below a tsconfig.json that no tsconfig includes is first tried with the project
 * service (which builds or updates a program for it), turned down, and linted again on
 * syntax alone. ESLint's cache does not keep a result that failed to parse, so without
 * this memory every run would pay that attempt again for every such file. The memory sits
 * beside the cache; an entry holds the nearest tsconfig.json's path, size and modification
 * time, so editing that tsconfig (to include the file, say) makes the file be tried again.
 */
export interface OutsideProjectMemory {
  /** Whether the file was turned down last time and its tsconfig has not changed since. */
  isKnownOutside(file: string): boolean;
  /** Records this run's verdicts for the files tried with types. */
  update(tried: readonly string[], rejected: ReadonlySet<string>): void;
  save(): void;
}

function findNearestTsconfig(file: string): string | null {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) {
      return candidate;
    }
    if (dirname(dir) === dir) {
      return null;
    }
  }
}

function signatureOf(file: string): string | null {
  const tsconfig = findNearestTsconfig(file);
  if (tsconfig === null) {
    return null;
  }
  try {
    const stats = statSync(tsconfig);
    return `${tsconfig}:${String(stats.size)}:${String(stats.mtimeMs)}`;
  } catch {
    return null;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where the memory lives: in the cache folder (a location ending in a separator or an
 * existing folder, as ESLint reads it), or beside the cache file.
 */
export function getOutsideMemoryPath(cacheLocation: string): string {
  return cacheLocation.endsWith(sep) || isFolder(cacheLocation)
    ? join(cacheLocation, 'outside-project.json')
    : `${cacheLocation}.outside-project.json`;
}

/** Reads the memory (an unreadable or malformed one is empty). */
export function loadOutsideProjectMemory(path: string): OutsideProjectMemory {
  const entries = new Map<string, string>();
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { files?: Record<string, string> };
    Object.entries(parsed.files ?? {}).forEach(([file, signature]) => entries.set(file, signature));
  } catch {
    // First run, or a damaged file: remember nothing.
  }
  return {
    isKnownOutside: (file) => {
      const remembered = entries.get(file);
      return remembered !== undefined && remembered === signatureOf(file);
    },
    update: (tried, rejected) => {
      for (const file of tried) {
        const signature = rejected.has(file) ? signatureOf(file) : null;
        if (signature === null) {
          entries.delete(file);
        } else {
          entries.set(file, signature);
        }
      }
    },
    save: () => {
      // Files deleted since are forgotten, so the memory does not grow without end.
      for (const file of [...entries.keys()].filter((known) => !existsSync(known))) {
        entries.delete(file);
      }
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, `${JSON.stringify({ files: Object.fromEntries(entries) }, null, 1)}\n`);
      } catch {
        // Only a saving of time is lost.
      }
    },
  };
}
