import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionNode, Region } from '../flow/interpreter.js';
import { contains } from '../flow/syntax.js';
import type { Site } from './site.js';

// The part of a function a site's interpretation has to cover, and the cheap facts that
// let it skip one.

/**
 * The part of the function a site's lifetime can span: from the statement that acquires
 * to the end of the block that scopes its holder (or, for a value that is not kept in a
 * variable, of the block around the acquisition). Statements before the acquisition
 * cannot touch it, and a block-scoped holder dies with its block, where a leak on any
 * path out of the block is found. `null` means the whole function.
 */
export function getRegion(site: Site): Region | null {
  if (site.value === null || site.fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return null;
  }
  let scope: TSESTree.Node = site.value;
  if (site.destination.kind === 'variable') {
    const holderScope = site.destination.variable.scope.block as TSESTree.Node;
    scope = holderScope === site.fn ? site.fn.body : holderScope;
  }
  let block: TSESTree.Node | undefined = scope;
  while (block && block.type !== AST_NODE_TYPES.BlockStatement) {
    block = block.parent;
  }
  if (!block || !contains(site.fn, block)) {
    return null;
  }
  // A `finally` outside the block may override a `return` from inside it: keep it in view.
  for (let current: TSESTree.Node = block; current !== site.fn; current = current.parent ?? site.fn) {
    if (current.parent?.type === AST_NODE_TYPES.TryStatement && current.parent.finalizer && current.parent.finalizer !== current) {
      return null;
    }
  }
  const statement = block.body.find((child) => contains(child, site.value ?? child));
  return statement ? { block, statement } : null;
}

/**
 * A fast path for reachability: `statement` sits in straight-line code (blocks and `try`
 * blocks) after only declarations and expression statements, so a path reaches it.
 */
export function isPlainlyReachable(statement: TSESTree.Node, fn: FunctionNode): boolean {
  let current: TSESTree.Node = statement;
  while (current !== fn.body) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.BlockStatement) {
      for (const sibling of parent.body) {
        if (sibling === current) {
          break;
        }
        if (sibling.type !== AST_NODE_TYPES.VariableDeclaration && sibling.type !== AST_NODE_TYPES.ExpressionStatement) {
          return false;
        }
      }
    } else if (parent?.type !== AST_NODE_TYPES.TryStatement || parent.block !== current) {
      return false;
    }
    current = parent;
  }
  return true;
}

/** Whether the site's acquisition sits in a `try` (or `catch`) that has a `finally`. */
export function isUnderFinally(site: Site): boolean {
  let current: TSESTree.Node = site.node;
  while (current !== site.fn && current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer && parent.finalizer !== current) {
      return true;
    }
    current = parent;
  }
  return false;
}
