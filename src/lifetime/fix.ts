import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { contains, getPropertyName, isFunctionNode, skipTypeWrappers } from '../flow/syntax.js';
import type { Site } from './site.js';

/** A mechanical fix: the release written into a new `finally`, and the edit. */
export interface TryFinallyFix {
  readonly release: string;
  readonly apply: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
}

/** The statement that holds `node`, directly inside a block. */
function getStatementInBlock(node: TSESTree.Node): { statement: TSESTree.Statement; block: TSESTree.BlockStatement } | null {
  let current: TSESTree.Node = node;
  while (current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      return { statement: current as TSESTree.Statement, block: parent };
    }
    if (
      parent.type !== AST_NODE_TYPES.VariableDeclarator &&
      parent.type !== AST_NODE_TYPES.VariableDeclaration &&
      parent.type !== AST_NODE_TYPES.AwaitExpression &&
      parent.type !== AST_NODE_TYPES.ExpressionStatement &&
      parent.type !== AST_NODE_TYPES.TSAsExpression &&
      parent.type !== AST_NODE_TYPES.TSNonNullExpression
    ) {
      return null;
    }
    current = parent;
  }
  return null;
}

/**
 * Whether `statement` is exactly the release the fix writes (`x.release();`, `await
 * x.end();`) for one of `calls`: another way to settle the resource (`stream.pipe(res)`)
 * is work the fix must not replace.
 */
function isReleaseStatement(
  statement: TSESTree.Statement,
  calls: readonly TSESTree.CallExpression[],
  releaseCall: string,
): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) {
    return false;
  }
  let expression = skipTypeWrappers(statement.expression);
  if (expression.type === AST_NODE_TYPES.AwaitExpression) {
    expression = skipTypeWrappers(expression.argument);
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression || !calls.includes(expression)) {
    return false;
  }
  const callee = skipTypeWrappers(expression.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return method !== null && expression.arguments.length === 0 && releaseCall === `.${method}()`;
}

/** Arguments of `return` statements in `statements` (outside nested functions) that are unawaited calls. */
function collectUnawaitedReturns(statements: readonly TSESTree.Node[]): TSESTree.Expression[] {
  const found: TSESTree.Expression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) {
      return;
    }
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) {
      const argument = skipTypeWrappers(node.argument);
      if (argument.type === AST_NODE_TYPES.CallExpression) {
        found.push(node.argument);
      }
    }
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && child !== node.parent && typeof (child as TSESTree.Node).type === 'string') {
          visit(child as TSESTree.Node);
        }
      }
    }
  };
  for (const statement of statements) {
    visit(statement);
  }
  return found;
}

/**
 * Wraps the statements after the acquisition in `try { … } finally { release }`, where
 * that is mechanical: the acquisition is its own statement in a block, the resource has a
 * release method, and no release sits in the rest except, optionally, as its last
 * statement (which moves into the `finally`).
 */
export function getTryFinallyFix(site: Site, sourceCode: Readonly<TSESLint.SourceCode>): TryFinallyFix | null {
  if (site.destination.kind !== 'variable' || !site.releaseCall.startsWith('.') || site.value === null) {
    return null;
  }
  if (site.node.parent?.type === AST_NODE_TYPES.ChainExpression) {
    // `await this.pool?.connect()` may hold nothing: a plain release in `finally` could throw.
    return null;
  }
  const found = getStatementInBlock(site.value);
  if (!found) {
    return null;
  }
  const { statement, block } = found;
  if (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length !== 1) {
    return null;
  }
  const index = block.body.indexOf(statement);
  let rest = block.body.slice(index + 1);
  const last = rest.at(-1);
  if (last && isReleaseStatement(last, site.releaseCalls, site.releaseCall)) {
    rest = rest.slice(0, -1);
  }
  const [firstOfRest] = rest;
  const lastOfRest = rest.at(-1);
  if (!firstOfRest || !lastOfRest) {
    return null;
  }
  const remaining = rest.some((node) => site.releaseCalls.some((call) => contains(node, call)));
  const movesHoisted = rest.some((node) => node.type === AST_NODE_TYPES.FunctionDeclaration);
  const releasedBefore = site.releaseCalls.some((call) => call.range[1] <= statement.range[1]);
  if (remaining || movesHoisted || releasedBefore) {
    return null;
  }
  const awaitPrefix = site.releaseIsAsync && site.fn.async ? 'await ' : '';
  const release = `${awaitPrefix}${site.name}${site.releaseCall}`;
  const indent = ' '.repeat(statement.loc.start.column);
  const start = firstOfRest.range[0];
  const end = (last && last !== lastOfRest ? last : lastOfRest).range[1];
  // `return client.query(…)` inside the new `try` would let `finally` release the
  // connection while the query still runs: such returns await their value.
  const returns = collectUnawaitedReturns(rest);
  if (returns.length > 0 && !site.fn.async) {
    return null;
  }
  let rested = sourceCode.text.slice(start, lastOfRest.range[1]);
  for (const argument of returns.sort((a, b) => b.range[0] - a.range[0])) {
    const offset = argument.range[0] - start;
    rested = `${rested.slice(0, offset)}await ${rested.slice(offset)}`;
  }
  const body = rested.replace(/\n/g, '\n  ');
  const text = `try {\n${indent}  ${body}\n${indent}} finally {\n${indent}  ${release};\n${indent}}`;
  return {
    release,
    apply: (fixer) => fixer.replaceTextRange([start, end], text),
  };
}
