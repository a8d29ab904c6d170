import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { climbTransparentWrappers, isTransparentWrapper, skipTransparentWrappers } from '../util/wrappers.js';
import type { AcquireSpec, ResourceKind, ResourceModel } from '../models/index.js';
import { type Disposal, type FileTypes, getFileTypes, type TypeVerdict } from './oracle.js';
import { disposableNodeTypes, exemptDisposablePackages, receiverTypes, type ResourceType, resourceTypes } from './specifiers.js';

/** A model and the acquisition pattern a call matches, as the lifetime layer's `Match`. */
export interface TypedMatch {
  readonly model: ResourceModel;
  readonly spec: AcquireSpec;
}

/** A value that is a resource only because its type is disposable. */
export interface DisposableInfo {
  readonly disposal: Disposal;
  readonly typeName: string;
}

/**
 * Methods that release a disposable value when its type has them (besides
 * `[Symbol.dispose]()`), the verbs disposers wrap (graphile-worker's `Runner` disposes by
 * `stop()`); `move` hands a `DisposableStack`'s contents to a new stack. A longer list
 * only ever silences reports.
 */
const disposableReleaseMethods = [
  'close',
  'dispose',
  'destroy',
  'end',
  'release',
  'disconnect',
  'unlock',
  'stop',
  'shutdown',
  'terminate',
  'quit',
  'kill',
  'free',
  'move',
];

/** The kind of resource no-leaked-connection reports disposables under. */
const DISPOSABLE_KIND: ResourceKind = 'connection';

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/** Where a call's value goes, as far as recognition by type cares. */
type Position = 'variable' | 'discarded' | 'other';

function getPosition(call: CallLike): Position {
  let node: TSESTree.Node = call;
  while (node.parent.type === AST_NODE_TYPES.AwaitExpression || isTransparentWrapper(node.parent)) {
    node = node.parent;
  }
  const { parent } = node;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
    return 'variable';
  }
  if (
    parent.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.right === node &&
    parent.operator === '=' &&
    parent.left.type === AST_NODE_TYPES.Identifier
  ) {
    return 'variable';
  }
  return parent.type === AST_NODE_TYPES.ExpressionStatement ? 'discarded' : 'other';
}

/** Whether the call's value is awaited (through type assertions, `satisfies` and `!`). */
function isAwaited(call: CallLike): boolean {
  return climbTransparentWrappers(call).parent?.type === AST_NODE_TYPES.AwaitExpression;
}

/** Whether the model declares its types, so types may overrule its syntax evidence. */
function hasTypeData(model: ResourceModel): boolean {
  return model.types?.resource !== undefined || model.types?.receiver !== undefined;
}

/**
 * Type-aware recognition of acquisitions, for the lifetime analysis: declared types add
 * acquisitions the syntax cannot see (a pool client returned by a helper in another file,
 * a disposable value) and overrule name-based evidence a type contradicts. Built per file;
 * the type answers come from the per-program oracle.
 */
export class TypedResources {
  private readonly disposables = new WeakMap<TSESTree.Node, DisposableInfo>();

  constructor(private readonly file: FileTypes) {}

  /**
   * Whether `receiver.method(…)` is a method of a built-in collection (`Map`, `Set`,
   * `WeakMap`, `WeakSet`, arrays) declared by the default library, and `method` is one of
   * `methods[collection]`: it cannot throw on ordinary input, wherever the receiver came
   * from (`this.cache.get(id)`). Never throws; `false` when the type cannot tell.
   */
  isBuiltinCollectionCall(receiver: TSESTree.Node, method: string, methods: Readonly<Record<string, readonly string[]>>): boolean {
    try {
      const { oracle } = this.file;
      const type = oracle.getType(this.file.toTs(receiver));
      const symbol = type.getSymbol() ?? type.aliasSymbol;
      const name = symbol?.getName();
      const collection = name === 'ReadonlyArray' ? 'Array' : name === 'ReadonlyMap' ? 'Map' : name === 'ReadonlySet' ? 'Set' : name;
      if (collection === undefined || !Object.hasOwn(methods, collection) || !(methods[collection] ?? []).includes(method)) {
        return false;
      }
      const declarations = symbol?.getDeclarations() ?? [];
      return (
        declarations.length > 0 &&
        declarations.every((declaration) => oracle.program.isSourceFileDefaultLibrary(declaration.getSourceFile()))
      );
    } catch {
      return false;
    }
  }

