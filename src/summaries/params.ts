import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { isFunctionLike, type FunctionLike } from '../util/functions.js';
import { searchNode } from '../util/walk.js';
import { skipAwaitAndWrappers, skipTransparentWrappers } from '../util/wrappers.js';

// The "returns parameter i" summary: a pass-through (`withTimeout(client)`, `traced(conn)`)
// hands its caller back what it was given, so the caller's result holds the caller's resource.

/** Nodes read in one function's body before the summary gives up (unknown). */
const MAX_NODES = 2000;

/**
 * The index of the parameter `fn` gives back on every path that returns normally, or `null`:
 * an expression body that is the parameter (`(c) => c`), or a block whose every `return`
 * gives the parameter back (also `return await c`) and whose last statement is a `return`
 * or a `throw` (so no path falls off its end with `undefined`). The parameter must be a plain
 * name that is never assigned. Syntax only: any path the summary cannot read makes it `null`.
 */
export function getReturnedParameter(fn: FunctionLike): number | null {
  const names = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : null));
  const indexOf = (node: TSESTree.Node | null | undefined): number => {
    const inner = node ? skipAwaitAndWrappers(node) : null;
    return inner?.type === AST_NODE_TYPES.Identifier ? names.indexOf(inner.name) : -1;
  };
  return getReturnedIndex(fn, indexOf, (body) => {
    const last = body.body.at(-1);
    return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
  });
}

/**
 * The one parameter index (by `indexOf`) that every `return` of `fn`, or its expression body,
 * gives back; `null` when a `return` gives back anything else, when the block body may run
 * off its end (`endsAbruptly` cannot tell it does not), or when the parameter is assigned.
 */
function getReturnedIndex(
  fn: FunctionLike,
  indexOf: (node: TSESTree.Node | null | undefined) => number,
  endsAbruptly: (body: TSESTree.BlockStatement) => boolean,
): number | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    const index = indexOf(fn.body);
    return index >= 0 && !isAssigned(fn, index) ? index : null;
  }
  if (!endsAbruptly(fn.body)) {
    return null;
  }
  const seen: { index: number | null } = { index: null };
  const found = searchNode(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.ReturnStatement) {
        return false;
      }
      const returned = indexOf(node.argument);
      if (returned < 0 || (seen.index !== null && seen.index !== returned)) {
        return true;
      }
      seen.index = returned;
      return false;
    },
    { limit: MAX_NODES },
  );
  if (found.node !== null || found.exhausted || seen.index === null) {
    return null;
  }
  return isAssigned(fn, seen.index) ? null : seen.index;
}

/** Whether the parameter at `index` is assigned anywhere in `fn` (also in nested functions). */
function isAssigned(fn: FunctionLike, index: number): boolean {
  const param = fn.params[index];
  const name = param?.type === AST_NODE_TYPES.Identifier ? param.name : null;
  const found = searchNode(
    fn.body,
    (node) =>
      (node.type === AST_NODE_TYPES.AssignmentExpression || node.type === AST_NODE_TYPES.UpdateExpression) &&
      (node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.argument).type === AST_NODE_TYPES.Identifier &&
      ((node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.argument) as TSESTree.Identifier).name === name,
    { limit: MAX_NODES, enterFunctions: true },
  );
  return found.node !== null || found.exhausted;
}

// The "returns what parameter i returns" summary: a wrapper that calls a callback and gives
// back its result (`withTlsHint(() => client.connect())`, `retry(() => pool.getConnection())`,
// `timed(async () => …)`), so its caller's result is what the callback returned.

/**
 * The index of the parameter whose call's result `fn` gives back on every path that returns
 * normally, or `null`: each `return` gives `p(…)` (also `await p(…)`) or a `const` declared
 * as one (`const r = await p(); log(); return r`) for the same parameter `p`, which is a plain
 * name never assigned; and no path falls off the end of the body (it ends in a `return` or
 * `throw`, a `try` whose block and handler both do, an endless loop with no `break`).
 * Syntax only: any path the summary cannot read makes it `null`.
 */
