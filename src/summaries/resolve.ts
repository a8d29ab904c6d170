import { builtinModules } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { type FileProbe, isRecord, isRepositoryRoot, readJson, readText } from './files.js';
import { getPathMapping, mapSpecifier } from './tsconfig.js';
import { getWorkspacePackages } from './workspaces.js';

/** Extensions of files whose source can be parsed, in the order TypeScript tries them. */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** A `.js` specifier in TypeScript names the `.ts` file it compiles from (`./db.js` → `db.ts`). */
const TS_FOR_JS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
/** `exports` conditions tried in this order; `types` is left out (declarations have no bodies). */
const CONDITIONS = ['source', 'import', 'module', 'require', 'node', 'default'];
/** Build directories whose source sits in `src/` in an unbuilt workspace package. */
const BUILD_DIRECTORY = /^(?:\.\/)?(?:dist|lib|build|out)\//u;

const BUILTINS = new Set(builtinModules);

/** Where a resolved module came from, for the docs and the statistics. */
export type ResolutionKind = 'relative' | 'paths' | 'workspace' | 'package';

/** A specifier resolved to a source file. */
export interface Resolution {
  readonly path: string;
  readonly kind: ResolutionKind;
}

/** What resolution may not enter: the caller's list of packages whose calls it knows already. */
export interface ResolveOptions {
  readonly isSkippedPackage?: (name: string) => boolean;
}

/**
 * Resolves an import specifier written in `fromFile` to the source file it names, without
 * type information: a relative path; a tsconfig `paths` mapping or `baseUrl`; a package of the
 * monorepo's workspaces (its source, even when it is not built); a package in `node_modules`
 * whose entry point is JavaScript or TypeScript (not only declarations). `null` for Node's
 * builtins, declaration-only packages, and anything not found.
 */
export function resolveSpecifier(
  fromFile: string,
  specifier: string,
  probe: FileProbe,
  options: ResolveOptions = {},
): Resolution | null {
  const fromDir = dirname(fromFile);
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    const path = resolveFile(resolve(fromDir, specifier), probe);
    return path ? { path, kind: 'relative' } : null;
  }
  if (isAbsolute(specifier)) {
    const path = resolveFile(specifier, probe);
    return path ? { path, kind: 'relative' } : null;
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) {
    return null;
  }
  const mapping = getPathMapping(fromDir, probe);
  if (mapping) {
    for (const candidate of mapSpecifier(mapping, specifier)) {
      const path = resolveFile(candidate, probe);
      if (path) {
        return { path, kind: 'paths' };
      }
    }
  }
  const { name, subpath } = splitPackageSpecifier(specifier);
  if (name === null) {
    return null;
  }
  // A package of the linted monorepo is the project's own source, read even where a model
  // describes the package (a dialect of sequelize importing `@sequelize/core`'s logger).
  const workspaceDir = getWorkspacePackages(fromDir, probe).get(name);
  if (workspaceDir !== undefined) {
    const path = resolvePackage(workspaceDir, subpath, probe, true);
    return path ? { path, kind: 'workspace' } : null;
  }
  if (options.isSkippedPackage?.(name) === true) {
    return null;
  }
  if (mapping?.baseUrl) {
    const path = resolveFile(join(mapping.baseUrl, specifier), probe);
    if (path) {
      return { path, kind: 'paths' };
    }
  }
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const packageDir = join(dir, 'node_modules', name);
    if (probe.isDirectory(packageDir)) {
      const path = resolvePackage(packageDir, subpath, probe, false);
      return path ? { path, kind: 'package' } : null;
    }
    if (dirname(dir) === dir) {
      return null;
    }
  }
}

/**
 * The name of the package whose entry point `path` is, when a module asks for itself (the
 * `this` of a driver's own exported function): the nearest `package.json` with a name,
 * whose root entry is `path` or only re-exports it (`module.exports = require('./lib/x.js')`).
 */
export function getPackageEntryName(path: string, probe: FileProbe): string | null {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifest = readJson(join(dir, 'package.json'), probe);
    const name = isRecord(manifest) ? manifest['name'] : undefined;
    if (typeof name === 'string') {
      const entry = resolvePackage(dir, '.', probe, false);
      if (entry === path) {
        return name;
      }
      const reexported = entry === null ? null : ENTRY_REEXPORT.exec(readText(entry) ?? '')?.[2];
      return reexported !== undefined && reexported !== null && resolveFile(resolve(dirname(entry as string), reexported), probe) === path ? name : null;
    }
    if (dirname(dir) === dir || isRepositoryRoot(dir, probe) || basename(dir) === 'node_modules') {
      return null;
    }
  }
}

/** An entry point that hands on another module: a line `module.exports = require('./…')`. */
const ENTRY_REEXPORT = /^\s*module\.exports\s*=\s*require\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)\s*;?\s*$/mu;

