import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getStatementDeletion } from './statements.js';
import type { Edit } from './text.js';

/**
 * Hoisting for a wrapped region: `const rows = await client.query(…)` moved into a new
 * `try` block is no longer visible after it, so a declaration whose names are used after
 * the region becomes `let rows;` before the `try` and `rows = await client.query(…);`
 * inside it.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The `let` to write before the `try`, and the edits that turn the declarations into assignments. */
export interface Hoisting {
  readonly declarations: readonly string[];
  readonly edits: readonly Edit[];
}

function isUsedOutside(sourceCode: SourceCode, node: TSESTree.Node, start: number, end: number): boolean {
  return sourceCode.scopeManager
    ?.getDeclaredVariables(node)
    .some((variable) =>
      variable.references.some((reference) => reference.identifier.range[0] < start || reference.identifier.range[1] > end),
    ) ?? true;
}

/** Whether a statement starting with `(` here could continue the statement before it. */
function needsGuard(sourceCode: SourceCode, statement: TSESTree.Node): boolean {
  const before = sourceCode.getTokenBefore(statement);
  if (!before || before.value === ';' || before.value === '{') {
    return false;
  }
  if (before.value !== '}') {
    return true;
  }
  const closed = sourceCode.getNodeByRangeIndex(before.range[0]);
  return !(
    closed?.type === AST_NODE_TYPES.BlockStatement ||
    closed?.type === AST_NODE_TYPES.SwitchStatement ||
    closed?.type === AST_NODE_TYPES.ClassBody ||
    closed?.type === AST_NODE_TYPES.StaticBlock
  );
}

/** The edits of one hoisted declaration, or `null` when it cannot be split into `let` and assignment. */
function hoistDeclaration(sourceCode: SourceCode, declaration: TSESTree.VariableDeclaration, first: boolean): Hoisting | null {
  const { declarations } = declaration;
  const [only] = declarations;
  if (declarations.length === 1 && only.init === null) {
    // `let x;` moves before the `try` as it is.
    const deletion = getStatementDeletion(sourceCode, declaration);
    if (!deletion || deletion.comments.length > 0 || deletion.trailing.length > 0) {
      return null;
    }
    return { declarations: [sourceCode.getText(only)], edits: [deletion.edit] };
  }
  if (declarations.some((declarator) => declarator.init === null)) {
    return null;
  }
  const names: string[] = [];
  const edits: Edit[] = [{ start: declaration.range[0], end: only.range[0], text: '' }];
  for (const declarator of declarations) {
    const { id } = declarator;
    if (id.type === AST_NODE_TYPES.Identifier) {
      names.push(`${id.name}${id.typeAnnotation ? sourceCode.getText(id.typeAnnotation) : ''}`);
      if (id.typeAnnotation) {
        edits.push({ start: id.typeAnnotation.range[0], end: id.typeAnnotation.range[1], text: '' });
      }
      continue;
    }
    if (declarations.length !== 1 || id.typeAnnotation) {
      return null;
    }
    for (const variable of sourceCode.scopeManager?.getDeclaredVariables(declarator) ?? []) {
      names.push(variable.name);
    }
    // `({ rows } = …)`: a statement may not start with `{`; `;` keeps a line starting
    // with `(` or `[` from continuing the one before it in code without semicolons.
    const guard = first || !needsGuard(sourceCode, declaration) ? '' : ';';
    edits[0] = { start: declaration.range[0], end: declarator.range[0], text: `${guard}(` };
    edits.push({ start: declarator.range[1], end: declarator.range[1], text: ')' });
  }
  return { declarations: names, edits };
}

/**
 * The hoisting the region `[start, end)` of `statements` needs, or `null` when a name it
 * declares is used after it and cannot be hoisted (a function or class declaration, a
 * `using` declaration, a destructuring with a type).
 */
export function getHoisting(sourceCode: SourceCode, statements: readonly TSESTree.Statement[], start: number, end: number): Hoisting | null {
  const declarations: string[] = [];
  const edits: Edit[] = [];
  for (const statement of statements) {
    const node =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration ? statement.declaration : statement;
    switch (node.type) {
      case AST_NODE_TYPES.VariableDeclaration: {
        if (node.kind === 'var' || !isUsedOutside(sourceCode, node, start, end)) {
          break;
        }
        if (node.kind !== 'let' && node.kind !== 'const') {
          return null;
        }
        const hoisted = hoistDeclaration(sourceCode, node, statement === statements[0]);
        if (!hoisted) {
          return null;
        }
        declarations.push(...hoisted.declarations);
        edits.push(...hoisted.edits);
        break;
      }
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.TSEnumDeclaration:
        if (isUsedOutside(sourceCode, node, start, end)) {
          return null;
        }
        break;
      default:
        break;
    }
  }
  return { declarations, edits };
}
