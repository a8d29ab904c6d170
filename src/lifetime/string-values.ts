import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { nonThrowingCalls } from '../models/non-throwing.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

// String methods in the throw model: a same-file quoting helper (`return
// `"${name.replaceAll('"', '""')}"``) cannot throw, so a throw path through it is no path.
// Without types, a receiver is a string when the code says so where it is declared.

type Variable = TSESLint.Scope.Variable;

/** Whether `method` called on `receiver` with `args` is a string method that cannot throw (see `nonThrowingCalls.strings`). */
export function isStringMethodCall(
  receiver: TSESTree.Node,
  method: string,
  args: readonly TSESTree.CallExpressionArgument[],
  resolve: (node: TSESTree.Node) => Variable | null,
): boolean {
  const { any, literalArguments } = nonThrowingCalls.strings;
  const listed =
    (any as readonly string[]).includes(method) ||
    ((literalArguments as readonly string[]).includes(method) && args.every((argument) => isLiteralArgument(argument, method)));
  return listed && isStringValue(receiver, resolve);
}

/** A string or regular-expression literal (`replaceAll` only with a global one), or a template without substitutions. */
function isLiteralArgument(argument: TSESTree.Node, method: string): boolean {
  if (argument.type === AST_NODE_TYPES.TemplateLiteral) {
    return argument.expressions.length === 0;
  }
  if (argument.type !== AST_NODE_TYPES.Literal) {
    return false;
  }
  if ('regex' in argument) {
    return method !== 'replaceAll' || argument.regex.flags.includes('g');
  }
  return typeof argument.value === 'string';
}

/**
 * A string by its syntax: a string literal or template, or a name that is only ever one —
 * a parameter declared `string` and never assigned, or a `const` declared `string` or
 * initialised with a literal or template.
 */
function isStringValue(node: TSESTree.Node, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.TemplateLiteral || (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string')) {
    return true;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    // `name.trim().toLowerCase()`: a string method that answers a string, on a string.
    const callee = skipTransparentWrappers(inner.callee);
    return (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      !callee.computed &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      (nonThrowingCalls.strings.returnString as readonly string[]).includes(callee.property.name) &&
      isStringValue(callee.object, resolve)
    );
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const variable = resolve(inner);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !definition || definition.name.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const declaredString = definition.name.typeAnnotation?.typeAnnotation.type === AST_NODE_TYPES.TSStringKeyword;
  if (definition.type === DefinitionType.Parameter) {
    return declaredString && variable.references.every((reference) => !reference.isWrite());
  }
  if (definition.type !== DefinitionType.Variable || definition.node.parent.kind !== 'const') {
    return false;
  }
  const init = definition.node.init ? skipTransparentWrappers(definition.node.init) : null;
  return (
    declaredString ||
    init?.type === AST_NODE_TYPES.TemplateLiteral ||
    (init?.type === AST_NODE_TYPES.Literal && typeof init.value === 'string')
  );
}
