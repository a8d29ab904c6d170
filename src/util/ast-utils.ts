import { findVariable as findVariableIn, getFunctionNameWithKind as functionNameWithKind } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';

/**
 * The two scope and naming helpers the analysis takes from @eslint-community/eslint-utils
 * (the package ESLint itself depends on), typed for typescript-eslint's AST and scopes. They
 * are imported from there, not from `@typescript-eslint/utils`, whose peer range on
 * `typescript` excludes TypeScript 7 and would make npm warn in such projects.
 */
export const ASTUtils = {
  /** The variable `nameOrNode` names, looked up from `initialScope` outwards; `null` if undeclared. */
  findVariable(initialScope: TSESLint.Scope.Scope, nameOrNode: string | TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return findVariableIn(initialScope as never, nameOrNode) as TSESLint.Scope.Variable | null;
  },
  /** `async function 'name'`, `method 'run'`, `arrow function`: a function as messages name it. */
  getFunctionNameWithKind(node: TSESTree.FunctionLike, sourceCode?: TSESLint.SourceCode): string {
    return functionNameWithKind(node as never, sourceCode as never);
  },
};