  /**
   * Whether a call (or `new`) that no model names may still acquire by its type: its value
   * is kept in a variable or dropped, and its type is a resource or a disposable.
   */
  isCandidate(node: CallLike): boolean {
    const position = getPosition(node);
    // Resources from calls no model names come awaited (a helper's promise of a fresh
    // resource); so do the disposables this looks for, unless built with `new`. Asking
    // the type of every synchronous call would cost more than type-aware linting should.
    if (position === 'other' || (node.type === AST_NODE_TYPES.CallExpression && !isAwaited(node))) {
      return false;
    }
    try {
      // The callee's declared results, not the call's: resolving the call (overloads,
      // inference) is what costs, and most calls cannot return a resource at all.
      const { oracle } = this.file;
      const construct = node.type === AST_NODE_TYPES.NewExpression;
      return oracle.getDeclaredResults(this.file.toTs(node.callee), construct).some((result) => {
        const type = oracle.getAwaitedType(result);
        if (!construct && oracle.classify(type, resourceTypes).verdict === 'match') {
          return true;
        }
        return position === 'variable' && oracle.getDisposal(type) !== null;
      });
    } catch {
      return false;
    }
  }

  /**
   * The matches a call acquires by, after types had their say:
   * - a result typed as a modelled resource decides the model (and makes a call no model
   *   names an acquisition, when its result is awaited from a function in another file);
   * - a result (or, for `client.connect()` and callback styles, a receiver) of a known type
   *   that is not the model's drops the model's match: `socket.connect()`, `list.find()`;
   * - `any`, `unknown` and models the tables do not describe leave the syntax evidence alone;
   * - a value created here whose type is disposable is a resource of its own.
   */
  refine(
    call: CallLike,
    syntactic: readonly TypedMatch[],
    models: readonly ResourceModel[],
    kinds: ReadonlySet<ResourceKind>,
  ): TypedMatch[] {
    try {
      return this.refineUnsafe(call, syntactic, models, kinds);
    } catch {
      // A checker failure on odd input must not crash the lint: keep the syntax verdict.
      return [...syntactic];
    }
  }

  /** Set for sites that are resources because their type is disposable. */
  getDisposable(node: TSESTree.Node): DisposableInfo | undefined {
    return this.disposables.get(node);
  }

  private refineUnsafe(
    call: CallLike,
    syntactic: readonly TypedMatch[],
    models: readonly ResourceModel[],
    kinds: ReadonlySet<ResourceKind>,
  ): TypedMatch[] {
    const { oracle } = this.file;
    const rawType = oracle.getType(this.file.toTs(call));
    const type = oracle.getAwaitedType(rawType);
    const resource = call.type === AST_NODE_TYPES.CallExpression ? oracle.classify(type, resourceTypes) : null;
    if (resource?.verdict === 'match') {
      const { entry } = resource;
      if (!kinds.has(entry.model.kind)) {
        return [];
      }
      const model = models.find((candidate) => candidate === entry.model);
      if (!model) {
        return [...syntactic];
      }
      const agreeing = syntactic.filter((match) => match.model === model);
      if (agreeing.length > 0) {
        return agreeing;
      }
      const method = this.getMethodName(call);
      // The model's own acquiring method (`things.find()` on a mongodb Collection whose name
      // gives nothing away), or a helper's awaited promise of a fresh one.
      const named = model.acquire.some((spec) => spec.method === method);
      if (syntactic.length > 0 || named || this.isFreshAcquisition(call as TSESTree.CallExpression, entry, rawType)) {
        return [{ model, spec: { method, receiver: { any: true } } }];
      }
      return [];
    }
    const kept = syntactic.filter((match) => this.isConsistent(call, match, resource));
    if (kept.length > 0) {
      return kept;
    }
    const byReceiver = this.getReceiverMatches(call, models, kinds);
    if (byReceiver.length > 0 || !kinds.has(DISPOSABLE_KIND)) {
      return byReceiver;
    }
    return this.getDisposableMatches(call, type, kept);
  }

