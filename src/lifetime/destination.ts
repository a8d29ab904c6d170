import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { searchNode } from '../util/walk.js';
import type { SiteParts } from './site-parts.js';
import type { AcquireSpec } from '../models/index.js';
import { getThenCall } from './methods.js';
import { climbTransparentWrappers, isTransparentWrapper, skipTransparentWrappers } from '../util/wrappers.js';
import type { Destination } from './site.js';

// Where an acquired value goes: out through the wrappers that pass it on, into a variable, a
// return, a member read, an array that `Promise.all` or `Promise.race` settles, or nowhere.

type Variable = TSESLint.Scope.Variable;

/** Walks out of `node` through wrappers that pass its value on unchanged. */
export function climbValue(node: TSESTree.Node): { node: TSESTree.Node; choice: TSESTree.Node | null } {
  let current = node;
  let choice: TSESTree.Node | null = null;
  for (;;) {
    const parent = current.parent;
    if (!parent) {
      return { node: current, choice };
    }
    if (isTransparentWrapper(parent)) {
      current = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === current) {
          return { node: current, choice };
        }
        choice ??= current;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.right === current) {
          choice ??= current;
        }
        break;
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.expressions.at(-1) !== current) {
          return { node: current, choice };
        }
        break;
      default:
        return { node: current, choice };
    }
    current = parent;
  }
}

/**
 * Whether the value of `value` is asserted (`as T`, `<T>`, `satisfies T`) or declared (`const
 * v: T = …`) with a type whose name is one of `names`, on its way out of the expression.
 */
export function isDeclaredAs(value: TSESTree.Node, names: ReadonlySet<string>): boolean {
  const named = (type: TSESTree.TypeNode | undefined): boolean =>
    type?.type === AST_NODE_TYPES.TSTypeReference &&
    names.has(type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : type.typeName.type === AST_NODE_TYPES.TSQualifiedName ? type.typeName.right.name : '');
  let node: TSESTree.Node = value;
  for (;;) {
    const parent = node.parent;
    if (!parent) {
      return false;
    }
    if (
      (parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSTypeAssertion ||
        parent.type === AST_NODE_TYPES.TSSatisfiesExpression) &&
      named(parent.typeAnnotation)
    ) {
      return true;
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) {
      return parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier && named(parent.id.typeAnnotation?.typeAnnotation);
    }
    if (!isTransparentWrapper(parent) && parent.type !== AST_NODE_TYPES.AwaitExpression) {
      return false;
    }
    node = parent;
  }
}

/**
 * Reads where the value of `value` goes. `isLocal` tells variables of the analysed
 * function from outer ones; storing into an outer variable hands the resource off.
 */
export function getDestination(
  value: TSESTree.Node,
  resolve: (node: TSESTree.Node) => Variable | null,
  isLocal: (variable: Variable) => boolean,
): { destination: Destination; choice: TSESTree.Node | null } {
  const { node, choice } = climbValue(value);
  const parent = node.parent;
  const handedOff = { destination: { kind: 'handedOff' as const }, choice };
  if (!parent) {
    return handedOff;
  }
  const toVariable = (target: TSESTree.Node): { destination: Destination; choice: TSESTree.Node | null } => {
    const variable = resolve(target);
    if (!variable) {
      return handedOff;
    }
    if (!isLocal(variable)) {
      return handedOff;
    }
    return { destination: { kind: 'variable', variable }, choice: choice ?? getBindingBranch(node, variable) };
  };
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier ? toVariable(parent.id) : handedOff;
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.right === node && parent.operator === '=' && parent.left.type === AST_NODE_TYPES.Identifier) {
        return toVariable(parent.left);
      }
      return handedOff;
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.YieldExpression:
      return { destination: { kind: 'returned' }, choice };
    case AST_NODE_TYPES.ExpressionStatement:
      return { destination: { kind: 'discarded' }, choice };
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== node) {
        return handedOff;
      }
      // A promise chain (`pool.connect().then(c => …)`) moves the resource into callbacks
      // that this analysis does not follow.
      const name = getPropertyName(parent);
      if (name === 'then' || name === 'catch' || name === 'finally') {
        return handedOff;
      }
      return { destination: { kind: 'member' }, choice };
    }
    default:
      return handedOff;
  }
}

