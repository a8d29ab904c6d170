import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { PackageTypeSpecifier } from './specifiers.js';

/**
 * What a type says about a table of specifiers:
 * - `match`: it (or a base type) is one of them;
 * - `other`: it is a known type and none of them;
 * - `unknown`: `any`, `unknown`, a type parameter or an unresolved import, which say nothing.
 */
export type TypeVerdict<T> = { readonly verdict: 'match'; readonly entry: T } | { readonly verdict: 'other' | 'unknown' };

const UNKNOWN = { verdict: 'unknown' } as const;
const OTHER = { verdict: 'other' } as const;

/** Base types looked through for a match: `class MyClient extends PoolClient`, express's Response. */
const MAX_BASE_DEPTH = 4;

/** How a value can be disposed, from the methods its type declares. */
export type Disposal = 'async' | 'sync';

/** One-entry tables for `matchesSpecifier`, kept so the per-type cache hits. */
const singleTables = new WeakMap<PackageTypeSpecifier, readonly { readonly type: PackageTypeSpecifier }[]>();

let typescriptModule: typeof ts | undefined;

/**
 * The `typescript` module, loaded only when a program exists: type information comes from
 * typescript-eslint's parser, so TypeScript is installed then, and syntax-only users never
 * need it.
 */
function getTypeScript(): typeof ts {
  typescriptModule ??= createRequire(import.meta.url)('typescript') as typeof ts;
  return typescriptModule;
}

/** The package a declaration file belongs to: `pg` for `node_modules/@types/pg/index.d.ts`. */
export function getPackageOfFile(fileName: string): string | null {
  const normalised = fileName.replace(/\\/g, '/');
  const index = normalised.lastIndexOf('/node_modules/');
  if (index < 0) {
    return null;
  }
  const parts = normalised.slice(index + '/node_modules/'.length).split('/');
  const [first, second] = parts;
  if (first === undefined) {
    return null;
  }
  if (first === '@types' && second !== undefined) {
    // `@types/scope__name` declares `@scope/name`.
    return second.includes('__') ? `@${second.replace('__', '/')}` : second;
  }
  return first.startsWith('@') && second !== undefined ? `${first}/${second}` : first;
}

/**
 * The `name` in the package.json at `path`: `undefined` when there is no such file, `null`
 * when it names nothing (or cannot be read as JSON).
 */
function readPackageName(path: string): string | null | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const { name } = JSON.parse(text) as { name?: unknown };
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

function asList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

/**
 * Answers the few type questions the rules ask, for one program, with every answer cached:
 * one oracle per `ts.Program`, shared by every rule and file linted against it.
 */
export class TypeOracle {
  private readonly ts = getTypeScript();
  private readonly packageOfFile = new Map<string, string | null>();
  /** The package a directory of the project's own files belongs to (see getOwnPackage). */
  private readonly packageOfDirectory = new Map<string, string | null>();
  private readonly matches = new WeakMap<ts.Type, Map<readonly object[], TypeVerdict<object>>>();
  private readonly disposals = new WeakMap<ts.Type, Disposal | null>();

  constructor(
    readonly program: ts.Program,
    readonly checker: ts.TypeChecker,
  ) {}

  /** The type of a node's value. */
  getType(node: ts.Node): ts.Type {
    return this.checker.getTypeAtLocation(node);
  }

  /** What a promise resolves to (the type itself when it is not a promise). */
  getAwaitedType(type: ts.Type): ts.Type {
    return this.checker.getAwaitedType(type) ?? type;
  }

  /**
   * The declared result types of what a callee can be called (or constructed) as, one per
   * signature. Generic results stay generic: a `T` says nothing, and is not resolved.
   */
  getDeclaredResults(callee: ts.Node, construct: boolean): ts.Type[] {
    const type = this.getDeclaredType(callee);
    const signatures = construct ? type.getConstructSignatures() : type.getCallSignatures();
    return signatures.map((signature) => this.checker.getReturnTypeOfSignature(signature));
  }

