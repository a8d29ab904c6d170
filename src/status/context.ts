import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName, getTrailingName } from '../flow/syntax.js';
import {
  errorBaseClasses,
  failureNamePattern,
  failurePropertyPattern,
  limiterLibraries,
  limitSenseByName,
  refusalPhrases,
  refusalStatus,
  remainingNamePatterns,
  successPropertyNames,
  usedNamePatterns,
} from '../http/index.js';
import { isFunctionLike } from '../util/functions.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { isLimiterName, type Limiters } from './limiters.js';

/**
 * What a condition says about a branch: `in` when its truthy side is the branch looked
 * for (refused, failed), `out` when its truthy side is the other one, `null` when it says
 * nothing the analysis can read.
 */
export type Sense = 'in' | 'out' | null;

/** Where a walk up from a send ended: inside a branch (with why), on the other side, or nowhere. */
export type Placement = { readonly reason: string } | 'outside' | null;

const failureNameRegex = new RegExp(failureNamePattern, 'u');
const failurePropertyRegex = new RegExp(failurePropertyPattern, 'u');
const remainingRegex = new RegExp(remainingNamePatterns.join('|'), 'iu');
const usedRegex = new RegExp(usedNamePatterns.join('|'), 'iu');
const refusalRegex = new RegExp(refusalPhrases.join('|'), 'iu');
const senseRegexes = limitSenseByName.map(({ pattern, sense }) => ({ regex: new RegExp(pattern, 'iu'), sense }));
const refusalClasses = new Set<string>(
  limiterLibraries.flatMap((library) => ('refusalClasses' in library ? [...library.refusalClasses] : [])),
);
const errorBases = new Set(errorBaseClasses);

function flip(sense: Sense): Sense {
  return sense === 'in' ? 'out' : sense === 'out' ? 'in' : null;
}

/** `a && b`, `a || b`: the senses of the sides that have one, when they agree. */
function combine(left: Sense, right: Sense): Sense {
  if (left === null) {
    return right;
  }
  if (right === null || right === left) {
    return left;
  }
  return null;
}

const MIRROR: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function isNullish(node: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(node);
  return (
    (inner.type === AST_NODE_TYPES.Literal && inner.value === null) ||
    (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined')
  );
}

function literalValue(node: TSESTree.Node): unknown {
  const inner = skipTransparentWrappers(node);
  return inner.type === AST_NODE_TYPES.Literal ? inner.value : undefined;
}

/** Reads conditions for "the caller was rate-limited". */
export class LimitSenses {
  constructor(private readonly limiters: Limiters) {}

  sense(test: TSESTree.Node): Sense {
    const inner = skipTransparentWrappers(test);
    switch (inner.type) {
      case AST_NODE_TYPES.UnaryExpression:
        return inner.operator === '!' ? flip(this.sense(inner.argument)) : null;
      case AST_NODE_TYPES.LogicalExpression:
        return inner.operator === '??' ? null : combine(this.sense(inner.left), this.sense(inner.right));
      case AST_NODE_TYPES.BinaryExpression:
        return this.senseOfBinary(inner);
      case AST_NODE_TYPES.AwaitExpression:
        return this.sense(inner.argument);
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
      case AST_NODE_TYPES.CallExpression:
        return this.senseOfName(inner);
      default:
        return null;
    }
  }

  private senseOfName(node: TSESTree.Identifier | TSESTree.MemberExpression | TSESTree.CallExpression): Sense {
    const named = node.type === AST_NODE_TYPES.CallExpression ? node.callee : node;
    const name = getTrailingName(named);
    if (name === null) {
      return null;
    }
    const match = senseRegexes.find(({ regex }) => regex.test(name));
    if (!match) {
      return null;
    }
    // `success`, `allowed`, `ok` mean something only when a limiter answered them;
    // `isRateLimited`, `tooManyRequests`, `limited` say it themselves.
    const selfEvident = isLimiterName(name) || /limited$/iu.test(name);
    if (!selfEvident && !this.limiters.isLimiterResult(node)) {
      return null;
    }
    return match.sense === 'limited' ? 'in' : 'out';
  }

  private senseOfBinary(node: TSESTree.BinaryExpression): Sense {
    const { operator, left, right } = node;
    if (operator === 'instanceof') {
      const name = getTrailingName(right) ?? '';
      // `rejection instanceof Error` in the catch of `consume()`: the store failed, it
      // did not refuse. Anywhere else an error test says nothing about a limiter.
      if (errorBases.has(name)) {
        return this.limiters.isRejectedValue(left) ? 'out' : null;
      }
      return refusalClasses.has(name) || isLimiterName(name) ? 'in' : null;
    }
    if (left.type === AST_NODE_TYPES.PrivateIdentifier) {
      return null;
    }
    if (operator === '===' || operator === '==' || operator === '!==' || operator === '!=') {
      const equal = operator === '===' || operator === '==';
      for (const [subject, other] of [
        [left, right],
        [right, left],
      ] as const) {
        const value = literalValue(other);
        if (value === refusalStatus || value === String(refusalStatus)) {
          return equal ? 'in' : 'out';
        }
        if (typeof value === 'string' && (refusalRegex.test(value) || isLimiterName(value))) {
          return equal ? 'in' : 'out';
        }
        if (value === 0 && this.isCounter(subject, remainingRegex)) {
          return equal ? 'in' : 'out';
        }
        if (typeof value === 'boolean') {
          const sense = this.sense(subject);
          return (value === equal) ? sense : flip(sense);
        }
      }
      return null;
    }
    if (!(operator in MIRROR)) {
      return null;
    }
    // `remaining <= 0` / `used > max`, either way round.
    if (this.isCounter(left, remainingRegex)) {
      return operator === '<' || operator === '<=' ? 'in' : 'out';
    }
    if (this.isCounter(right, remainingRegex)) {
      return operator === '>' || operator === '>=' ? 'in' : 'out';
    }
    if (this.isCounter(left, usedRegex)) {
      return operator === '>' || operator === '>=' ? 'in' : 'out';
    }
    if (this.isCounter(right, usedRegex)) {
      return operator === '<' || operator === '<=' ? 'in' : 'out';
    }
    return null;
  }

  /** A counter of a limiter: named like one and read from a limiter's answer (or named after one). */
  private isCounter(node: TSESTree.Node, regex: RegExp): boolean {
    const name = getTrailingName(node);
    if (name === null || !regex.test(name)) {
      return false;
    }
    return this.limiters.isLimiterResult(node) || this.limiters.isLimiter(node);
  }
}

/** Reads conditions for "this is a failure": `if (err)`, `if (!result.ok)`, `if (res.error)`. */
export function getFailureSense(test: TSESTree.Node): Sense {
  const inner = skipTransparentWrappers(test);
  switch (inner.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return inner.operator === '!' ? flip(getFailureSense(inner.argument)) : null;
    case AST_NODE_TYPES.LogicalExpression:
      return inner.operator === '??' ? null : combine(getFailureSense(inner.left), getFailureSense(inner.right));
    case AST_NODE_TYPES.Identifier:
      return failureNameRegex.test(inner.name) ? 'in' : null;
    case AST_NODE_TYPES.MemberExpression: {
      const name = getPropertyName(inner) ?? '';
      if (failurePropertyRegex.test(name)) {
        return 'in';
      }
      return successPropertyNames.includes(name) ? 'out' : null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (inner.operator === 'instanceof') {
        return getFailureSense(inner.left) === 'in' || errorBases.has(getTrailingName(inner.right) ?? '') ? 'in' : null;
      }
      const equal = inner.operator === '===' || inner.operator === '==';
      if (!equal && inner.operator !== '!==' && inner.operator !== '!=') {
        return null;
      }
      for (const [subject, other] of [
        [inner.left, inner.right],
        [inner.right, inner.left],
      ] as const) {
        if (isNullish(other)) {
          return equal ? flip(getFailureSense(subject)) : getFailureSense(subject);
        }
        const value = literalValue(other);
        if (typeof value === 'boolean') {
          const sense = getFailureSense(subject);
          return value === equal ? sense : flip(sense);
        }
      }
      return null;
    }
    default:
      return null;
  }
}

function alwaysExits(node: TSESTree.Statement): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = node.body.at(-1);
      return last !== undefined && alwaysExits(last);
    }
    case AST_NODE_TYPES.IfStatement:
      return node.alternate !== null && alwaysExits(node.consequent) && alwaysExits(node.alternate);
    default:
      return false;
  }
}