/**
 * The branch inside the variable's scope that the statement binding `variable` sits in
 * scope: `let c; if (x) { c = await pool.connect(); }` acquires on one side of a choice. Returns
 * the innermost such branch.
 */
function getBindingBranch(node: TSESTree.Node, variable: Variable): TSESTree.Node | null {
  const scopeBlock = variable.scope.block;
  let current: TSESTree.Node = node;
  while (current.parent && current !== scopeBlock) {
    const parent: TSESTree.Node = current.parent;
    if (
      (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== current) ||
      parent.type === AST_NODE_TYPES.SwitchCase ||
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== current) ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === current)
    ) {
      return parent.type === AST_NODE_TYPES.SwitchCase ? parent : current;
    }
    current = parent;
  }
  return null;
}

/** `Promise.race([node, …])` / `Promise.any([node, …])` around `node`, whose value may be `node`'s. */
function getRaceCall(node: TSESTree.Node): TSESTree.CallExpression | null {
  const array = node.parent;
  const call = array?.parent;
  if (array?.type !== AST_NODE_TYPES.ArrayExpression || call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== array) {
    return null;
  }
  const callee = call.callee;
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Promise' &&
    (name === 'race' || name === 'any')
    ? call
    : null;
}

/**
 * `const [c1, c2] = await Promise.all([p1, p2])`: the element of the pattern that receives
 * the value of `element` (a pending acquisition), at the same index; `null` otherwise.
 */
export function getAllElementTarget(array: TSESTree.ArrayExpression, element: TSESTree.Node): TSESTree.Node | null {
  const call = array.parent;
  const callee = call.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === array ? call.callee : null;
  if (
    callee?.type !== AST_NODE_TYPES.MemberExpression ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== 'Promise' ||
    getPropertyName(callee) !== 'all'
  ) {
    return null;
  }
  const value = climbTransparentWrappers(call);
  const settled = value.parent?.type === AST_NODE_TYPES.AwaitExpression ? climbTransparentWrappers(value.parent) : null;
  const holder = settled?.parent;
  const pattern =
    (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === settled && holder.id) ||
    (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === settled && holder.left) ||
    null;
  const index = array.elements.indexOf(element as TSESTree.Expression);
  return pattern?.type === AST_NODE_TYPES.ArrayPattern && index >= 0 ? (pattern.elements[index] ?? null) : null;
}

/** The node whose evaluation yields the resource: the `await` around a call, or the call. */
export function getValueNode(call: TSESTree.Node, chain?: ReadonlySet<string>): TSESTree.Node {
  let node = call;
  let result = call;
  for (;;) {
    node = climbTransparentWrappers(node);
    // `coll.find(q).sort(s).limit(n)`: methods that return the same resource carry it on.
    const member = node.parent;
    const next = member?.parent;
    if (
      chain &&
      member?.type === AST_NODE_TYPES.MemberExpression &&
      member.object === node &&
      next?.type === AST_NODE_TYPES.CallExpression &&
      next.callee === member
    ) {
      const name = getPropertyName(member);
      if (name !== null && chain.has(name)) {
        node = next;
        result = next;
        continue;
      }
    }
    // `await Promise.race([pool.connect(), timeout])`: the race settles with the resource.
    const race = getRaceCall(node);
    if (race) {
      node = race;
      result = race;
      continue;
    }
    return node.parent?.type === AST_NODE_TYPES.AwaitExpression ? node.parent : result;
  }
}

/**
 * Where the resource of an acquisition whose call returns a pending operation or a builder
 * is: the value of its promise property (`(await pool.acquire().promise)`) or of its result
 * method's call (`await db.startTransaction().execute()`), else the call's value.
 */
