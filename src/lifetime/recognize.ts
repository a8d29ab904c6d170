import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getAwaitedCall, getPropertyName, getTrailingName, isFunctionNode } from '../flow/syntax.js';
import type { AcquireSpec, ArgumentSpec, ResourceModel } from '../models/index.js';
import type { ReceiverProvenance } from '../provenance/index.js';
import type { FileFacts } from './facts.js';
import { isAwaitedValue, isInMemoryValue } from './in-memory.js';
import { compilePattern, getLiteralText, getThenCall } from './methods.js';
import { isTransparentWrapper, skipAwaitAndWrappers, skipListenerCalls, skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

/** A model and the acquisition pattern of it that a call matches. */
export interface Match {
  readonly model: ResourceModel;
  readonly spec: AcquireSpec;
}

/** How sure we are that a receiver is what a model says. */
type Evidence = 'strong' | 'weak' | null;

function nameMatches(name: string, sources: readonly string[]): boolean {
  return sources.some((source) => compilePattern(source).test(name));
}

/**
 * Indexes models by the method (or function) name that acquires; acquisitions by
 * construction under `new <Class>` (see `getCallName`).
 */
export function indexModels(models: readonly ResourceModel[]): Map<string, Match[]> {
  const index = new Map<string, Match[]>();
  for (const model of models) {
    for (const spec of model.acquire) {
      const key = spec.construct ? `new ${spec.method}` : spec.method;
      const list = index.get(key) ?? [];
      list.push({ model, spec });
      index.set(key, list);
    }
  }
  return index;
}

/**
 * The name a call is looked up by: the method of `x.m()`, the function of `f()`, or
 * `new C` for `new C(…)` and `new lib.C(…)`.
 */
export function getCallName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = skipTransparentWrappers(call.callee);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    const name = getTrailingName(callee);
    return name === null ? null : `new ${name}`;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    return getPropertyName(callee);
  }
  return callee.type === AST_NODE_TYPES.Identifier ? callee.name : null;
}

/**
 * The acquisition patterns a call may match, by its name; for `new X(…)` also the models
 * whose class is their package's default export, which a module names as it likes
 * (`const Redis = require('ioredis')`, `import Queue from 'bull'`).
 */
export function getCandidates(call: TSESTree.CallExpression | TSESTree.NewExpression, index: Map<string, Match[]>): Match[] | undefined {
  const name = getCallName(call);
  const named = name === null ? undefined : index.get(name);
  const byDefault =
    call.type === AST_NODE_TYPES.NewExpression
      ? name !== 'new default'
        ? index.get('new default')
        : undefined
      : name !== 'default' && isPlainCall(call)
        ? index.get('default')
        : undefined;
  return byDefault ? [...(named ?? []), ...byDefault] : named;
}

/** `f(…)`: a call of a name, which may be a package's default export imported under any name (`knex(config)`). */
export function isPlainCall(call: TSESTree.CallExpression): boolean {
  return skipTransparentWrappers(call.callee).type === AST_NODE_TYPES.Identifier;
}

/** How many links of a builder chain (`db('t').where(…).select()`) evidence is looked for on. */
const MAX_CHAIN_LINKS = 12;

/**
 * Recognises receivers from where they came from. Built per file from the `new` and
 * factory calls the rule saw, so `this.pool = new Pool()` in a constructor makes
 * `this.pool.connect()` in a method strong evidence; where that shows nothing, the
 * receiver's provenance (src/provenance) follows aliases, class fields, superclasses,
 * imports and declared types, lazily, only for receivers of acquiring methods.
 */
export class ReceiverOrigins {
  /** Property names assigned a constructed or factory-made value, with that value. */
  private readonly byProperty = new Map<string, TSESTree.Node[]>();

  constructor(
    private readonly facts: FileFacts,
    creations: readonly TSESTree.Node[],
    private readonly provenance: ReceiverProvenance | null = null,
  ) {
    for (const creation of creations) {
      const name = getStoredPropertyName(creation);
      if (name !== null) {
        const list = this.byProperty.get(name) ?? [];
        list.push(creation);
        this.byProperty.set(name, list);
      }
    }
  }

