import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { contains, isLoopNode } from '../flow/syntax.js';
import type { Site } from './site.js';
import { getWriteReferences } from '../util/references.js';

type Variable = TSESLint.Scope.Variable;

// What a test of a variable can tell a path: whether the variable is a `true`/`false` flag
// or never changes (so two tests of it take the same side), and a flag's value where a
// site acquires.

/** A flag's value where `site` acquires, when the code before it decides it (DomainContext.flagValueAtAcquisition). */
export function getFlagValueAt(variable: Variable, site: Site): boolean | null {
  const acquisition = site.value;
  const [definition] = variable.defs;
  const declarator = definition?.node as TSESTree.Node | undefined;
  if (
    !acquisition ||
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init?.type !== AST_NODE_TYPES.Literal ||
    typeof declarator.init.value !== 'boolean' ||
    declarator.range[1] > acquisition.range[0]
  ) {
    return null;
  }
  // Written between the declaration and the acquisition, or in a loop around the
  // acquisition (an earlier iteration), the value there is not the initial one.
  const loops = getEnclosingLoops(acquisition, site.fn);
  const rewritten = variable.references.some((reference) => {
    if (!reference.isWrite() || reference.init) {
      return false;
    }
    const at = reference.identifier.range[0];
    return at < acquisition.range[0] || loops.some((loop) => contains(loop, reference.identifier));
  });
  return rewritten ? null : declarator.init.value;
}

/** See DomainContext.conditionKind. */
export function getConditionKind(variable: Variable): 'flag' | 'stable' | null {
  const writes = getWriteReferences(variable);
  const reads = variable.references.filter((reference) => reference.isRead()).length;
  if (!writes.some((reference) => !reference.init)) {
    // Only a variable tested twice can make one test decide another.
    const tests = variable.references.filter((reference) => isTested(reference.identifier)).length;
    return tests >= 2 && variable.defs.every((definition) => definition.type !== DefinitionType.ImportBinding)
      ? 'stable'
      : null;
  }
  const home = variable.scope.variableScope;
  const isFlag = writes.every(
    (reference) =>
      reference.from.variableScope === home &&
      reference.writeExpr?.type === AST_NODE_TYPES.Literal &&
      typeof reference.writeExpr.value === 'boolean' &&
      // `x = true` or `let x = false`, not `x ||= true`.
      (reference.init === true ||
        (reference.identifier.parent.type === AST_NODE_TYPES.AssignmentExpression &&
          reference.identifier.parent.operator === '=')),
  );
  return isFlag && reads > 0 ? 'flag' : null;
}

/** Whether `identifier` is itself a condition: `if (x)`, `!x`, `x && …`, `x ? … : …`. */
function isTested(identifier: TSESTree.Node): boolean {
  const parent = identifier.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === identifier;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.LogicalExpression:
      return parent.operator !== '??';
    default:
      return false;
  }
}

/** The loops between `node` and `fn`. */
function getEnclosingLoops(node: TSESTree.Node, fn: TSESTree.Node): TSESTree.Node[] {
  const loops: TSESTree.Node[] = [];
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isLoopNode(current)) {
      loops.push(current);
    }
  }
  return loops;
}
