import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Site } from '../lifetime/site.js';
import { collectUnawaitedReturns, getRemovalUnit, getStatementDeletion, getStatementInBlock, isInNestedFunction } from './statements.js';
import type { Edit } from './text.js';
import { hasEscape } from './escapes.js';
import { getWriteReferences } from '../util/references.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The `using` keyword a disposal needs. */
export function getUsingKeyword(disposal: 'async' | 'sync'): 'await using' | 'using' {
  return disposal === 'async' ? 'await using' : 'using';
}

/** Whether the file imports one of `packages` (`import … from 'mysql2/promise'`). */
export function importsPackage(sourceCode: SourceCode, packages: readonly string[]): boolean {
  return sourceCode.ast.body.some(
    (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && packages.includes(statement.source.value),
  );
}

/**
 * `const client = …` becomes `await using client = …` (or `using`): the declaration is one
 * identifier in a block of the acquiring function, the value is never handed on (disposing
 * would release it under its new owner) nor reassigned, and its releases are statements of
 * their own in the function, which the fix removes (disposing again would repeat them).
 * Returns of unawaited calls get `await`, so the disposal waits for them. `null` otherwise.
 */
export function planUsing(site: Site, sourceCode: SourceCode, keyword: 'await using' | 'using'): Edit[] | null {
  if (site.destination.kind !== 'variable' || site.value === null || site.choice !== null) {
    return null;
  }
  if (keyword === 'await using' && !site.fn.async) {
    return null;
  }
  const { variable } = site.destination;
  const found = getStatementInBlock(site.value);
  const declaration = found?.statement;
  if (
    !found ||
    declaration?.type !== AST_NODE_TYPES.VariableDeclaration ||
    (declaration.kind !== 'const' && declaration.kind !== 'let') ||
    declaration.declarations.length !== 1 ||
    declaration.declarations[0]?.id.type !== AST_NODE_TYPES.Identifier ||
    variable.defs[0]?.parent !== declaration
  ) {
    return null;
  }
  if (getWriteReferences(variable).some((reference) => !reference.init) || hasEscape(site, site.fn)) {
    return null;
  }
  const edits: Edit[] = [{ start: declaration.range[0], end: declaration.range[0] + declaration.kind.length, text: keyword }];
  for (const call of site.releaseCalls) {
    const statement = getReleaseStatement(call, site.name, site.releaseCall);
    if (!statement || isInNestedFunction(call, site.fn) || !found.block.body.some((s) => s.range[0] <= call.range[0] && call.range[1] <= s.range[1])) {
      return null;
    }
    const unit = getRemovalUnit(statement);
    if (!unit || unit.clause) {
      return null;
    }
    const deletion = getStatementDeletion(sourceCode, unit.node);
    if (!deletion || deletion.comments.length > 0 || deletion.trailing.length > 0) {
      return null;
    }
    edits.push(deletion.edit);
  }
  const rest = found.block.body.slice(found.block.body.indexOf(declaration) + 1);
  for (const argument of collectUnawaitedReturns(rest)) {
    edits.push({ start: argument.range[0], end: argument.range[0], text: 'await ' });
  }
  return edits;
}

/** `name.release();` or `await name.release();`, the model's release call: the statement, else `null`. */
function getReleaseStatement(call: TSESTree.CallExpression, name: string, releaseCall: string): TSESTree.ExpressionStatement | null {
  const callee = call.callee;
  if (
    call.arguments.length > 0 ||
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== name ||
    callee.property.type !== AST_NODE_TYPES.Identifier ||
    `.${callee.property.name}()` !== releaseCall
  ) {
    return null;
  }
  const holder = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent.parent : call.parent;
  return holder.type === AST_NODE_TYPES.ExpressionStatement ? holder : null;
}