  /** Whether the call's receiver has a type the model never applies to (`Array`, `string`). */
  private isNotReceiver(call: CallLike, model: ResourceModel): boolean {
    const specifier = model.types?.notReceiver;
    const callee = skipTransparentWrappers(call.callee);
    if (!specifier || callee.type !== AST_NODE_TYPES.MemberExpression) {
      return false;
    }
    const type = this.file.oracle.getType(this.file.toTs(callee.object));
    // A primitive has no symbol of its own: `string` is matched as its wrapper `String`.
    const apparent = this.file.services.program.getTypeChecker().getApparentType(type);
    return this.file.oracle.matchesSpecifier(apparent, specifier);
  }

  /**
   * The model's own acquiring method on a receiver of the model's receiver type, whatever
   * the receiver is called: `p.acquire()` on a tarn `Pool`, a pool whose resources have no
   * type of their own. Acquisitions that need a telling argument are left to the syntax.
   */
  private getReceiverMatches(call: CallLike, models: readonly ResourceModel[], kinds: ReadonlySet<ResourceKind>): TypedMatch[] {
    const callee = skipTransparentWrappers(call.callee);
    if (call.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) {
      return [];
    }
    const method = this.getMethodName(call);
    const { oracle } = this.file;
    // Given a function, the call is the self-managing form (`knex.transaction(async (trx) => …)`).
    const isGivenFunction = (): boolean =>
      call.arguments.some(
        (argument) => isFunctionNode(argument) || oracle.getType(this.file.toTs(argument)).getCallSignatures().length > 0,
      );
    let receiverType: ts.Type | null = null;
    const matches: TypedMatch[] = [];
    for (const model of models) {
      const specifier = model.types?.receiver;
      const spec = model.acquire.find((candidate) => candidate.method === method && !candidate.construct && !candidate.argument);
      if (!specifier || !spec || !kinds.has(model.kind) || (!spec.callback && isGivenFunction())) {
        continue;
      }
      receiverType ??= oracle.getType(this.file.toTs(callee.object));
      if (oracle.matchesSpecifier(receiverType, specifier)) {
        matches.push({ model, spec });
      }
    }
    return matches;
  }

