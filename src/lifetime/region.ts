import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionNode } from '../flow/interpreter.js';
import { getResumePoint, type Region } from '../flow/resume.js';
import type { Site } from './site.js';

// The part of a function a site's interpretation has to cover, and the cheap facts that
// let it skip one.

/**
 * Where a site's interpretation starts: at the statement that acquires, going on from there
 * to the end of the function (see getResumePoint): statements before the acquisition
 * cannot touch it. `null` means the whole function (a resource open on entry, an
 * expression body).
 */
export function getRegion(site: Site): Region | null {
  return site.value === null ? null : getResumePoint(site.fn, site.value);
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
