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