  /**
   * How strongly `receiver` is known to be a receiver of `spec` in `model`: from the
   * receiver itself, or for a builder chain, from the strongest of its links.
   */
  getEvidence(receiver: TSESTree.Node, model: ResourceModel, spec: AcquireSpec): Evidence {
    const receiverSpec = spec.receiver;
    if (!receiverSpec) {
      return null;
    }
    if (receiverSpec.notInMemory === true && isInMemoryValue(receiver, this.facts)) {
      return null;
    }
    if (receiverSpec.notAwaited === true && isAwaitedValue(receiver, this.facts)) {
      return null;
    }
    if (receiverSpec.any === true) {
      return 'strong';
    }
    if (receiverSpec.builderChain !== true) {
      return this.getLinkEvidence(receiver, model, spec, receiverSpec);
    }
    let best: Evidence = null;
    for (const link of this.getChainLinks(receiver)) {
      const evidence = this.getLinkEvidence(link, model, spec, receiverSpec);
      if (evidence === 'strong') {
        return evidence;
      }
      best ??= evidence;
    }
    return best;
  }

  /**
   * The links of a builder chain, from the receiver back to its root: `db('t').where(x)`
   * gives itself, `db('t')` and `db`; a local variable gives what it was assigned, when
   * it was assigned once.
   */
  private getChainLinks(receiver: TSESTree.Node): TSESTree.Node[] {
    const links: TSESTree.Node[] = [];
    let node: TSESTree.Node | null = receiver;
    while (node !== null && links.length < MAX_CHAIN_LINKS) {
      const inner = skipTransparentWrappers(node);
      if (links.includes(inner)) {
        break;
      }
      links.push(inner);
      if (inner.type === AST_NODE_TYPES.AwaitExpression) {
        node = inner.argument;
      } else if (inner.type === AST_NODE_TYPES.CallExpression) {
        const callee = skipTransparentWrappers(inner.callee);
        node = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : callee;
      } else if (inner.type === AST_NODE_TYPES.MemberExpression) {
        node = inner.object;
      } else if (inner.type === AST_NODE_TYPES.Identifier) {
        const variable = this.facts.resolve(inner);
        const values = variable ? getWrittenValues(variable) : [];
        node = values.length === 1 ? (values[0] ?? null) : null;
      } else {
        node = null;
      }
    }
    return links;
  }

  /** The evidence one node gives: its origin, its name, the calls it came from. */
  private getLinkEvidence(
    receiver: TSESTree.Node,
    model: ResourceModel,
    spec: AcquireSpec,
    receiverSpec: NonNullable<AcquireSpec['receiver']>,
  ): Evidence {
    if (receiverSpec.namespace === true && this.facts.isPackageNamespace(receiver, model.packages)) {
      return 'strong';
    }
    if (receiverSpec.classes && this.facts.isPackageExport(receiver, model.packages, receiverSpec.classes)) {
      return 'strong';
    }
    if (this.getOrigins(receiver).some((origin) => this.isCreation(origin, model, spec))) {
      return 'strong';
    }
    // Evidence, strongest first (docs/provenance.md): made by the model's constructor or
    // factory, or declared with its type; made by something else (a `Map`, a socket, an
    // HTTP client), whatever the name; known by a name only.
    const verdict = this.provenance?.judge(receiver, model, spec) ?? null;
    if (verdict?.evidence === 'strong') {
      return 'strong';
    }
    if (verdict?.evidence === 'not') {
      return null;
    }
    const name = getTrailingName(receiver);
    if (name !== null && receiverSpec.exactNames?.includes(name) === true) {
      return 'strong';
    }
    // Built here by a constructor that is not the model's and not named like one
    // (`new Kysely(…)`, `new PostgresBackend(…)`; `new SqlAnywherePool(…)` still is).
    const names = receiverSpec.names ?? [];
    if (
      this.getOrigins(receiver).some((origin) => {
        const creation = unwrapCreation(origin);
        if (creation.type !== AST_NODE_TYPES.NewExpression) {
          return false;
        }
        const constructorName = getTrailingName(creation.callee);
        return constructorName === null || !nameMatches(constructorName, names);
      })
    ) {
      return null;
    }
    if (name !== null && receiverSpec.names && nameMatches(name, receiverSpec.names)) {
      return 'weak';
    }
    if (verdict?.evidence === 'weak') {
      // An alias of a receiver known by its name: `const p = db.pool`, `const { pool } = ctx`.
      return 'weak';
    }
    const { fromMethods } = receiverSpec;
    if (fromMethods && this.getOrigins(receiver).some((origin) => isCallOf(origin, fromMethods))) {
      return 'weak';
    }
    return null;
  }