  /**
   * The declared type of a callee `f` or `x.m`, read from the symbols without control-flow
   * narrowing: narrowing a reference in a long function walks its flow graph, and callers
   * of this only look at declared results. Anything else gets its checked type.
   */
  private getDeclaredType(callee: ts.Node): ts.Type {
    const { ts: tsModule, checker } = this;
    const symbolType = (node: ts.Node): ts.Type | undefined => {
      let symbol = checker.getSymbolAtLocation(node);
      if (symbol && (symbol.flags & tsModule.SymbolFlags.Alias) !== 0) {
        symbol = checker.getAliasedSymbol(symbol);
      }
      return symbol ? checker.getTypeOfSymbol(symbol) : undefined;
    };
    if (tsModule.isIdentifier(callee)) {
      return symbolType(callee) ?? this.getType(callee);
    }
    if (tsModule.isPropertyAccessExpression(callee) && tsModule.isIdentifier(callee.expression)) {
      const receiver = symbolType(callee.expression);
      const property =
        receiver && !this.isUninformative(receiver)
          ? checker.getPropertyOfType(checker.getNonNullableType(receiver), callee.name.text)
          : undefined;
      if (property) {
        return checker.getTypeOfSymbol(property);
      }
    }
    return this.getType(callee);
  }

  /** Whether the type is a promise (or other thenable). */
  isThenable(type: ts.Type): boolean {
    return this.getAwaitedType(type) !== type;
  }

