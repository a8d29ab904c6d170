import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { isFunctionNode } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { isHolder, type LifetimeState, type SiteView } from './state.js';

type Variable = TSESLint.Scope.Variable;

// Error-first continuations: in callback-style code `cb(null, conn)` is the return. The
// callback a function was given is its caller's continuation, and the caller owns what it
// receives there (loopback's `beginTransaction(level, cb)` ends with `cb(null, session)`).
// Passing a resource to an unknown function stays a use (DESIGN.md): `await fn(client)` of a
// callback parameter runs the caller's code *with* the client, and this function still owns
// it. What tells the two apart is the convention's first argument, the error slot: `null`,
// `undefined`, or an error the code is passing on.

/**
 * Whether `call` hands the resource to the caller's continuation: a call of a parameter of
 * an enclosing function whose first argument is an error slot and whose later arguments
 * carry the resource (`cb(null, conn)`, `callback(err, conn)` in the driver's own callback).
 */
export function handsToContinuation(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const resolve = (node: TSESTree.Node): Variable | null => view.context.resolve(node);
  return isContinuationCall(call, resolve) && call.arguments.slice(1).some((argument) => isHolder(view, argument, state));
}

/**
 * The continuation calls that pass one of `holders` on (`cb(null, conn)`), also in functions
 * nested in the acquiring one (`conn.beginTransaction((err) => cb(err, conn))`): such a
 * function hands the resource on when it runs, as a releasing callback releases it.
 */
export function findContinuationCalls(
  holders: readonly Variable[],
  resolve: (node: TSESTree.Node) => Variable | null,
): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const holder of holders) {
    for (const reference of holder.references) {
      const call = reference.identifier.parent;
      if (
        call.type === AST_NODE_TYPES.CallExpression &&
        call.arguments.indexOf(reference.identifier as TSESTree.Identifier) > 0 &&
        !calls.includes(call) &&
        isContinuationCall(call, resolve)
      ) {
        calls.push(call);
      }
    }
  }
  return calls;
}

/** A call of a parameter of an enclosing function with an error slot first: `cb(null, …)`. */
function isContinuationCall(call: TSESTree.CallExpression, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier || call.arguments.length < 2) {
    return false;
  }
  const target = resolve(callee);
  const slot = call.arguments[0];
  return (
    target?.defs.length === 1 &&
    target.defs[0]?.type === DefinitionType.Parameter &&
    slot !== undefined &&
    isErrorSlot(slot, resolve)
  );
}

/**
 * The first argument of an error-first call: `null`, `undefined` (also `void 0`), or a
 * variable that holds an error — the first parameter of an enclosing callback (`err` of
 * `function (err, conn)`) or a `catch` clause's parameter.
 */
function isErrorSlot(node: TSESTree.Node, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && inner.value === null) {
    return true;
  }
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') {
    return true;
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const variable = resolve(inner);
  if (variable === null || variable.defs.length === 0) {
    // An unresolved or built-in name is a global: `undefined`.
    return inner.name === 'undefined';
  }
  const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type === DefinitionType.CatchClause) {
    return true;
  }
  if (definition?.type !== DefinitionType.Parameter) {
    return false;
  }
  const fn = definition.node;
  return isFunctionNode(fn) && fn.params[0] === definition.name;
}