  /** Whether `node` builds a receiver: `new Pool()`, `mysql.createPool()`, `….promise()` of one. */
  private isCreation(node: TSESTree.Node, model: ResourceModel, spec: AcquireSpec): boolean {
    const inner = unwrapCreation(node);
    const receiverSpec = spec.receiver;
    if (!receiverSpec) {
      return false;
    }
    if (inner.type === AST_NODE_TYPES.NewExpression) {
      const constructors = receiverSpec.constructors ?? [];
      if (model.packages.length === 0) {
        // A user's `Db#openSession`: a class of that name, wherever it comes from.
        const callee = skipTransparentWrappers(inner.callee);
        return callee.type === AST_NODE_TYPES.Identifier && constructors.includes(callee.name);
      }
      return this.facts.isPackageExport(inner.callee, model.packages, constructors);
    }
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      return this.facts.isPackageExport(inner.callee, model.packages, receiverSpec.factories ?? []);
    }
    return false;
  }

  /** The expressions a receiver may have been built by, as far as this file shows. */
  private getOrigins(receiver: TSESTree.Node): TSESTree.Node[] {
    const inner = skipTransparentWrappers(receiver);
    if (inner.type === AST_NODE_TYPES.NewExpression || inner.type === AST_NODE_TYPES.CallExpression) {
      return [inner];
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(inner);
      return name === null ? [] : (this.byProperty.get(name) ?? []);
    }
    const variable = this.facts.resolve(inner);
    return variable ? getWrittenValues(variable) : [];
  }
}

/** Whether `node` is (an awaited) `x.method(…)` for one of `methods`. */
function isCallOf(node: TSESTree.Node, methods: readonly string[]): boolean {
  const call = getAwaitedCall(node);
  if (!call) {
    return false;
  }
  const callee = skipTransparentWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return name !== null && methods.includes(name);
}

/** Values written to a variable: its initialiser and plain assignments. */
export function getWrittenValues(variable: Variable): TSESTree.Node[] {
  const values: TSESTree.Node[] = [];
  for (const reference of variable.references) {
    if (reference.writeExpr) {
      values.push(reference.writeExpr);
    }
  }
  return values;
}

function unwrapCreation(node: TSESTree.Node): TSESTree.Node {
  const inner = skipAwaitAndWrappers(node);
  // mysql2: `mysql.createPool(config).promise()` is the same pool with promises.
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.MemberExpression &&
    getPropertyName(inner.callee) === 'promise'
  ) {
    return unwrapCreation(inner.callee.object);
  }
  return inner;
}

/** `this.pool = new Pool()`, `pool = new Pool()` as a class field, `{ pool: new Pool() }`. */
function getStoredPropertyName(creation: TSESTree.Node): string | null {
  let node = creation;
  while (
    node.parent &&
    (node.parent.type === AST_NODE_TYPES.AwaitExpression ||
      isTransparentWrapper(node.parent) ||
      (node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node) ||
      (node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node))
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    return getPropertyName(parent.left);
  }
  if (
    (parent?.type === AST_NODE_TYPES.PropertyDefinition || parent?.type === AST_NODE_TYPES.Property) &&
    !parent.computed &&
    parent.key.type === AST_NODE_TYPES.Identifier
  ) {
    return parent.key.name;
  }
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    // A module-level `export const pool = new Pool()` is read elsewhere as `db.pool`.
    return parent.id.name;
  }
  return null;
}

/**
 * Which models a call acquires from, strongest evidence first: any match with strong
 * evidence wins; otherwise weak matches (a receiver's name) stand when `corroborate`
 * confirms them (the resource is used as one afterwards). An import of a model's package
 * in the file only breaks ties between the matches left.
 */