/** `@scope/name/sub/path` → `{ name: '@scope/name', subpath: './sub/path' }`. */
export function splitPackageSpecifier(specifier: string): { name: string | null; subpath: string } {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((part) => part === '')) {
    return { name: null, subpath: '.' };
  }
  const rest = parts.slice(count).join('/');
  return { name: parts.slice(0, count).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}

/** A path as TypeScript and Node resolve a file: as written, with an extension, or a directory's index. */
export function resolveFile(base: string, probe: FileProbe): string | null {
  const extension = /\.[cm]?[jt]sx?$/u.exec(base)?.[0];
  if (extension !== undefined) {
    const stem = base.slice(0, -extension.length);
    for (const ts of TS_FOR_JS[extension] ?? []) {
      if (probe.statFile(stem + ts)) {
        return stem + ts;
      }
    }
    if (isSource(base) && probe.statFile(base)) {
      return base;
    }
  }
  for (const ext of SOURCE_EXTENSIONS) {
    if (probe.statFile(base + ext)) {
      return base + ext;
    }
  }
  if (probe.isDirectory(base)) {
    const manifest = readJson(join(base, 'package.json'), probe);
    const main = isRecord(manifest) && typeof manifest['main'] === 'string' ? manifest['main'] : null;
    const fromMain = main === null ? null : resolveFile(join(base, main), probe);
    if (fromMain) {
      return fromMain;
    }
    for (const ext of SOURCE_EXTENSIONS) {
      const index = join(base, `index${ext}`);
      if (probe.statFile(index)) {
        return index;
      }
    }
  }
  return null;
}

function resolveIndex(dir: string, probe: FileProbe): string | null {
  for (const ext of SOURCE_EXTENSIONS) {
    if (probe.statFile(join(dir, `index${ext}`))) {
      return join(dir, `index${ext}`);
    }
  }
  return null;
}

/** Declaration files have no bodies to summarise. */
function isSource(path: string): boolean {
  return !/\.d\.[cm]?ts$/u.test(path) && SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/**
 * A package's file for a subpath: its `exports` map (conditions in {@link CONDITIONS} order),
 * else `source`/`module`/`main` for the root and the plain path for a subpath. A workspace
 * package that is not built yet (`main: dist/index.js` missing) is read from `src/`.
 */
function resolvePackage(dir: string, subpath: string, probe: FileProbe, workspace: boolean): string | null {
  const manifest = readJson(join(dir, 'package.json'), probe);
  const fields = isRecord(manifest) ? manifest : {};
  const targets: string[] = [];
  const exported = fields['exports'];
  if (exported !== undefined && exported !== null) {
    const target = matchExports(exported, subpath);
    if (target !== null) {
      targets.push(target);
    } else if (!workspace) {
      // Node refuses a subpath the exports map does not list.
      return null;
    }
  }
  if (subpath === '.') {
    for (const field of ['source', 'module', 'main']) {
      const value = fields[field];
      if (typeof value === 'string') {
        targets.push(value);
      }
    }
    targets.push('./index');
  } else {
    targets.push(subpath);
  }
  for (const target of targets) {
    const candidates = workspace && BUILD_DIRECTORY.test(target) ? [target, target.replace(BUILD_DIRECTORY, 'src/')] : [target];
    for (const candidate of candidates) {
      const path = resolveFile(join(dir, candidate), probe);
      if (path && isSource(path)) {
        return path;
      }
    }
  }
  return workspace ? resolveIndex(join(dir, 'src'), probe) : null;
}

/** The target an `exports` map gives a subpath, or `null`. */
export function matchExports(exported: unknown, subpath: string): string | null {
  if (typeof exported === 'string' || Array.isArray(exported)) {
    return subpath === '.' ? pickTarget(exported, '') : null;
  }
  if (!isRecord(exported)) {
    return null;
  }
  const keys = Object.keys(exported);
  if (!keys.some((key) => key.startsWith('.'))) {
    // A conditions object for the root: `{ import: …, require: … }`.
    return subpath === '.' ? pickTarget(exported, '') : null;
  }
  if (subpath in exported) {
    return pickTarget(exported[subpath], '');
  }
  let best: { key: string; captured: string } | null = null;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star === -1) {
      continue;
    }
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (
      subpath.startsWith(prefix) &&
      subpath.endsWith(suffix) &&
      subpath.length >= key.length - 1 &&
      (!best || prefix.length > best.key.indexOf('*'))
    ) {
      best = { key, captured: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best ? pickTarget(exported[best.key], best.captured) : null;
}

function pickTarget(target: unknown, captured: string): string | null {
  if (typeof target === 'string') {
    return target.replaceAll('*', captured);
  }
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = pickTarget(item, captured);
      if (picked !== null) {
        return picked;
      }
    }
    return null;
  }
  if (isRecord(target)) {
    for (const condition of CONDITIONS) {
      if (condition in target) {
        const picked = pickTarget(target[condition], captured);
        if (picked !== null && !/\.d\.[cm]?ts$/u.test(picked)) {
          return picked;
        }
      }
    }
  }
  return null;
}