export function getCallbackResultParameter(fn: FunctionLike): number | null {
  const names = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : null));
  const indexOf = (node: TSESTree.Node | null | undefined, depth = 0): number => {
    const inner = node ? skipAwaitAndWrappers(node) : null;
    if (inner?.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTransparentWrappers(inner.callee);
      return callee.type === AST_NODE_TYPES.Identifier ? names.indexOf(callee.name) : -1;
    }
    if (inner?.type === AST_NODE_TYPES.Identifier && depth === 0) {
      // `const result = await op(); …; return result`
      const init = getConstInit(fn, inner.name);
      return init ? indexOf(init, 1) : -1;
    }
    return -1;
  };
  // A callee found by name may be an overload signature or an abstract method: no body.
  const body = fn.body as TSESTree.Node | null;
  if (body === null) {
    return null;
  }
  return getReturnedIndex(fn, indexOf, completesAbruptly);
}

/** The initialiser of `const name = …` declared directly in `fn`'s body (not in a nested function). */
function getConstInit(fn: FunctionLike, name: string): TSESTree.Expression | null {
  const found = searchNode(
    fn.body,
    (node) =>
      node.type === AST_NODE_TYPES.VariableDeclaration &&
      node.kind === 'const' &&
      node.declarations.some((declarator) => declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name),
    { limit: MAX_NODES },
  );
  const declaration = found.node?.type === AST_NODE_TYPES.VariableDeclaration ? found.node : null;
  const declarator = declaration?.declarations.find(
    (candidate) => candidate.id.type === AST_NODE_TYPES.Identifier && candidate.id.name === name,
  );
  return declarator?.init ?? null;
}

/**
 * Whether no path through `statement` completes normally: it returns or throws on every
 * path, or loops for ever (`for (;;)`, `while (true)`) with no `break` in it.
 */
function completesAbruptly(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = statement.body.at(-1);
      return last !== undefined && completesAbruptly(last);
    }
    case AST_NODE_TYPES.IfStatement:
      return statement.alternate !== null && completesAbruptly(statement.consequent) && completesAbruptly(statement.alternate);
    case AST_NODE_TYPES.TryStatement:
      return (
        (statement.finalizer !== null && completesAbruptly(statement.finalizer)) ||
        (completesAbruptly(statement.block) && (statement.handler === null || completesAbruptly(statement.handler.body)))
      );
    case AST_NODE_TYPES.ForStatement:
      return statement.test === null && !hasBreak(statement.body);
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return statement.test.type === AST_NODE_TYPES.Literal && statement.test.value === true && !hasBreak(statement.body);
    default:
      return false;
  }
}

/** Whether a `break` (of any target) occurs in `body`, outside nested functions. */
function hasBreak(body: TSESTree.Statement): boolean {
  const found = searchNode(body, (node) => node.type === AST_NODE_TYPES.BreakStatement, { limit: MAX_NODES });
  return found.node !== null || found.exhausted;
}

// The "settles with one of its parameters" summary: a helper that gives back one of what it
// was given, directly or as the fulfilment of a promise it builds — `abortable(signal,
// valueForAbort, promise)`, `withTimeout(promise, ms)` —, so its caller's result is one of
// those arguments (awaited). Exhaustion reads (`await abortable(s, undefined, it.next())`)
// go through such helpers.

const settledParameters = new WeakMap<FunctionLike, readonly number[] | null>();

/**
 * The indexes of the parameters `fn`'s result is always one of, or settles with (sorted), or
 * `null`: every `return` gives a parameter, a `const` alias of one, or `new Promise(executor)`
 * whose `resolve` is only called with such a value or with the fulfilment value of one
 * (`p.then((v) => resolve(v))`, `p.then(resolve, reject)`); and no path falls off the end of
 * the body. Parameters must be plain names never assigned. Syntax only; memoised.
 */
export function getSettledParameters(fn: FunctionLike): readonly number[] | null {
  const known = settledParameters.get(fn);
  if (known !== undefined) {
    return known;
  }
  const result = computeSettledParameters(fn);
  settledParameters.set(fn, result);
  return result;
}