export function matchCall(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  candidates: readonly Match[],
  origins: ReceiverOrigins,
  facts: FileFacts,
  corroborate: (match: Match) => boolean,
): Match[] {
  if (call.type === AST_NODE_TYPES.NewExpression) {
    return candidates.filter((match) => isModelClass(call, match, facts));
  }
  const callee = skipTransparentWrappers(call.callee);
  const strong: Match[] = [];
  const weak: Match[] = [];
  // A pattern whose result method follows is the more specific one: `db.startTransaction()`
  // run by `.execute()` is Kysely's builder, not TypeORM's or MongoDB's `startTransaction()`,
  // whose results have no such method.
  const specific = candidates.filter((match) => match.spec.resultMethod !== undefined && getThenCall(call, match.spec.resultMethod) !== null);
  for (const match of specific.length > 0 ? specific : candidates) {
    if (isCallbackOnlyMisuse(call, match, facts)) {
      continue;
    }
    if (match.spec.argument && !argumentMatches(call, match.spec.argument, facts)) {
      continue;
    }
    if (match.spec.resultMethod !== undefined && getThenCall(call, match.spec.resultMethod) === null) {
      // `db.startTransaction()` alone builds the statement: only `.execute()` begins it.
      continue;
    }
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (match.spec.receiver) {
        continue;
      }
      // A plain function: it must come from the model's package (or a user model says so);
      // `default` is the package's default export under whatever name the module gives it.
      const binding = facts.getImport(callee);
      if (
        match.model.packages.length === 0 ||
        (binding !== null && match.model.packages.includes(binding.source) && binding.imported === (match.spec.method === 'default' ? 'default' : callee.name))
      ) {
        strong.push(match);
      }
      continue;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      continue;
    }
    const evidence = origins.getEvidence(skipListenerCalls(callee.object), match.model, match.spec);
    if (evidence === 'strong') {
      strong.push(match);
    } else if (evidence === 'weak') {
      weak.push(match);
    }
  }
  if (strong.length > 0) {
    return strong;
  }
  // Among name matches the result's use confirms, the driver the file imports decides
  // (`pool.getConnection()` is oracledb's in a file importing oracledb, mysql's in one
  // importing mysql2).
  const corroborated = weak.filter(corroborate);
  const imported = corroborated.filter((match) => facts.importsAny(match.model.packages));
  return imported.length > 0 ? imported : corroborated;
}

/**
 * Whether `new C(…)` constructs the model's class: the export of that name of one of its
 * packages, or, for a class generated into the project or a user's model, a class of
 * that name wherever it comes from.
 */
function isModelClass(call: TSESTree.NewExpression, match: Match, facts: FileFacts): boolean {
  const { construct, method } = match.spec;
  if (construct === undefined) {
    return false;
  }
  if (construct === 'anywhere' || match.model.packages.length === 0) {
    return getTrailingName(call.callee) === method;
  }
  return facts.isPackageExport(call.callee, match.model.packages, [method]);
}

/**
 * A call given a function the model does not describe as a driver callback is the
 * self-managing form (`knex.transaction(async (trx) => …)`, `withSession(fn)`), not an
 * acquisition.
 */
function isCallbackOnlyMisuse(call: TSESTree.CallExpression, match: Match, facts: FileFacts): boolean {
  if (match.spec.callback) {
    return false;
  }
  return call.arguments.some((argument) => isFunctionNode(argument) || namesFunction(argument, facts));
}

/** `sequelize.transaction(run)` with `const run = (t) => …` or `function run(t) {}` in view. */
function namesFunction(argument: TSESTree.Node, facts: FileFacts): boolean {
  if (argument.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const definition = facts.resolve(argument)?.defs[0];
  if (definition?.type === DefinitionType.FunctionName) {
    return true;
  }
  const node = definition?.type === DefinitionType.Variable ? definition.node : null;
  return node !== null && node.init !== null && isFunctionNode(node.init);
}

/** Whether the call has the argument that makes it an acquisition. */
function argumentMatches(call: TSESTree.CallExpression, spec: ArgumentSpec, facts: FileFacts): boolean {
  const argument = call.arguments[spec.index];
  if (!argument) {
    return false;
  }
  if (spec.constructs) {
    const inner = skipTransparentWrappers(argument);
    if (
      inner.type !== AST_NODE_TYPES.NewExpression ||
      !facts.isPackageExport(inner.callee, spec.constructs.packages, spec.constructs.names)
    ) {
      return false;
    }
  }
  if (spec.objectProperty !== undefined && !mayHaveProperty(argument, spec.objectProperty)) {
    return false;
  }
  if (spec.text !== undefined) {
    const text = getLiteralText(argument);
    return text !== null && compilePattern(spec.text).test(text);
  }
  return true;
}

/**
 * Whether `argument` may have the property `name`: any value but an object literal may; an
 * object literal must write it (`{ connection }`, `{ connection: … }`, `{ 'connection': … }`)
 * or spread something that may.
 */
function mayHaveProperty(argument: TSESTree.Node, name: string): boolean {
  const inner = skipTransparentWrappers(argument);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression) {
    return true;
  }
  return inner.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.SpreadElement ||
      property.computed ||
      (property.key.type === AST_NODE_TYPES.Identifier && property.key.name === name) ||
      (property.key.type === AST_NODE_TYPES.Literal && property.key.value === name),
  );
}
