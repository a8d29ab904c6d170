import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type FileProbe, isRepositoryRoot, isRecord, readJson } from './files.js';

/** The part of a tsconfig that module resolution needs: `paths`, and where they are relative to. */
export interface PathMapping {
  /** The directory `paths` substitutions are relative to (`baseUrl`, else the config that set `paths`). */
  readonly pathsBase: string;
  /** `baseUrl`, when set: bare specifiers are also tried under it, as TypeScript does. */
  readonly baseUrl: string | null;
  readonly paths: readonly PathPattern[];
}

interface PathPattern {
  readonly prefix: string;
  /** `null` for an exact key without `*`. */
  readonly suffix: string | null;
  readonly substitutions: readonly string[];
}

/** How many `extends` links are followed: deeper chains are a configuration mistake or a cycle. */
const MAX_EXTENDS = 8;

/**
 * The path mapping of the tsconfig nearest to `fromDir` (the first `tsconfig.json` found
 * walking up), with `extends` followed; `null` when there is none or it maps nothing.
 *
 * Which tsconfig a file belongs to is decided by `include`/`files` in TypeScript; the nearest
 * one is what editors assume too, and is right for the usual one-config-per-package layout.
 */
export function getPathMapping(fromDir: string, probe: FileProbe): PathMapping | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const file = join(dir, 'tsconfig.json');
    if (probe.statFile(file)) {
      return readMapping(file, probe);
    }
    if (dirname(dir) === dir || isRepositoryRoot(dir, probe)) {
      return null;
    }
  }
}

function readMapping(file: string, probe: FileProbe): PathMapping | null {
  let baseUrl: string | null = null;
  let paths: Record<string, unknown> | null = null;
  let pathsDir: string | null = null;
  // The config itself first, then what it extends: the first setting found wins.
  const queue: string[] = [file];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_EXTENDS) {
    const current = queue.shift() ?? '';
    if (seen.has(current)) {
      continue;
    }
    seen.add(current);
    const config = readJson(current, probe);
    if (!isRecord(config)) {
      continue;
    }
    const options = isRecord(config['compilerOptions']) ? config['compilerOptions'] : {};
    if (baseUrl === null && typeof options['baseUrl'] === 'string') {
      baseUrl = resolve(dirname(current), options['baseUrl']);
    }
    if (paths === null && isRecord(options['paths'])) {
      paths = options['paths'];
      pathsDir = dirname(current);
    }
    const extended: unknown = config['extends'];
    const parents: unknown[] = typeof extended === 'string' ? [extended] : Array.isArray(extended) ? (extended as unknown[]) : [];
    // Depth first, later entries of an `extends` array before earlier ones: they override them.
    const parentFiles: string[] = [];
    for (const parent of [...parents].reverse()) {
      const parentFile = typeof parent === 'string' ? findExtended(dirname(current), parent, probe) : null;
      if (parentFile) {
        parentFiles.push(parentFile);
      }
    }
    queue.unshift(...parentFiles);
  }
  if (paths === null && baseUrl === null) {
    return null;
  }
  return {
    baseUrl,
    pathsBase: baseUrl ?? pathsDir ?? dirname(file),
    paths: paths === null ? [] : toPatterns(paths),
  };
}

/** `extends`: a relative or absolute path (`.json` optional), or a package's config file. */
function findExtended(fromDir: string, target: string, probe: FileProbe): string | null {
  const candidates =
    target.startsWith('.') || isAbsolute(target)
      ? [resolve(fromDir, target), resolve(fromDir, `${target}.json`), join(resolve(fromDir, target), 'tsconfig.json')]
      : findInNodeModules(fromDir, target, probe);
  return candidates.find((candidate) => probe.statFile(candidate)) ?? null;
}

function findInNodeModules(fromDir: string, target: string, probe: FileProbe): string[] {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const base = join(dir, 'node_modules', target);
    if (probe.statFile(base) || probe.statFile(`${base}.json`) || probe.isDirectory(base)) {
      return [base, `${base}.json`, join(base, 'tsconfig.json')];
    }
    if (dirname(dir) === dir) {
      return [];
    }
  }
}

function toPatterns(paths: Record<string, unknown>): PathPattern[] {
  const patterns: PathPattern[] = [];
  for (const [key, value] of Object.entries(paths)) {
    const substitutions = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    const star = key.indexOf('*');
    if (star === -1) {
      patterns.push({ prefix: key, suffix: null, substitutions });
    } else if (key.indexOf('*', star + 1) === -1) {
      patterns.push({ prefix: key.slice(0, star), suffix: key.slice(star + 1), substitutions });
    }
  }
  return patterns;
}

/**
 * The candidate paths `paths` maps a specifier to, in TypeScript's order: an exact key,
 * else the pattern with the longest prefix; each substitution with `*` replaced.
 */
export function mapSpecifier(mapping: PathMapping, specifier: string): string[] {
  const exact = mapping.paths.find((pattern) => pattern.suffix === null && pattern.prefix === specifier);
  let best: PathPattern | undefined = exact;
  let captured = '';
  if (!best) {
    for (const pattern of mapping.paths) {
      if (
        pattern.suffix !== null &&
        specifier.length >= pattern.prefix.length + pattern.suffix.length &&
        specifier.startsWith(pattern.prefix) &&
        specifier.endsWith(pattern.suffix) &&
        (!best || pattern.prefix.length > best.prefix.length)
      ) {
        best = pattern;
        captured = specifier.slice(pattern.prefix.length, specifier.length - pattern.suffix.length);
      }
    }
  }
  return best ? best.substitutions.map((substitution) => resolve(mapping.pathsBase, substitution.replace('*', captured))) : [];
}