export function getPromisedValue(
  value: TSESTree.Node,
  spec: Pick<AcquireSpec, 'promiseProperty' | 'resultMethod'>,
  chain: ReadonlySet<string>,
): TSESTree.Node {
  if (spec.resultMethod !== undefined) {
    const run = getThenCall(value, spec.resultMethod);
    return run ? getValueNode(run, chain) : value;
  }
  const property = spec.promiseProperty;
  const member = value.parent;
  if (
    property === undefined ||
    member?.type !== AST_NODE_TYPES.MemberExpression ||
    member.object !== value ||
    getPropertyName(member) !== property
  ) {
    return value;
  }
  return getValueNode(member, chain);
}

/** The fulfilment handler in `value.then((x) => …)`, when it is a function written there. */
export function getThenHandler(value: TSESTree.Node): FunctionNode | null {
  const member = value.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== value || getPropertyName(member) !== 'then') {
    return null;
  }
  const call = member.parent;
  const [handler] = call.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call.arguments : [];
  if (!handler || !isFunctionNode(handler)) {
    return null;
  }
  // `.then((conn) => conn)` passes the resource on down the chain, like the promise itself.
  const [param] = handler.params;
  const body = handler.body.type === AST_NODE_TYPES.BlockStatement ? null : skipTransparentWrappers(handler.body);
  return body?.type === AST_NODE_TYPES.Identifier && param?.type === AST_NODE_TYPES.Identifier && body.name === param.name
    ? null
    : handler;
}

/**
 * `(trx) => … .then(trx.commit).catch(trx.rollback)`: a release method handed on as a
 * callback, which the domain does not follow; such a handler is left alone, as before.
 */
export function passesReleaseMethod(handler: FunctionNode, release: SiteParts['release']): boolean {
  const [param] = handler.params;
  if (param?.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const { node, exhausted } = searchNode(
    handler.body,
    (node) =>
      node.type === AST_NODE_TYPES.MemberExpression &&
      node.object.type === AST_NODE_TYPES.Identifier &&
      node.object.name === param.name &&
      release.hasName(getPropertyName(node) ?? '') &&
      !(node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node),
    { enterFunctions: true },
  );
  return node !== null || exhausted;
}

/**
 * Whether the (awaited) value of a call is kept: bound to a name (`const tx = await …`,
 * `tx = …`) or read through a member (`(await …).commit()`).
 */
export function isKept(value: TSESTree.Node): boolean {
  const { node } = climbValue(value);
  const parent = node.parent;
  return (
    (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) ||
    (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) ||
    (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node)
  );
}

/**
 * Whether the value of `call` (a handle the resource's model lists, `client.db(name)`)
 * leaves the function: returned or yielded, stored in a member or an outer variable, put
 * in an object literal that does, or kept in a local that does (`const db = client.db();
 * … return db`). Passing it to a call is a use, as passing the resource itself is.
 */
export function isEscapingHandle(
  call: TSESTree.Node,
  resolve: (node: TSESTree.Node) => Variable | null,
  isLocal: (variable: Variable) => boolean,
): boolean {
  const escapes = (value: TSESTree.Node, depth: number): boolean => {
    const { node } = climbValue(value);
    const parent = node.parent;
    if (!parent || depth > 2) {
      return false;
    }
    let target: TSESTree.Node | null;
    switch (parent.type) {
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.YieldExpression:
        return true;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === node;
      case AST_NODE_TYPES.Property:
        return parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression && escapes(parent.parent, depth + 1);
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right !== node || parent.operator !== '=') {
          return false;
        }
        if (parent.left.type === AST_NODE_TYPES.MemberExpression) {
          return true;
        }
        target = parent.left;
        break;
      case AST_NODE_TYPES.VariableDeclarator:
        target = parent.init === node ? parent.id : null;
        break;
      default:
        return false;
    }
    const variable = target?.type === AST_NODE_TYPES.Identifier ? resolve(target) : null;
    if (!variable) {
      return false;
    }
    return (
      !isLocal(variable) ||
      variable.references.some((reference) => reference.isRead() && escapes(reference.identifier, depth + 1))
    );
  };
  return escapes(call, 0);
}