/**
 * Walks up from `node` to its function, looking for the branch it sits in. `sense`
 * reads conditions; `atAncestor` may decide on other ancestors (a `catch` clause).
 * The innermost decision wins. Early exits count: after `if (ok) return next();` the
 * rest of the block is the branch where `ok` is false.
 */
export function findBranch(
  node: TSESTree.Node,
  sense: (test: TSESTree.Node) => Sense,
  describeTest: (test: TSESTree.Node, truthy: boolean) => string,
  atAncestor: (ancestor: TSESTree.Node, child: TSESTree.Node) => Placement,
): Placement {
  let child = node;
  let parent = node.parent;
  while (parent && !isFunctionLike(parent)) {
    const decided = atAncestor(parent, child) ?? placeInParent(parent, child, sense, describeTest);
    if (decided !== null) {
      return decided;
    }
    child = parent;
    parent = parent.parent;
  }
  return null;
}

function placeBySide(
  test: TSESTree.Node,
  truthySide: boolean,
  sense: (test: TSESTree.Node) => Sense,
  describeTest: (test: TSESTree.Node, truthy: boolean) => string,
): Placement {
  const said = sense(test);
  if (said === null) {
    return null;
  }
  const inside = (said === 'in') === truthySide;
  return inside ? { reason: describeTest(test, truthySide) } : 'outside';
}

function placeInParent(
  parent: TSESTree.Node,
  child: TSESTree.Node,
  sense: (test: TSESTree.Node) => Sense,
  describeTest: (test: TSESTree.Node, truthy: boolean) => string,
): Placement {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      if (child === parent.test) {
        return null;
      }
      return placeBySide(parent.test, child === parent.consequent, sense, describeTest);
    case AST_NODE_TYPES.LogicalExpression:
      if (child !== parent.right || parent.operator === '??') {
        return null;
      }
      return placeBySide(parent.left, parent.operator === '&&', sense, describeTest);
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.SwitchCase: {
      const statements: readonly TSESTree.Node[] = parent.type === AST_NODE_TYPES.BlockStatement ? parent.body : parent.consequent;
      const index = statements.indexOf(child);
      for (let i = index - 1; i >= 0; i--) {
        const previous = statements[i];
        if (previous?.type === AST_NODE_TYPES.IfStatement && previous.alternate === null && alwaysExits(previous.consequent)) {
          const placed = placeBySide(previous.test, false, sense, describeTest);
          if (placed !== null) {
            return placed;
          }
        }
      }
      return null;
    }
    default:
      return null;
  }
}
