import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getSingleInit, resolveVariable, type ScopeGetter, type Variable } from './imports.js';
import { climbTransparentWrappers, skipTransparentWrappers } from './wrappers.js';

/** A function with a body of its own. */
export type FunctionLike = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

/** Whether `node` is a function with a body of its own. */
export function isFunctionLike(node: TSESTree.Node | null | undefined): node is FunctionLike {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/**
 * The same-file function an expression names: a function written in place, a function
 * declaration, or a function bound once to a variable (`const send = (res) => …`), through
 * type wrappers and plain copies. `null` for anything the file does not show.
 */
export function resolveFunction(node: TSESTree.Node, getScope: ScopeGetter, limit = 4): FunctionLike | null {
  let inner = skipTransparentWrappers(node);
  for (let step = 0; step <= limit; step++) {
    if (isFunctionLike(inner)) {
      return inner;
    }
    if (inner.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    const variable = resolveVariable(inner, getScope);
    const definition = variable?.defs[0];
    if (definition?.type === DefinitionType.FunctionName && isFunctionLike(definition.node)) {
      return definition.node;
    }
    const init = getSingleInit(variable);
    if (!init) {
      return null;
    }
    inner = skipTransparentWrappers(init);
  }
  return null;
}

/**
 * The identifier a function is known by in its file: its own name, or the variable,
 * property, class member or assignment target it is bound to. `null` for an anonymous
 * callback.
 */
export function getFunctionNameNode(fn: FunctionLike): TSESTree.Identifier | null {
  if (fn.id) {
    return fn.id;
  }
  const parent = fn.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id : null;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
      return !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier ? parent.key : null;
    case AST_NODE_TYPES.AssignmentExpression: {
      const left = parent.left;
      if (left.type === AST_NODE_TYPES.Identifier) {
        return left;
      }
      return left.type === AST_NODE_TYPES.MemberExpression && !left.computed && left.property.type === AST_NODE_TYPES.Identifier
        ? left.property
        : null;
    }
    default:
      return null;
  }
}

/** The function's name as a string (see {@link getFunctionNameNode}). */
export function getFunctionName(fn: FunctionLike): string | null {
  return getFunctionNameNode(fn)?.name ?? null;
}

/** The variable a function declaration or a `const f = () => …` binds, when it binds one. */
export function getFunctionVariable(fn: FunctionLike, getScope: ScopeGetter): Variable | null {
  let name: TSESTree.Identifier | null = fn.id;
  if (!name && fn.parent.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) {
    name = fn.parent.id;
  }
  return name ? resolveVariable(name, getScope) : null;
}

/**
 * The calls of a same-file function through its variable: every read of the name that
 * is the callee of a call. `complete` is false when some read is not a call (the function
 * is passed on, exported, stored): then other callers may exist.
 */
export function getCallSites(variable: Variable | null): { calls: TSESTree.CallExpression[]; complete: boolean } {
  const calls: TSESTree.CallExpression[] = [];
  let complete = variable !== null;
  for (const reference of variable?.references ?? []) {
    if (!reference.isRead()) {
      continue;
    }
    const outer = climbTransparentWrappers(reference.identifier);
    const parent = outer.parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) {
      calls.push(parent);
    } else {
      complete = false;
    }
  }
  return { calls, complete: complete && calls.length > 0 };
}

/** The name a parameter binds (`x`, `x = 1`, `private x` in a constructor); `null` for a pattern. */
export function getParamName(param: TSESTree.Parameter | undefined): string | null {
  if (!param) {
    return null;
  }
  switch (param.type) {
    case AST_NODE_TYPES.Identifier:
      return param.name;
    case AST_NODE_TYPES.AssignmentPattern:
      return param.left.type === AST_NODE_TYPES.Identifier ? param.left.name : null;
    case AST_NODE_TYPES.TSParameterProperty:
      return getParamName(param.parameter);
    default:
      return null;
  }
}

/** The position of the parameter named `name` in `fn`, or -1. */
export function getParamIndex(fn: FunctionLike, name: string): number {
  return fn.params.findIndex((param) => getParamName(param) === name);
}

/** The innermost function around `node` (not `node` itself), or `null` at the top level. */
export function getEnclosingFunctionLike(node: TSESTree.Node): FunctionLike | null {
  let current = node.parent;
  while (current) {
    if (isFunctionLike(current)) {
      return current;
    }
    current = current.parent;
  }
  return null;
}
