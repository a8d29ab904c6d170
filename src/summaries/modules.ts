import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { analyze as analyzeScopes } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type * as TsParser from '@typescript-eslint/parser';
import type { FileProbe, FileStat } from './files.js';
import { readText } from './files.js';
import { recordParse, recordRequest } from './stats.js';
import { findTypeScriptVersion, lacksCompilerApi } from '../util/typescript-version.js';

/**
 * Another module, parsed for its function bodies: the AST with parents set, its scopes, and
 * every call in traversal order (what ESLint's traversal would hand a rule's collector).
 */
export interface ParsedModule {
  readonly path: string;
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly scopeManager: TSESLint.Scope.ScopeManager;
  readonly calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[];
}

/** What a module parse may cost. */
export const MODULE_LIMITS = {
  /** Larger files (bundles, generated clients) are not parsed; the call stays a use. */
  maxFileBytes: 256 * 1024,
  /** Parsed modules kept per parser for the process, least recently used dropped first. */
  cacheCapacity: 1000,
};

/** The shape of an ESLint parser: `parseForESLint` (typescript-eslint, Babel, Vue) or only `parse` (espree). */
interface ParserLike {
  readonly parseForESLint?: (text: string, options?: unknown) => { ast: unknown; scopeManager?: unknown; visitorKeys?: unknown };
  readonly parse?: (text: string, options?: unknown) => unknown;
}

/** The parse step of one linted file: its parser and parser options, applied to other modules. */
export interface ModuleParser {
  /** The cache partition: modules parsed by one parser are kept apart from another's. */
  readonly key: object;
  parse(path: string, text: string): { ast: TSESTree.Program; scopeManager: TSESLint.Scope.ScopeManager; visitorKeys: VisitorKeys | null } | null;
}

type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

let tsParserModule: typeof TsParser | null | undefined;

/**
 * typescript-eslint's parser, loaded the first time another module is read: beside
 * TypeScript 7 it throws on load ("does not support TS 7.0"), and a syntax-only run there
 * (the command on espree) must still load the plugin. `null` when it cannot be loaded:
 * modules are then read with the linted file's own parser only.
 */
function getTsParser(): typeof TsParser | null {
  if (tsParserModule === undefined) {
    tsParserModule = null;
    if (!lacksCompilerApi(findTypeScriptVersion())) {
      try {
        tsParserModule = createRequire(import.meta.url)('@typescript-eslint/parser') as typeof TsParser;
      } catch {
        // Not installed, or it failed to load: modules are read with the file's own parser.
      }
    }
  }
  return tsParserModule;
}

/** Parser options without those that build a TypeScript program (`project`, `projectService`, …). */
function withoutProject(options: Record<string, unknown>): Record<string, unknown> {
  const parser = getTsParser();
  if (parser) {
    return parser.withoutProjectParserOptions(options);
  }
  const programKeys = new Set(['project', 'projectService', 'programs', 'EXPERIMENTAL_useProjectService']);
  return Object.fromEntries(Object.entries(options).filter(([key]) => !programKeys.has(key)));
}

/** The language options a rule sees (`context.languageOptions`); hosts without a parser leave it out. */
export interface LanguageOptionsLike {
  readonly parser?: unknown;
  readonly parserOptions?: unknown;
  readonly ecmaVersion?: unknown;
  readonly sourceType?: unknown;
}

/**
 * The parser other modules are read with: the linted file's own parser when it gives a scope
 * manager (`parseForESLint`: typescript-eslint, Babel), with type-aware options removed so no
 * TypeScript program is built for them; else (espree, which only `parse`s) typescript-eslint's
 * parser, which reads all of JavaScript and gives scopes, or, where it is not installed, the
 * file's own parser with scopes analysed here ({@link parseWithScopes}). `null` when the host
 * gives no parser (oxlint): the rules then see same-file functions only.
 */
export function getModuleParser(languageOptions: LanguageOptionsLike | undefined): ModuleParser | null {
  const parser = languageOptions?.parser as ParserLike | undefined;
  if (!parser || (typeof parser !== 'object' && typeof parser !== 'function')) {
    return null;
  }
  const own = typeof languageOptions?.parserOptions === 'object' && languageOptions.parserOptions !== null ? languageOptions.parserOptions : {};
  const base = withoutProject(own as Record<string, unknown>);
  const ecmaVersion = languageOptions?.ecmaVersion ?? base['ecmaVersion'] ?? 'latest';
  const parseForESLint = parser.parseForESLint;
  return {
    key: parser,
    parse(path, text) {
      const sourceType = /\.c[jt]s$/u.test(path) || languageOptions?.sourceType === 'commonjs' ? 'script' : 'module';
      const options = { ...base, ecmaVersion, sourceType, filePath: path, range: true, loc: true, tokens: false, comment: false };
      const result =
        typeof parseForESLint === 'function' ? parseForESLint.call(parser, text, options) : fallbackParse(path, text, options);
      const withScopes = result?.scopeManager ? result : (fallbackParse(path, text, options) ?? parseWithScopes(parser, path, text, options));
      if (!withScopes?.scopeManager) {
        return null;
      }
      return {
        ast: withScopes.ast as TSESTree.Program,
        scopeManager: withScopes.scopeManager as TSESLint.Scope.ScopeManager,
        visitorKeys: (withScopes.visitorKeys as VisitorKeys | undefined) ?? null,
      };
    },
  };
}

/**
 * A JavaScript module read with a parser that only `parse`s (espree) where typescript-eslint's
 * parser, an optional peer dependency, is not installed: that parser's own AST, with scopes
 * from @typescript-eslint/scope-manager, which analyses any ESTree program and needs no
 * `typescript`. `null` for TypeScript files, which such a parser does not read.
 */
