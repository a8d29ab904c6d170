import { ScopeType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { getWriteReferences } from '../util/references.js';

type Variable = TSESLint.Scope.Variable;
type Scope = TSESLint.Scope.Scope;

// Sources made with an `AbortSignal`: `const ac = new AbortController(); const transport =
// createTransport({ url, signal: ac.signal })`. Aborting the signal tears the source down, so
// for a model that says so (`releasedByAbort`) `ac.abort()` releases what was taken from it
// (its iterators). Only a controller made in view with `new AbortController()` and a receiver
// written once count: anything else could be a different signal by the time it aborts.

/**
 * The controller whose signal `receiver` was made with: the receiver is a `const`-like
 * variable initialised by a call or `new` with an options object holding
 * `signal: ac.signal` (or `signal` bound to `ac.signal`), and `ac` is written once, with
 * `new AbortController()`. `null` when any of that is not so.
 */
export function findAbortController(receiver: Variable | null): Variable | null {
  const init = receiver ? getSingleInit(receiver) : null;
  const made = init ? skipAwait(init) : null;
  if (!receiver || !made || (made.type !== AST_NODE_TYPES.CallExpression && made.type !== AST_NODE_TYPES.NewExpression)) {
    return null;
  }
  for (const argument of made.arguments) {
    const options = skipTransparentWrappers(argument);
    if (options.type !== AST_NODE_TYPES.ObjectExpression) {
      continue;
    }
    for (const property of options.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed || getKeyName(property.key) !== 'signal') {
        continue;
      }
      const controller = getSignalOwner(property.value as TSESTree.Expression, receiver.scope);
      if (controller) {
        return controller;
      }
    }
  }
  return null;
}

/** Whether `call` is `ac.abort()` on the controller of `controller`. */
export function isAbortOf(call: TSESTree.CallExpression, controller: Variable | null | undefined, scope: (node: TSESTree.Identifier) => Variable | null): boolean {
  if (!controller) {
    return false;
  }
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'abort') {
    return false;
  }
  const object = skipTransparentWrappers(callee.object);
  return object.type === AST_NODE_TYPES.Identifier && scope(object) === controller;
}

type FunctionValue = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

/**
 * Whether `call` gives the controller to a function that aborts it on every path:
 * `stop(ac)` where `stop` is `(ac) => ac.abort()`, a function whose own body holds the
 * statement `ac.abort(…)` (not under a condition), or a member of each object of a `const`
 * array iterated by `for (const { stop } of stops)` (a table of ways to stop, each of which
 * aborts). What a function that aborts its parameter does is what `ac.abort()` does here.
 */
export function isAbortThrough(call: TSESTree.CallExpression, controller: Variable | null | undefined, scope: (node: TSESTree.Identifier) => Variable | null): boolean {
  if (!controller) {
    return false;
  }
  const index = call.arguments.findIndex((argument) => {
    const inner = skipTransparentWrappers(argument);
    return inner.type === AST_NODE_TYPES.Identifier && scope(inner) === controller;
  });
  const callee = skipTransparentWrappers(call.callee);
  const values = index >= 0 && callee.type === AST_NODE_TYPES.Identifier ? getFunctionValues(scope(callee)) : null;
  return values !== null && values.length > 0 && values.every((fn) => abortsParameter(fn, index, scope));
}

/**
 * The functions a variable may hold: a function declaration, a `const` bound to a function,
 * or a name destructured by a `for … of` over a `const` array literal of object literals,
 * each giving that property a function. `null` when any of that is not so.
 */
function getFunctionValues(variable: Variable | null): FunctionValue[] | null {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def) {
    return null;
  }
  if (def.node.type === AST_NODE_TYPES.FunctionDeclaration) {
    return [def.node];
  }
  if (def.node.type !== AST_NODE_TYPES.VariableDeclarator) {
    return null;
  }
  const init = getSingleInit(variable);
  if (init) {
    const fn = skipTransparentWrappers(init);
    return isFunctionValue(fn) ? [fn] : null;
  }
  const loop = def.node.parent.parent;
  const pattern = def.node.id;
  if (loop.type !== AST_NODE_TYPES.ForOfStatement || loop.left !== def.node.parent || pattern.type !== AST_NODE_TYPES.ObjectPattern) {
    return null;
  }
  const key = pattern.properties.find(
    (property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && !property.computed && property.value === def.name,
  );
  const name = key ? getKeyName(key.key) : null;
  const source = skipTransparentWrappers(loop.right);
  const table = source.type === AST_NODE_TYPES.Identifier ? resolveIn(variable.scope, source) : null;
  const array = table ? getSingleInit(table) : null;
  const elements = array ? skipTransparentWrappers(array) : null;
  if (name === null || table?.defs[0]?.parent?.type !== AST_NODE_TYPES.VariableDeclaration || table.defs[0].parent.kind !== 'const' || elements?.type !== AST_NODE_TYPES.ArrayExpression) {
    return null;
  }
  const values: FunctionValue[] = [];
  for (const element of elements.elements) {
    const object = element ? skipTransparentWrappers(element) : null;
    const member =
      object?.type === AST_NODE_TYPES.ObjectExpression
        ? object.properties.find((property) => property.type === AST_NODE_TYPES.Property && !property.computed && getKeyName(property.key) === name)
        : undefined;
    const value = member?.type === AST_NODE_TYPES.Property ? skipTransparentWrappers(member.value) : null;
    if (!value || !isFunctionValue(value)) {
      return null;
    }
    values.push(value);
  }
  return values;
}