  /** Whether the type carries no information: `any`, `unknown`, a type parameter, an error. */
  isUninformative(type: ts.Type): boolean {
    const { TypeFlags } = this.ts;
    return (type.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.TypeParameter | TypeFlags.Never)) !== 0;
  }

  /**
   * Which entry of `table` a type matches. Nullish members of a union are ignored (`PoolClient
   * | undefined` is a pool client); the other members must agree.
   */
  classify<T extends { readonly type: PackageTypeSpecifier }>(type: ts.Type, table: readonly T[]): TypeVerdict<T> {
    let byTable = this.matches.get(type);
    const cached = byTable?.get(table);
    if (cached) {
      return cached as TypeVerdict<T>;
    }
    const result = this.classifyUncached(type, table);
    if (!byTable) {
      byTable = new Map();
      this.matches.set(type, byTable);
    }
    byTable.set(table, result);
    return result;
  }

  /** Whether the type matches a specifier. */
  matchesSpecifier(type: ts.Type, specifier: PackageTypeSpecifier): boolean {
    let table = singleTables.get(specifier);
    if (!table) {
      table = [{ type: specifier }];
      singleTables.set(specifier, table);
    }
    return this.classify(type, table).verdict === 'match';
  }

  /** `async` when the type has `[Symbol.asyncDispose]`, `sync` for `[Symbol.dispose]`, else `null`. */
  getDisposal(type: ts.Type): Disposal | null {
    if (this.disposals.has(type)) {
      return this.disposals.get(type) ?? null;
    }
    let result: Disposal | null = null;
    if (!this.isUninformative(type)) {
      for (const property of this.checker.getPropertiesOfType(this.checker.getNonNullableType(type))) {
        // Well-known symbols are keyed `__@dispose@<id>` / `__@asyncDispose@<id>`.
        const name = String(property.escapedName);
        if (name.startsWith('__@dispose@')) {
          result = 'sync';
          break;
        }
        if (name.startsWith('__@asyncDispose@')) {
          result = 'async';
        }
      }
    }
    this.disposals.set(type, result);
    return result;
  }

  /** Names of methods among `names` that values of the type have. */
  getMethods(type: ts.Type, names: readonly string[]): string[] {
    const nonNullable = this.checker.getNonNullableType(type);
    return names.filter((name) => this.checker.getPropertyOfType(nonNullable, name) !== undefined);
  }

  /** Whether every declaration of the symbol a node refers to is in `sourceFile`. */
  isDeclaredIn(node: ts.Node, sourceFile: ts.SourceFile): boolean {
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && (symbol.flags & this.ts.SymbolFlags.Alias) !== 0) {
      symbol = this.checker.getAliasedSymbol(symbol);
    }
    const declarations = symbol?.declarations ?? [];
    return declarations.length > 0 && declarations.every((declaration) => declaration.getSourceFile() === sourceFile);
  }

  /**
   * Where the function a callee name refers to is declared with a body, for summaries: the
   * file and the offset of the declaration's name. Follows import aliases, so re-exports,
   * `paths`, `exports` maps and declaration merging resolve as TypeScript resolves them, and
   * reaches methods of a declared class (`this.db.release(c)`). `null` for declarations
   * without a body (a `.d.ts`, an overload, an interface member) and the default library.
   */
  getBodyDeclaration(name: ts.Node): { readonly fileName: string; readonly nameStart: number } | null {
    let symbol = this.checker.getSymbolAtLocation(name);
    if (symbol && (symbol.flags & this.ts.SymbolFlags.Alias) !== 0) {
      symbol = this.checker.getAliasedSymbol(symbol);
    }
    const { ts: t } = this;
    for (const declaration of symbol?.declarations ?? []) {
      const sourceFile = declaration.getSourceFile();
      if (sourceFile.isDeclarationFile || this.program.isSourceFileDefaultLibrary(sourceFile)) {
        continue;
      }
      const hasBody =
        ((t.isFunctionDeclaration(declaration) || t.isMethodDeclaration(declaration)) && declaration.body !== undefined) ||
        ((t.isVariableDeclaration(declaration) || t.isPropertyDeclaration(declaration) || t.isPropertyAssignment(declaration)) &&
          declaration.initializer !== undefined &&
          (t.isArrowFunction(declaration.initializer) || t.isFunctionExpression(declaration.initializer)));
      const declared = declaration as ts.Declaration & { readonly name?: ts.Node };
      if (hasBody && declared.name) {
        return { fileName: sourceFile.fileName, nameStart: declared.name.getStart(sourceFile) };
      }
    }
    return null;
  }

  /** The package that declares the type's symbol, `null` for the program's own types. */
  getDeclaringPackage(type: ts.Type): string | null {
    const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
    return declaration ? this.getDeclarationPackage(declaration) : null;
  }

  /** A short name for the type, for messages. */
  getTypeName(type: ts.Type): string {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    return symbol ? symbol.getName() : this.checker.typeToString(type);
  }

  private classifyUncached<T extends { readonly type: PackageTypeSpecifier }>(
    type: ts.Type,
    table: readonly T[],
  ): TypeVerdict<T> {
    if (this.isUninformative(type)) {
      return UNKNOWN;
    }
    if (type.isUnion()) {
      const { TypeFlags } = this.ts;
      const members = type.types.filter(
        (member) => (member.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)) === 0,
      );
      const verdicts = members.map((member) => this.classify(member, table));
      const [first] = verdicts;
      if (!first || verdicts.some((verdict) => verdict.verdict === 'unknown')) {
        return UNKNOWN;
      }
      if (first.verdict === 'match' && verdicts.every((verdict) => verdict.verdict === 'match' && verdict.entry === first.entry)) {
        return first;
      }
      return verdicts.every((verdict) => verdict.verdict === 'other') ? OTHER : UNKNOWN;
    }
    if (type.isIntersection()) {
      for (const member of type.types) {
        const verdict = this.classify(member, table);
        if (verdict.verdict === 'match') {
          return verdict;
        }
      }
      return this.matchSymbols(type, table, 0) ?? OTHER;
    }
    return this.matchSymbols(type, table, 0) ?? OTHER;
  }

  /** Matches the type's alias and symbol, then its base types, nearest first. */
  private matchSymbols<T extends { readonly type: PackageTypeSpecifier }>(
    type: ts.Type,
    table: readonly T[],
    depth: number,
  ): TypeVerdict<T> | null {
    for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
      if (!symbol) {
        continue;
      }
      for (const entry of table) {
        if (this.symbolMatches(symbol, entry.type)) {
          return { verdict: 'match', entry };
        }
      }
    }
    if (depth >= MAX_BASE_DEPTH) {
      return null;
    }
    const target = (type as ts.TypeReference).target as ts.Type | undefined;
    const declared = target ?? type;
    if ((declared.flags & this.ts.TypeFlags.Object) === 0 || !declared.isClassOrInterface()) {
      return null;
    }
    for (const base of this.checker.getBaseTypes(declared)) {
      const found = this.matchSymbols(base, table, depth + 1);
      if (found) {
        return found;
      }
    }
    return null;
  }

  private symbolMatches(symbol: ts.Symbol, specifier: PackageTypeSpecifier): boolean {
    if (!asList(specifier.name).includes(symbol.getName())) {
      return false;
    }
    const packages = asList(specifier.package);
    return (symbol.declarations ?? []).some((declaration) => {
      const packageName = this.getDeclarationPackage(declaration) ?? this.getOwnPackage(declaration);
      return packageName !== null && packages.includes(packageName);
    });
  }

  /**
   * The package of the project that declares `declaration` itself, by the `name` of the
   * nearest package.json above its file: linting a library's own source (TypeORM's
   * `QueryRunner` in `src/query-runner/QueryRunner.ts`), its types are the package's types.
   * Only for matching a specifier; for everything else such a type is the program's own.
   */
  private getOwnPackage(declaration: ts.Declaration): string | null {
    const sourceFile = declaration.getSourceFile();
    if (this.program.isSourceFileDefaultLibrary(sourceFile)) {
      return null;
    }
    const visited: string[] = [];
    let name: string | null;
    for (let directory = dirname(sourceFile.fileName); ; directory = dirname(directory)) {
      const cached = this.packageOfDirectory.get(directory);
      if (cached !== undefined) {
        name = cached;
        break;
      }
      visited.push(directory);
      const manifest = readPackageName(join(directory, 'package.json'));
      if (manifest !== undefined || dirname(directory) === directory) {
        name = manifest ?? null;
        break;
      }
    }
    for (const directory of visited) {
      this.packageOfDirectory.set(directory, name);
    }
    return name;
  }

  /**
   * The package a declaration comes from: the `node_modules` package of its file, else the
   * `declare module 'x'` around it (a project's own declarations for an untyped package).
   */
  private getDeclarationPackage(declaration: ts.Declaration): string | null {
    const { fileName } = declaration.getSourceFile();
    let packageName = this.packageOfFile.get(fileName);
    if (packageName === undefined) {
      packageName = getPackageOfFile(fileName);
      this.packageOfFile.set(fileName, packageName);
    }
    if (packageName !== null) {
      return packageName;
    }
    for (let node: ts.Node = declaration; !this.ts.isSourceFile(node); node = node.parent) {
      if (this.ts.isModuleDeclaration(node) && this.ts.isStringLiteral(node.name)) {
        return node.name.text;
      }
    }
    return null;
  }
}

