import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionLike } from '../util/functions.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

// A releaser under a condition: `function done(client, nested) { if (!nested) client.release(); }`
// releases its client unless `nested` is truthy. Its summary alone says "a use" (one path
// keeps the client); a call whose argument for the flag is known (`done(client, false)`, a
// `const` literal, an omitted argument) gets the summary worked out for that value.

type Variable = TSESLint.Scope.Variable;

/** A parameter's known truthiness at one call: `[index, truthy]`. */
export type KnownArgument = readonly [number, boolean];

/** How many known arguments one call's summary is worked out for. */
const MAX_KNOWN = 3;

/**
 * The truthiness of the arguments `call` passes to the parameters of `fn` (other than
 * `index`) that `fn` tests (`if (!nested)`, `nested ? … : …`, `nested || …`) and never
 * assigns, where the call's syntax decides it: a literal, `undefined`, `void …`, `!` of one
 * of those, a `const` with a literal value, or an argument left out (its default, or
 * `undefined`). Empty when nothing is known, or a spread argument hides the positions.
 */
export function getKnownArguments(
  fn: FunctionLike,
  call: TSESTree.CallExpression,
  index: number,
  /** Resolves names in `fn`'s module. */
  resolve: (node: TSESTree.Node) => Variable | null,
  /** Resolves names in `call`'s module (another one when `fn` is imported). */
  resolveAtCall: (node: TSESTree.Node) => Variable | null = resolve,
): KnownArgument[] {
  const known: KnownArgument[] = [];
  const spread = call.arguments.findIndex((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
  for (const [position, param] of fn.params.entries()) {
    if (position === index || (spread >= 0 && position >= spread) || known.length >= MAX_KNOWN) {
      continue;
    }
    const name = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    const variable = name.type === AST_NODE_TYPES.Identifier ? resolve(name) : null;
    if (!variable || !isTestedNeverWritten(variable, name)) {
      continue;
    }
    const argument = call.arguments[position];
    let value: boolean | null;
    if (argument === undefined) {
      value = param.type === AST_NODE_TYPES.AssignmentPattern ? getTruthiness(param.right, resolve) : false;
    } else {
      value = getTruthiness(argument, resolveAtCall);
    }
    if (value !== null) {
      known.push([position, value]);
    }
  }
  return known;
}

/** Whether `variable` is never assigned (but by its default, at `declared`) and read at least once as a test. */
function isTestedNeverWritten(variable: Variable, declared: TSESTree.Node): boolean {
  let tested = false;
  for (const reference of variable.references) {
    if (reference.isWrite()) {
      if (reference.identifier === declared) {
        continue;
      }
      return false;
    }
    let node: TSESTree.Node = reference.identifier;
    let parent = parentOf(node);
    while (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') {
      node = parent;
      parent = parentOf(node);
    }
    if (!parent) {
      continue;
    }
    tested ||=
      ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test === node) ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.left === node);
  }
  return tested;
}

/** A node's parent, which the types promise but a detached tree may lack. */
function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  return node.parent;
}

/** The truthiness of `node` when its syntax decides it; `null` otherwise. */
function getTruthiness(node: TSESTree.Node, resolve: (node: TSESTree.Node) => Variable | null, depth = 0): boolean | null {
  const inner = skipTransparentWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      return 'regex' in inner ? true : Boolean(inner.value);
    case AST_NODE_TYPES.UnaryExpression: {
      if (inner.operator === 'void') {
        return false;
      }
      const operand = inner.operator === '!' ? getTruthiness(inner.argument, resolve, depth) : null;
      return operand === null ? null : !operand;
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = resolve(inner);
      if (inner.name === 'undefined' && (!variable || variable.defs.length === 0)) {
        return false;
      }
      const declarator = variable?.defs[0]?.node;
      // `const nested = false` (one level: a constant of a constant is rare).
      return depth === 0 &&
        declarator?.type === AST_NODE_TYPES.VariableDeclarator &&
        declarator.parent.kind === 'const' &&
        declarator.init
        ? getTruthiness(declarator.init, resolve, depth + 1)
        : null;
    }
    default:
      return null;
  }
}