function isFunctionValue(node: TSESTree.Node): node is FunctionValue {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Whether `fn` calls `p.abort(…)` on its parameter `index` on every path: its expression body, or a statement of its own body. */
function abortsParameter(fn: FunctionValue, index: number, scope: (node: TSESTree.Identifier) => Variable | null): boolean {
  const param = fn.params[index];
  if (param?.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const aborts = (expression: TSESTree.Node | null | undefined): boolean => {
    let inner = expression ? skipTransparentWrappers(expression) : null;
    if (inner?.type === AST_NODE_TYPES.AwaitExpression) {
      inner = skipTransparentWrappers(inner.argument);
    }
    const callee = inner?.type === AST_NODE_TYPES.CallExpression ? skipTransparentWrappers(inner.callee) : null;
    const object = callee?.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'abort' ? skipTransparentWrappers(callee.object) : null;
    return object?.type === AST_NODE_TYPES.Identifier && object.name === param.name && scope(object)?.defs[0]?.name === param;
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return aborts(fn.body);
  }
  // Reached on every path: only expressions and declarations before it (no `return`, no branch).
  for (const statement of fn.body.body) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && aborts(statement.expression)) {
      return true;
    }
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement && statement.type !== AST_NODE_TYPES.VariableDeclaration) {
      return false;
    }
  }
  return false;
}

/** `ac.signal`, or a name written once with `ac.signal`: the variable `ac` made with `new AbortController()`. */
function getSignalOwner(value: TSESTree.Expression, scope: Scope): Variable | null {
  let inner = skipTransparentWrappers(value);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const bound = resolveIn(scope, inner);
    const init = bound ? getSingleInit(bound) : null;
    if (!bound || !init) {
      return null;
    }
    inner = skipTransparentWrappers(init);
    scope = bound.scope;
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(inner) !== 'signal') {
    return null;
  }
  const object = skipTransparentWrappers(inner.object);
  const controller = object.type === AST_NODE_TYPES.Identifier ? resolveIn(scope, object) : null;
  const made = controller ? getSingleInit(controller) : null;
  const ctor = made?.type === AST_NODE_TYPES.NewExpression ? skipTransparentWrappers(made.callee) : null;
  return ctor?.type === AST_NODE_TYPES.Identifier && ctor.name === 'AbortController' ? controller : null;
}

/** The initialiser of a variable declared once and never written again. */
function getSingleInit(variable: Variable): TSESTree.Expression | null {
  const [def] = variable.defs;
  if (variable.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) {
    return null;
  }
  const writes = getWriteReferences(variable);
  return writes.length === 1 && writes[0]?.init === true ? def.node.init : null;
}

/** The variable an identifier written in `scope` (not inside a nested function) refers to. */
function resolveIn(scope: Scope, identifier: TSESTree.Identifier): Variable | null {
  for (let current: Scope | null = scope; current; current = current.upper) {
    const reference = current.references.find((candidate) => candidate.identifier === identifier);
    if (reference) {
      return reference.resolved;
    }
    for (const child of current.childScopes) {
      const inner = child.type === ScopeType.block ? child.references.find((candidate) => candidate.identifier === identifier) : undefined;
      if (inner) {
        return inner.resolved;
      }
    }
  }
  return null;
}

function skipAwait(node: TSESTree.Expression): TSESTree.Node {
  const inner = skipTransparentWrappers(node);
  return inner.type === AST_NODE_TYPES.AwaitExpression ? skipTransparentWrappers(inner.argument) : inner;
}

function getKeyName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.Identifier) {
    return key.name;
  }
  return key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : null;
}