const oracles = new WeakMap<ts.Program, TypeOracle>();

/** An oracle with the node map of the file being linted. */
export interface FileTypes {
  readonly oracle: TypeOracle;
  readonly services: ParserServicesWithTypeInformation;
  readonly sourceFile: ts.SourceFile;
  /** The TypeScript node of an ESTree node. */
  toTs(node: TSESTree.Node): ts.Node;
}

/**
 * The type oracle for the file being linted, or `undefined` when the parser gave no
 * program (syntax-only mode, a non-TypeScript parser, a file outside the project). Never
 * throws: every rule falls back to its syntax-only judgement then.
 */
export function getFileTypes(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileTypes | undefined {
  const services = context.sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  if (!program || !map) {
    return undefined;
  }
  try {
    const sourceFile = program.getSourceFile(context.physicalFilename) ?? program.getSourceFile(context.filename);
    if (!sourceFile) {
      return undefined;
    }
    let oracle = oracles.get(program);
    if (!oracle) {
      oracle = new TypeOracle(program, program.getTypeChecker());
      oracles.set(program, oracle);
    }
    return {
      oracle,
      services: services as ParserServicesWithTypeInformation,
      sourceFile,
      toTs: (node) => map.get(node),
    };
  } catch {
    return undefined;
  }
}

/**
 * With type information, where the function a call of the linted file runs is declared
 * (see TypeOracle.getBodyDeclaration); `undefined` without a program. Never throws: a
 * checker failure reads as "not known", and the syntax route stands.
 */
export function getCalleeDeclarationRoute(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): ((call: TSESTree.CallExpression) => { readonly fileName: string; readonly nameStart: number } | null) | undefined {
  const file = getFileTypes(context);
  if (!file) {
    return undefined;
  }
  return (call) => {
    try {
      const callee = skipTransparentWrappers(call.callee);
      const name = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee;
      return file.oracle.getBodyDeclaration(file.toTs(name));
    } catch {
      return null;
    }
  };
}