function computeSettledParameters(fn: FunctionLike): readonly number[] | null {
  const body = fn.body as TSESTree.Node | null;
  if (body === null) {
    return null;
  }
  const names = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : null));
  const found = new Set<number>();
  // A parameter by name, or a `const` alias of one declared in the body.
  const paramOf = (node: TSESTree.Node | null | undefined, depth = 0): number => {
    const inner = node ? skipAwaitAndWrappers(node) : null;
    if (inner?.type !== AST_NODE_TYPES.Identifier) {
      return -1;
    }
    const index = names.indexOf(inner.name);
    if (index >= 0 || depth > 0) {
      return index;
    }
    const init = getConstInit(fn, inner.name);
    return init ? paramOf(init, 1) : -1;
  };
  const add = (indexes: readonly number[] | null): boolean => {
    for (const index of indexes ?? []) {
      found.add(index);
    }
    return indexes !== null;
  };
  const returned = (node: TSESTree.Node | null | undefined): boolean => {
    const index = paramOf(node);
    if (index >= 0) {
      return add([index]);
    }
    const inner = node ? skipAwaitAndWrappers(node) : null;
    return inner?.type === AST_NODE_TYPES.NewExpression && add(getExecutorResolutions(inner, paramOf));
  };
  if (body.type !== AST_NODE_TYPES.BlockStatement) {
    if (!returned(body)) {
      return null;
    }
  } else {
    if (!completesAbruptly(body)) {
      return null;
    }
    const search = searchNode(body, (node) => node.type === AST_NODE_TYPES.ReturnStatement && !returned(node.argument), {
      limit: MAX_NODES,
    });
    if (search.node !== null || search.exhausted) {
      return null;
    }
  }
  const indexes = [...found].sort((a, b) => a - b);
  return indexes.length > 0 && indexes.every((index) => !isAssigned(fn, index)) ? indexes : null;
}

/**
 * The parameters (by `paramOf`) a `new Promise((resolve, reject) => …)` is resolved with, or
 * `null` when it is not such a promise or `resolve` is used in any other way: called with
 * one argument that is a parameter, or with the value parameter of a fulfilment handler of
 * one (`p.then((v) => resolve(v))`), or given as the fulfilment handler itself
 * (`p.then(resolve, reject)`).
 */
function getExecutorResolutions(
  node: TSESTree.NewExpression,
  paramOf: (node: TSESTree.Node | null | undefined) => number,
): number[] | null {
  const executor = node.arguments[0];
  if (
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== 'Promise' ||
    node.arguments.length !== 1 ||
    (executor?.type !== AST_NODE_TYPES.ArrowFunctionExpression && executor?.type !== AST_NODE_TYPES.FunctionExpression)
  ) {
    return null;
  }
  const resolve = executor.params[0];
  if (resolve?.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  // The receiver of `.then(handler, …)` when `node` is its first argument.
  const fulfilled = (handler: TSESTree.Node): number => {
    const call = handler.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== handler) {
      return -1;
    }
    const callee = skipTransparentWrappers(call.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && isThen(callee) ? paramOf(callee.object) : -1;
  };
  // `v` where the nearest function declaring it is a fulfilment handler of a parameter.
  const valueOf = (argument: TSESTree.Node): number => {
    if (argument.type !== AST_NODE_TYPES.Identifier) {
      return -1;
    }
    for (let scope: TSESTree.Node | undefined = argument.parent; scope && scope !== executor; scope = scope.parent) {
      const index = isFunctionLike(scope) ? scope.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === argument.name) : -1;
      if (index >= 0) {
        return index === 0 && isFunctionLike(scope) ? fulfilled(scope) : -1;
      }
    }
    return declares(executor, argument.name) ? -1 : paramOf(argument);
  };
  const indexes: number[] = [];
  const search = searchNode(
    executor.body,
    (candidate) => {
      if (candidate.type !== AST_NODE_TYPES.Identifier || candidate.name !== resolve.name || isPropertyKey(candidate)) {
        return false;
      }
      const parent = candidate.parent;
      const index =
        parent.type === AST_NODE_TYPES.CallExpression && parent.callee === candidate
          ? parent.arguments.length === 1 && parent.arguments[0]
            ? valueOf(parent.arguments[0])
            : -1
          : fulfilled(candidate);
      indexes.push(index);
      return index < 0;
    },
    { limit: MAX_NODES, enterFunctions: true },
  );
  return search.node === null && !search.exhausted && !declares(executor, resolve.name) ? indexes : null;
}

/** Whether a variable or a nested function's parameter named `name` is declared in `fn`'s body (it would shadow the name). */
function declares(fn: FunctionLike, name: string): boolean {
  const found = searchNode(
    fn.body,
    (node) =>
      (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name) ||
      (isFunctionLike(node) && node.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === name)),
    { limit: MAX_NODES, enterFunctions: true },
  );
  return found.node !== null || found.exhausted;
}

/** `{ resolve: … }` or `x.resolve`: the name is a property key, not a reference. */
function isPropertyKey(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  return (
    (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) ||
    (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand)
  );
}


function isThen(node: TSESTree.MemberExpression): boolean {
  return !node.computed && node.property.type === AST_NODE_TYPES.Identifier && node.property.name === 'then';
}
