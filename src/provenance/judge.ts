import { builtinModules } from 'node:module';
import { performance } from 'node:perf_hooks';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName } from '../flow/syntax.js';
import type { AcquireSpec, ResourceModel } from '../models/index.js';
import { compilePattern } from '../util/patterns.js';
import { NON_POOL_CONSTRUCTORS, NON_POOL_FACTORIES, NON_POOL_PACKAGES } from './non-pools.js';
import { splitPackageSpecifier } from '../summaries/resolve.js';
import { receiverTypes } from '../types/specifiers.js';
import { recordProvenanceQuery } from './stats.js';
import type { ParsedModule } from '../summaries/modules.js';
import { getImportBinding } from '../util/imports.js';
import { getWriteReferences } from '../util/references.js';
import { skipAwaitAndWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import { findClassFieldValues, findEnclosingClass, findInstanceMethod } from './classes.js';
import type { Origin, Place, Tracer } from './trace.js';

type Variable = TSESLint.Scope.Variable;

/**
 * What the provenance of a receiver says about it for one model, strongest first:
 * - `strong`: it is made by the model's constructor or factory (`new pg.Pool()` in `./db`,
 *   a class extending `pg.Pool`, `new this.lib.Client()` with `lib` given `require('pg')`);
 * - `weak`: it is known only by a name the model gives its receivers (`db.$pool`,
 *   `app.locals.pool`), which still needs the result's use as the resource;
 * - `not`: every place it comes from makes something else (`new Map()`, a socket, an HTTP
 *   client, a literal), so it is no receiver of the model, whatever its name.
 */
export interface Verdict {
  readonly evidence: 'strong' | 'weak' | 'not';
  /** What decided, for the debug channel and tests: `new Pool() from pg`, `name $pool`, `new Map()`. */
  readonly because: string;
}

type Classification = Verdict | null;

/**
 * Answers "what is this receiver" from where its value comes from, lazily: only receivers
 * of acquiring method names are asked about, and each receiver is traced once per file.
 */
export class ReceiverProvenance {
  private readonly origins = new Map<TSESTree.Node, Origin[]>();

  constructor(private readonly tracer: Tracer) {}

  /** The verdict for `receiver` as a receiver of `spec` in `model`; `null` when provenance has no opinion. */
  judge(receiver: TSESTree.Node, model: ResourceModel, spec: AcquireSpec): Verdict | null {
    const origins = this.getOrigins(receiver);
    if (origins.length === 0) {
      return null;
    }
    let weak: Verdict | null = null;
    let not: Verdict | null = null;
    let undecided = false;
    for (const origin of origins) {
      const verdict = this.classify(origin, model, spec);
      if (verdict?.evidence === 'strong') {
        return verdict;
      }
      if (verdict?.evidence === 'weak') {
        weak ??= verdict;
      } else if (verdict?.evidence === 'not') {
        not ??= verdict;
      } else {
        undecided = true;
      }
    }
    if (weak) {
      return weak;
    }
    // Something else on every path: no receiver. A path that is not known leaves it open.
    return not && !undecided ? not : null;
  }

  /**
   * The method a call runs on an instance of a project class in view: `db.getConnection()`
   * with `db = new RDSClient()` (the class in this file or an imported module, the instance
   * in a variable or a field), looked up in the class and its superclasses in view. `null`
   * unless every place the receiver comes from is `new` of that one class.
   */
  instanceMethod(call: TSESTree.CallExpression): InstanceMethod | null {
    const callee = skipTransparentWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const object = skipTransparentWrappers(callee.object);
    const name = getPropertyName(callee);
    // Cheap first: only a receiver the file shows written with `new` somewhere is traced.
    if (name === null || !isWrittenWithNew(object, this.tracer.resolveLinted)) {
      return null;
    }
    const origins = this.getOrigins(object);
    let found: { classNode: ClassNode; place: Place } | null = null;
    for (const origin of origins) {
      if (origin.kind !== 'expression' || origin.node.type !== AST_NODE_TYPES.NewExpression) {
        return null;
      }
      const made = this.getMaker(origin.node.callee, origin.place);
      if (made.kind !== 'class' || (found && found.classNode !== made.node)) {
        return null;
      }
      found = { classNode: made.node, place: made.place };
    }
    return found ? this.findMethod(found.classNode, found.place, name, 0) : null;
  }

  private findMethod(classNode: ClassNode, place: Place, name: string, depth: number): InstanceMethod | null {
    const fn = findInstanceMethod(classNode, name);
    if (fn !== undefined) {
      return fn ? { fn, module: place.module } : null;
    }
    if (!classNode.superClass || depth >= MAX_CLASS_DEPTH) {
      return null;
    }
    const made = this.getMaker(classNode.superClass, place);
    return made.kind === 'class' ? this.findMethod(made.node, made.place, name, depth + 1) : null;
  }

  /** Where a receiver comes from (traced once per node). */
  getOrigins(receiver: TSESTree.Node): Origin[] {
    let origins = this.origins.get(receiver);
    if (!origins) {
      const started = performance.now();
      origins = this.tracer.trace(receiver);
      recordProvenanceQuery(performance.now() - started);
      this.origins.set(receiver, origins);
    }
    return origins;
  }

  private classify(origin: Origin, model: ResourceModel, spec: AcquireSpec): Classification {
    const receiverSpec = spec.receiver;
    if (!receiverSpec) {
      return null;
    }
    switch (origin.kind) {
      case 'package':
        if (origin.member === null || origin.member === 'default') {
          if (receiverSpec.namespace === true && model.packages.includes(origin.source)) {
            return { evidence: 'strong', because: `module ${origin.source}` };
          }
          return NON_POOL_PACKAGES.includes(origin.source) ? { evidence: 'not', because: `module ${origin.source}` } : null;
        }
        return null;
      case 'name':
        return matchesName(origin.name, receiverSpec.names, receiverSpec.exactNames) ? { evidence: 'weak', because: `name ${origin.name}` } : null;
      case 'expression':
        return this.classifyExpression(unwrapPromise(origin.node), origin.place, model, receiverSpec);
      case 'typed':
        return classifyType(origin.source, origin.name, model, receiverSpec);
    }
  }

  private classifyExpression(
    node: TSESTree.Node,
    place: Place,
    model: ResourceModel,
    receiverSpec: NonNullable<AcquireSpec['receiver']>,
  ): Classification {
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression: {
        const made = this.getMaker(node.callee, place);
        if (made.kind === 'export') {
          if (model.packages.includes(made.source) && (receiverSpec.constructors ?? []).includes(made.name)) {
            return { evidence: 'strong', because: `new ${made.name}() from ${made.source}` };
          }
          return NON_POOL_PACKAGES.includes(made.source) ? { evidence: 'not', because: `new ${made.name}() from ${made.source}` } : null;
        }
        if (made.kind === 'global') {
          return NON_POOL_CONSTRUCTORS.includes(made.name) ? { evidence: 'not', because: `new ${made.name}()` } : null;
        }
        if (made.kind === 'class') {
          // A project class that extends the driver's (`class AppPool extends pg.Pool`).
          return this.classifyClass(made.node, made.place, model, receiverSpec, 0);
        }
        return null;
      }
      case AST_NODE_TYPES.CallExpression: {
        const made = this.getMaker(node.callee, place);
        if (made.kind !== 'export') {
          return null;
        }
        if (model.packages.includes(made.source) && (receiverSpec.factories ?? []).includes(made.name)) {
          return { evidence: 'strong', because: `${made.name}() from ${made.source}` };
        }
        return NON_POOL_PACKAGES.includes(made.source) || NON_POOL_FACTORIES.includes(`${made.source}.${made.name}`)
          ? { evidence: 'not', because: `${made.name}() from ${made.source}` }
          : null;
      }
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return { evidence: 'not', because: node.type };
      case AST_NODE_TYPES.Literal:
        return { evidence: 'not', because: 'a literal' };
      default:
        return null;
    }
  }

  private classifyClass(
    classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
    place: Place,
    model: ResourceModel,
    receiverSpec: NonNullable<AcquireSpec['receiver']>,
    depth: number,
  ): Classification {
    if (!classNode.superClass || depth > 4) {
      return null;
    }
    const made = this.getMaker(classNode.superClass, place);
    if (made.kind === 'export' && model.packages.includes(made.source) && (receiverSpec.constructors ?? []).includes(made.name)) {
      return { evidence: 'strong', because: `a class extending ${made.name} from ${made.source}` };
    }
    if (made.kind === 'global' && NON_POOL_CONSTRUCTORS.includes(made.name)) {
      // `class Registry extends Map`: a collection with extra methods.
      return { evidence: 'not', because: `a class extending ${made.name}` };
    }
    return made.kind === 'class' ? this.classifyClass(made.node, made.place, model, receiverSpec, depth + 1) : null;
  }

  /** What a constructor or factory callee is: a package's export, a global, a class in view. */
  private getMaker(callee: TSESTree.Node, place: Place): Maker {
    for (const origin of this.tracer.trace(callee, place)) {
      if (origin.kind === 'package' && origin.member !== null) {
        return { kind: 'export', source: origin.source, name: origin.member };
      }
      if (origin.kind === 'name' && callee.type === AST_NODE_TYPES.Identifier) {
        return { kind: 'global', name: origin.name };
      }
      if (origin.kind === 'expression' && (origin.node.type === AST_NODE_TYPES.ClassDeclaration || origin.node.type === AST_NODE_TYPES.ClassExpression)) {
        return { kind: 'class', node: origin.node, place: origin.place };
      }
    }
    return { kind: 'unknown' };
  }
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Superclasses followed when a method of an instance is looked up. */
const MAX_CLASS_DEPTH = 8;

/** A method of a project class an instance call reaches: the function and the module it lives in (`null`: the linted file). */
export interface InstanceMethod {
  readonly fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
  readonly module: ParsedModule | null;
}

type Maker =
  | { readonly kind: 'export'; readonly source: string; readonly name: string }
  | { readonly kind: 'global'; readonly name: string }
  | { readonly kind: 'class'; readonly node: TSESTree.ClassDeclaration | TSESTree.ClassExpression; readonly place: Place }
  | { readonly kind: 'unknown' };

/**
 * A declared type: strong when it is the type of the model's receivers (the constructor's
 * class, or a receiver type the type-aware mode knows for the model), `not` when it is a
 * socket, an HTTP client or a collection.
 */
function classifyType(
  source: string | null,
  name: string,
  model: ResourceModel,
  receiverSpec: NonNullable<AcquireSpec['receiver']>,
): Classification {
  if (source === null) {
    return NON_POOL_CONSTRUCTORS.includes(name) ? { evidence: 'not', because: `type ${name}` } : null;
  }
  const packageName = splitPackageSpecifier(source).name ?? source;
  const fromModel = model.packages.includes(source) || model.packages.some((specifier) => splitPackageSpecifier(specifier).name === packageName);
  if (fromModel && (receiverSpec.constructors ?? []).includes(name)) {
    return { evidence: 'strong', because: `type ${name} from ${source}` };
  }
  const known = receiverTypes.some(
    (entry) =>
      (entry.model === model ||
        (entry.model.library === model.library && entry.model.kind === model.kind && entry.model.what === model.what)) &&
      toList(entry.type.package).includes(packageName) &&
      toList(entry.type.name).includes(name),
  );
  if (known) {
    return { evidence: 'strong', because: `type ${name} from ${source}` };
  }
  return NON_POOL_PACKAGES.includes(source) ? { evidence: 'not', because: `type ${name} from ${source}` } : null;
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function matchesName(name: string, names: readonly string[] | undefined, exactNames: readonly string[] | undefined): boolean {
  return exactNames?.includes(name) === true || (names ?? []).some((source) => compilePattern(source).test(name));
}

/**
 * Whether a receiver is a variable assigned `new …` somewhere, or a field of the enclosing
 * class (`this.db`) assigned or initialised with one: the only receivers worth tracing for
 * an instance's method.
 */
/** isWrittenWithNew's answer for a variable (it reads only the variable's import and writes). */
const writtenWithNew = new WeakMap<Variable, boolean>();

function isWrittenWithNew(node: TSESTree.Node, resolve: (identifier: TSESTree.Identifier) => Variable | null): boolean {
  const isNew = (value: TSESTree.Node | null | undefined): boolean => value != null && skipAwaitAndWrappers(value).type === AST_NODE_TYPES.NewExpression;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = resolve(node);
    if (!variable) {
      return false;
    }
    // Asked at every call on the variable; a holder re-acquired n times has n writes.
    let written = writtenWithNew.get(variable);
    if (written === undefined) {
      // An instance another module of the project exports (`export const logger = new
      // Logger()`): the trace reads that module; Node's built-in modules are never instances.
      const binding = getImportBinding(variable);
      written =
        (binding !== null && binding.imported !== '*' && !binding.source.startsWith('node:') && !builtinModules.includes(binding.source)) ||
        getWriteReferences(variable).some((reference) => isNew(reference.writeExpr));
      writtenWithNew.set(variable, written);
    }
    return written;
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const object = skipTransparentWrappers(node.object);
  const name = getPropertyName(node);
  const classNode = object.type === AST_NODE_TYPES.ThisExpression ? findEnclosingClass(object) : null;
  return name !== null && classNode !== null && findClassFieldValues(classNode, name).some(isNew);
}

/** mysql2: `createPool(config).promise()` is the same pool with promises. */
function unwrapPromise(node: TSESTree.Node): TSESTree.Node {
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    getPropertyName(node.callee) === 'promise'
  ) {
    return unwrapPromise(node.callee.object);
  }
  return node;
}
