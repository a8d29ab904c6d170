import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { anyStatusMethod, anyStatusProperty } from './responses.js';
import { asIdentifier } from './scope.js';

function isNamed(node: TSESTree.Node | null | undefined, name: string): boolean {
  return asIdentifier(node)?.name === name;
}

/**
 * Whether `node`, inside a helper whose parameter `name` is a response object, may set
 * its status, whatever the parameter is called: `name.status(…)`, `name.statusCode = …`,
 * or handing `name` on to other code.
 */
export function touchesStatus(node: TSESTree.Node, name: string): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTransparentWrappers(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && isNamed(callee.object, name) && anyStatusMethod.has(getPropertyName(callee) ?? '')) {
        return true;
      }
      return node.arguments.some((argument) => isNamed(argument, name));
    }
    case AST_NODE_TYPES.AssignmentExpression: {
      if (isNamed(node.right, name)) {
        return true;
      }
      const left = node.left;
      if (left.type !== AST_NODE_TYPES.MemberExpression || !anyStatusProperty.has(getPropertyName(left) ?? '')) {
        return false;
      }
      const object = skipTransparentWrappers(left.object);
      return isNamed(object, name) || (object.type === AST_NODE_TYPES.MemberExpression && isNamed(object.object, name));
    }
    case AST_NODE_TYPES.VariableDeclarator:
      return isNamed(node.init, name);
    case AST_NODE_TYPES.ReturnStatement:
      return isNamed(node.argument, name);
    default:
      return false;
  }
}