  /** Whether the types leave a syntactic match standing. */
  private isConsistent(call: CallLike, match: TypedMatch, resource: TypeVerdict<ResourceType> | null): boolean {
    if (this.isNotReceiver(call, match.model)) {
      return false;
    }
    if (!hasTypeData(match.model) || call.type !== AST_NODE_TYPES.CallExpression) {
      return true;
    }
    const last = call.arguments.at(-1);
    const byReceiver = match.spec.resource === 'receiver' || (last !== undefined && isFunctionNode(last));
    // A model that names no resource type (a pool of anything, tarn's pending operation)
    // is judged by its receiver alone.
    if (!byReceiver && match.model.types?.resource !== undefined && resource?.verdict === 'other') {
      return false;
    }
    const callee = skipTransparentWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return true;
    }
    const receiverType = this.file.oracle.getType(this.file.toTs(callee.object));
    const receiver = this.file.oracle.classify(receiverType, receiverTypes);
    if (receiver.verdict === 'match') {
      // Several models may share a receiver type (a knex instance begins transactions and
      // streams results): the model's own specifier decides.
      const own = match.model.types?.receiver;
      return own ? this.file.oracle.matchesSpecifier(receiverType, own) : receiver.entry.model === match.model;
    }
    return receiver.verdict === 'unknown';
  }

  /**
   * A call no model names acquires what it returns when the result is awaited (a helper's
   * promise of a fresh resource), the callee is declared in another file (same-file helpers
   * are judged by their bodies), and neither the receiver nor an argument is already such a
   * resource (`cursor.limit(5)` returns the same cursor; `wrap(client)` passes one through).
   */
  private isFreshAcquisition(call: TSESTree.CallExpression, entry: ResourceType, rawType: ts.Type): boolean {
    const { oracle } = this.file;
    if (!entry.fromWrappers || !oracle.isThenable(rawType)) {
      return false;
    }
    const callee = skipTransparentWrappers(call.callee);
    const nameNode = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee;
    if (oracle.isDeclaredIn(this.file.toTs(nameNode), this.file.sourceFile)) {
      return false;
    }
    const related = [...call.arguments, ...(callee.type === AST_NODE_TYPES.MemberExpression ? [callee.object] : [])];
    return !related.some((node) => {
      const verdict = oracle.classify(oracle.getAwaitedType(oracle.getType(this.file.toTs(node))), resourceTypes);
      return verdict.verdict === 'match' && verdict.entry.model.kind === entry.model.kind;
    });
  }

  /**
   * A value created here (`new Lock()`, `await fs.open(…)`) and kept in a variable, whose
   * type is disposable and no modelled resource or receiver, is a resource of its own. A
   * synchronous factory's result is not looked at (see `isCandidate`).
   */
  private getDisposableMatches(call: CallLike, type: ts.Type, kept: TypedMatch[]): TypedMatch[] {
    const { oracle } = this.file;
    const disposal = oracle.getDisposal(type);
    if (!disposal || getPosition(call) !== 'variable' || !this.isOwnedDisposableType(type)) {
      return kept;
    }
    const callee = skipTransparentWrappers(call.callee);
    if (call.type === AST_NODE_TYPES.CallExpression) {
      if (!isAwaited(call)) {
        return kept;
      }
      const nameNode = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee;
      if (oracle.isDeclaredIn(this.file.toTs(nameNode), this.file.sourceFile)) {
        return kept;
      }
      const related = [...call.arguments, ...(callee.type === AST_NODE_TYPES.MemberExpression ? [callee.object] : [])];
      if (related.some((node) => oracle.getDisposal(oracle.getAwaitedType(oracle.getType(this.file.toTs(node)))) !== null)) {
        // `stack.use(x)` and `handle.readableWebStream()`-style calls return what they were given, or a part of it.
        return kept;
      }
    }
    if (this.disposesExplicitly(call)) {
      return kept;
    }
    const typeName = oracle.getTypeName(type);
    this.disposables.set(call, { disposal, typeName });
    const model: ResourceModel = {
      library: 'disposable',
      packages: [],
      kind: DISPOSABLE_KIND,
      what: `disposable \`${typeName}\``,
      acquire: [],
      release: oracle.getMethods(type, disposableReleaseMethods),
      releaseIsAsync: disposal === 'async',
    };
    return [{ model, spec: { method: this.getMethodName(call), receiver: { any: true } } }];
  }

  /** Disposable types that are not another rule's resource, a receiver, or owned by the event loop. */
  private isOwnedDisposableType(type: ts.Type): boolean {
    const { oracle } = this.file;
    if (oracle.classify(type, resourceTypes).verdict !== 'other' || oracle.classify(type, receiverTypes).verdict !== 'other') {
      return false;
    }
    if (oracle.matchesSpecifier(type, disposableNodeTypes)) {
      return true;
    }
    const packageName = oracle.getDeclaringPackage(type);
    return packageName === null || !exemptDisposablePackages.includes(packageName);
  }

  /**
   * `x[Symbol.dispose]()` releases without a method name the analysis can follow; a function
   * that writes it is left alone rather than misread.
   */
  private disposesExplicitly(call: CallLike): boolean {
    let fn: TSESTree.Node | undefined = call.parent;
    while (fn && !isFunctionNode(fn)) {
      fn = fn.parent;
    }
    const text = fn ? this.file.sourceFile.text.slice(fn.range[0], fn.range[1]) : '';
    return /\[\s*Symbol\.(?:async)?[dD]ispose\s*\]/.test(text);
  }

  private getMethodName(call: CallLike): string {
    const callee = skipTransparentWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      return getPropertyName(callee) ?? '';
    }
    return callee.type === AST_NODE_TYPES.Identifier ? callee.name : '';
  }

}

/**
 * Type-aware recognition for the file being linted, or `undefined` without type
 * information (then the lifetime analysis runs on syntax alone).
 */
export function getTypedResources(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): TypedResources | undefined {
  const file = getFileTypes(context);
  return file ? new TypedResources(file) : undefined;
}