export function parseWithScopes(
  parser: object,
  path: string,
  text: string,
  options: Record<string, unknown>,
): { ast: unknown; scopeManager: unknown; visitorKeys: unknown } | null {
  const { parse } = parser as ParserLike;
  if (typeof parse !== 'function' || !/\.[cm]?jsx?$/u.test(path)) {
    return null;
  }
  const given = options['ecmaFeatures'];
  const features: { jsx?: unknown } = typeof given === 'object' && given !== null ? given : {};
  const ast = parse.call(parser, text, {
    ...options,
    ecmaFeatures: { ...features, jsx: path.endsWith('.jsx') || features.jsx === true },
  }) as TSESTree.Program;
  const sourceType = options['sourceType'] === 'script' ? 'script' : 'module';
  return { ast, scopeManager: analyzeScopes(ast, { sourceType }), visitorKeys: (parser as { VisitorKeys?: unknown }).VisitorKeys ?? null };
}

function fallbackParse(
  path: string,
  text: string,
  options: Record<string, unknown>,
): { ast: unknown; scopeManager?: unknown; visitorKeys?: unknown } | null {
  const tsParser = getTsParser();
  if (!tsParser) {
    return null;
  }
  const given = options['ecmaFeatures'];
  const features: { jsx?: unknown } = typeof given === 'object' && given !== null ? given : {};
  return tsParser.parseForESLint(text, {
    ...options,
    ecmaFeatures: { ...features, jsx: path.endsWith('.jsx') || features.jsx === true },
  });
}

interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  /** `null` when the file did not parse: not tried again until it changes. */
  readonly module: ParsedModule | null;
}

const caches = new WeakMap<object, Map<string, CacheEntry>>();

/** Why a module could not be had, for the debug channel. */
export type ModuleFailure = 'missing' | 'too-large' | 'parse-error';

/**
 * A module parsed with `parser`, from the process-wide cache when the file is unchanged.
 * The file is checked on every lint of an importer (size and modification time, then a
 * content hash when those differ), so an edit saved in the editor is seen on the next lint.
 */
export function getParsedModule(
  path: string,
  parser: ModuleParser,
  probe: FileProbe,
  mayParse: () => boolean,
): ParsedModule | ModuleFailure | 'budget' {
  recordRequest();
  const stat = probe.statFile(path);
  if (!stat) {
    return 'missing';
  }
  if (stat.size > MODULE_LIMITS.maxFileBytes) {
    return 'too-large';
  }
  let cache = caches.get(parser.key);
  if (!cache) {
    cache = new Map();
    caches.set(parser.key, cache);
  }
  const cached = cache.get(path);
  if (cached && isSameStat(cached, stat)) {
    return touch(cache, path, cached, true);
  }
  const text = readText(path);
  if (text === null) {
    return 'missing';
  }
  const hash = createHash('sha1').update(text).digest('hex');
  if (cached?.hash === hash) {
    // Touched, not changed (a checkout, a save without edits): keep the parse.
    return touch(cache, path, { ...cached, size: stat.size, mtimeMs: stat.mtimeMs }, true);
  }
  if (!mayParse()) {
    return 'budget';
  }
  const module = parseModule(path, text, parser);
  return touch(cache, path, { size: stat.size, mtimeMs: stat.mtimeMs, hash, module }, false);
}

function isSameStat(entry: CacheEntry, stat: FileStat): boolean {
  return entry.size === stat.size && entry.mtimeMs === stat.mtimeMs;
}

function touch(cache: Map<string, CacheEntry>, path: string, entry: CacheEntry, hit: boolean): ParsedModule | 'parse-error' {
  cache.delete(path);
  cache.set(path, entry);
  if (cache.size > MODULE_LIMITS.cacheCapacity) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) {
      cache.delete(oldest.value);
    }
  }
  if (hit) {
    recordParse(null);
  }
  return entry.module ?? 'parse-error';
}

function parseModule(path: string, text: string, parser: ModuleParser): ParsedModule | null {
  const started = performance.now();
  let module: ParsedModule | null = null;
  try {
    const parsed = parser.parse(path, text);
    if (parsed) {
      module = { path, text, ast: parsed.ast, scopeManager: parsed.scopeManager, calls: linkParents(parsed.ast, parsed.visitorKeys) };
    }
  } catch {
    // A syntax error in another module is that module's linting's business.
    module = null;
  }
  recordParse({ ms: performance.now() - started, bytes: text.length });
  return module;
}

/**
 * Sets `parent` on every node (parsers leave that to ESLint's traversal, and the analysis
 * climbs parents) and lists the calls and `new` expressions in traversal order. Iterative:
 * a deeply nested module cannot overflow the stack.
 */
function linkParents(ast: TSESTree.Program, visitorKeys: VisitorKeys | null): (TSESTree.CallExpression | TSESTree.NewExpression)[] {
  const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  const stack: { node: TSESTree.Node; parent: TSESTree.Node | undefined }[] = [{ node: ast, parent: undefined }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() ?? { node: ast, parent: undefined };
    if (parent) {
      (node as { parent?: TSESTree.Node }).parent = parent;
    }
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
      calls.push(node);
    }
    const children: TSESTree.Node[] = [];
    for (const key of visitorKeys?.[node.type] ?? genericKeys(node)) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) {
          if (isNode(item)) {
            children.push(item);
          }
        }
      } else if (isNode(value)) {
        children.push(value);
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index];
      if (child) {
        stack.push({ node: child, parent: node });
      }
    }
  }
  return calls;
}

function genericKeys(node: TSESTree.Node): string[] {
  return Object.keys(node).filter((key) => key !== 'parent' && key !== 'loc' && key !== 'range' && key !== 'tokens' && key !== 'comments');
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
