import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type FileProbe, isRepositoryRoot, isRecord, readJson, readText } from './files.js';

/** The packages of a monorepo, by name: `@acme/db` → its directory. */
export type WorkspacePackages = ReadonlyMap<string, string>;

/** How deep a `**` in a workspace pattern looks: monorepos nest packages two or three levels. */
const MAX_GLOB_DEPTH = 3;
/** Directories a workspace pattern never enters. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'build', 'coverage']);

const cache = new Map<string, { readonly key: string; readonly packages: WorkspacePackages }>();

/**
 * The workspace packages of the monorepo around `fromDir`: the nearest directory above it
 * whose `package.json` has `workspaces` (npm, yarn, bun) or that has a `pnpm-workspace.yaml`.
 * Empty when there is none. The package list is cached by the workspace root and the size
 * and modification time of the files that declare it.
 */
export function getWorkspacePackages(fromDir: string, probe: FileProbe): WorkspacePackages {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const patterns = getWorkspacePatterns(dir, probe);
    if (patterns) {
      return listPackages(dir, patterns, probe);
    }
    if (dirname(dir) === dir || isRepositoryRoot(dir, probe)) {
      return new Map();
    }
  }
}

function getWorkspacePatterns(dir: string, probe: FileProbe): string[] | null {
  const manifest = readJson(join(dir, 'package.json'), probe);
  if (isRecord(manifest)) {
    const workspaces = manifest['workspaces'];
    const list = isRecord(workspaces) ? workspaces['packages'] : workspaces;
    if (Array.isArray(list)) {
      return list.filter((item): item is string => typeof item === 'string');
    }
  }
  const pnpm = join(dir, 'pnpm-workspace.yaml');
  if (probe.statFile(pnpm)) {
    return parsePnpmWorkspace(readText(pnpm) ?? '');
  }
  return null;
}

/**
 * The `packages:` list of a pnpm-workspace.yaml, for the simple block form every pnpm
 * monorepo uses (`packages:` then `- 'glob'` lines). Flow style and anchors are not read.
 */
export function parsePnpmWorkspace(text: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.replace(/\s+#.*$/u, '');
    if (/^packages\s*:\s*$/u.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages || line.trim() === '') {
      continue;
    }
    const item = /^\s+-\s*(['"]?)(.*?)\1\s*$/u.exec(line);
    if (!item) {
      if (!/^\s/u.test(line)) {
        inPackages = false;
      }
      continue;
    }
    patterns.push(item[2] ?? '');
  }
  return patterns.filter((pattern) => pattern !== '');
}

function listPackages(root: string, patterns: readonly string[], probe: FileProbe): WorkspacePackages {
  const key = JSON.stringify(patterns);
  const cached = cache.get(root);
  if (cached?.key === key) {
    // A package added since is found on the next change to the workspace's declaration;
    // listing directories on every lint would cost more than it finds.
    return cached.packages;
  }
  const excluded = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const packages = new Map<string, string>();
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      continue;
    }
    for (const dir of expand(root, pattern.replace(/^\.\//u, '').replace(/\/$/u, '').split('/'), 0)) {
      const relative = dir.slice(root.length + 1);
      if (excluded.some((exclusion) => matches(exclusion.replace(/^\.\//u, '').split('/'), relative.split('/')))) {
        continue;
      }
      const manifest = readJson(join(dir, 'package.json'), probe);
      if (isRecord(manifest) && typeof manifest['name'] === 'string' && !packages.has(manifest['name'])) {
        packages.set(manifest['name'], dir);
      }
    }
  }
  cache.set(root, { key, packages });
  return packages;
}

/** The directories matching a pattern's segments (`*` one level, `**` up to {@link MAX_GLOB_DEPTH}). */
function expand(dir: string, segments: readonly string[], depth: number): string[] {
  const [first, ...rest] = segments;
  if (first === undefined) {
    return [dir];
  }
  if (first === '**') {
    const here = expand(dir, rest, depth);
    if (depth >= MAX_GLOB_DEPTH) {
      return here;
    }
    return [...here, ...subdirectories(dir).flatMap((sub) => expand(sub, segments, depth + 1))];
  }
  if (!first.includes('*')) {
    return expand(join(dir, first), rest, depth);
  }
  const pattern = segmentPattern(first);
  return subdirectories(dir)
    .filter((sub) => pattern.test(sub.slice(dir.length + 1)))
    .flatMap((sub) => expand(sub, rest, depth));
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.'))
      .map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}

function segmentPattern(segment: string): RegExp {
  const source = segment
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/gu, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${source}$`, 'u');
}

/** Whether a path's segments match a pattern's (for `!` exclusions). */
function matches(pattern: readonly string[], path: readonly string[]): boolean {
  const [first, ...rest] = pattern;
  if (first === undefined) {
    return path.length === 0;
  }
  if (first === '**') {
    return path.some((_, index) => matches(rest, path.slice(index))) || matches(rest, []);
  }
  const [head, ...tail] = path;
  return head !== undefined && segmentPattern(first).test(head) && matches(rest, tail);
}
