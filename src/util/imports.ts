import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { ASTUtils } from './ast-utils.js';
import { getWriteReferences } from './references.js';
import { skipAwaitAndWrappers, skipTransparentWrappers } from './wrappers.js';

/** A scope-analysis variable. */
export type Variable = TSESLint.Scope.Variable;

/** Finds the scope a node is in; a rule passes `(node) => context.sourceCode.getScope(node)`. */
export type ScopeGetter = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/**
 * Where a local name's value comes from when it is a module's export: the package (or
 * path) it is imported from, and which export: a name, `default`, or `*` for the module
 * object itself (`import * as pg`, `const pg = require('pg')`, `import pg = require('pg')`).
 */
export interface ImportBinding {
  readonly source: string;
  readonly imported: string;
}

/** The variable `identifier` refers to, by scope analysis; `null` for an undeclared global. */
export function resolveVariable(identifier: TSESTree.Identifier, getScope: ScopeGetter): Variable | null {
  return ASTUtils.findVariable(getScope(identifier), identifier.name);
}

/** `'pg'` in `require('pg')` (also `await import('pg')`), else `null`. */
export function getRequiredSource(node: TSESTree.Node): string | null {
  const inner = skipAwaitAndWrappers(node);
  let argument: TSESTree.Node | undefined;
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.Identifier &&
    inner.callee.name === 'require'
  ) {
    argument = inner.arguments[0];
  } else if (inner.type === AST_NODE_TYPES.ImportExpression) {
    argument = inner.source;
  }
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : null;
}

function getKeyName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.Identifier) {
    return key.name;
  }
  return key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : null;
}

/** The binding of a name declared by `const <id> = <init>` where `init` is a `require`. */
function getRequireBinding(declarator: TSESTree.VariableDeclarator, name: string): ImportBinding | null {
  if (!declarator.init) {
    return null;
  }
  const init = skipTransparentWrappers(declarator.init);
  // `const Pool = require('pg').Pool`
  if (init.type === AST_NODE_TYPES.MemberExpression && !init.computed && init.property.type === AST_NODE_TYPES.Identifier) {
    const source = getRequiredSource(init.object);
    return source !== null && declarator.id.type === AST_NODE_TYPES.Identifier ? { source, imported: init.property.name } : null;
  }
  const source = getRequiredSource(init);
  if (source === null) {
    return null;
  }
  if (declarator.id.type === AST_NODE_TYPES.Identifier) {
    return { source, imported: '*' };
  }
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) {
    return null;
  }
  // `const { Pool, Client: PgClient = X } = require('pg')`
  for (const property of declarator.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) {
      continue;
    }
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    const key = getKeyName(property.key);
    if (key !== null && value.type === AST_NODE_TYPES.Identifier && value.name === name) {
      return { source, imported: key };
    }
  }
  return null;
}

/**
 * The module export a variable is bound to, read from its declaration by scope analysis:
 * `import x from 'p'` (`default`), `import { a as x } from 'p'` (`a`), `import * as x`
 * and `import x = require('p')` (`*`), `const x = require('p')` (`*`), `const { a: x } =
 * require('p')` (`a`), `const x = require('p').a` (`a`). `null` for anything else.
 */
export function getImportBinding(variable: Variable | null): ImportBinding | null {
  for (const definition of variable?.defs ?? []) {
    if (definition.type === DefinitionType.ImportBinding) {
      const node = definition.node as TSESTree.Node;
      if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const reference = node.moduleReference;
        return reference.type === AST_NODE_TYPES.TSExternalModuleReference
          ? { source: reference.expression.value, imported: '*' }
          : null;
      }
      const declaration = definition.parent as TSESTree.ImportDeclaration;
      if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
        return { source: declaration.source.value, imported: '*' };
      }
      if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
        return { source: declaration.source.value, imported: 'default' };
      }
      if (node.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
        return { source: declaration.source.value, imported };
      }
      return null;
    }
    if (definition.type === DefinitionType.Variable && variable) {
      return getRequireBinding(definition.node, variable.name);
    }
  }
  return null;
}

/**
 * The packages (and paths) a file imports values from at its top level: `import`
 * declarations, `import x = require()`, and top-level `require` bindings.
 * A side-effect import (`import 'reflect-metadata'`) binds nothing and a type-only import
 * (`import type { X }`) brings nothing at run time: neither is listed. Callers use the
 * result only as a tie-breaker, never as evidence on its own.
 */
export function collectImportedSources(program: TSESTree.Program): Set<string> {
  const sources = new Set<string>();
  // Read from the module's own statements: the bindings its scope holds, without
  // visiting every variable of the module scope.
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      const valueImport =
        statement.importKind !== 'type' &&
        statement.specifiers.some((specifier) => specifier.type !== AST_NODE_TYPES.ImportSpecifier || specifier.importKind !== 'type');
      if (valueImport) {
        sources.add(statement.source.value);
      }
    } else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.importKind !== 'type') {
      const reference = statement.moduleReference;
      if (reference.type === AST_NODE_TYPES.TSExternalModuleReference) {
        sources.add(reference.expression.value);
      }
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const init = declarator.init ? skipTransparentWrappers(declarator.init) : null;
        const source = init ? (getRequiredSource(init) ?? (init.type === AST_NODE_TYPES.MemberExpression ? getRequiredSource(init.object) : null)) : null;
        if (source !== null && declarator.id.type !== AST_NODE_TYPES.ArrayPattern) {
          sources.add(source);
        }
      }
    }
  }
  return sources;
}

/**
 * The one value a variable holds, when it is declared `const x = <init>` (or `let`/`var`
 * never written again): the initialiser, the whole source of a destructuring. `null`
 * when it is a parameter, an import, written more than once, or declared without a value.
 */
export function getSingleInit(variable: Variable | null): TSESTree.Expression | null {
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== DefinitionType.Variable || !definition.node.init) {
    return null;
  }
  const declaration = definition.parent;
  if (declaration.kind !== 'const') {
    const writes = variable ? getWriteReferences(variable) : [];
    if (writes.length !== 1 || writes[0]?.init !== true) {
      return null;
    }
  }
  return definition.node.init;
}

/**
 * Follows plain copies to the variable they copy: for `const r = res`, `r` → `res`
 * (through `as`/`!` wrappers, up to `limit` steps, cycle-safe). A variable that is not a
 * plain copy is its own origin.
 */
export function getAliasOrigin(variable: Variable, getScope: ScopeGetter, limit = 8): Variable {
  let current = variable;
  const seen = new Set<Variable>([current]);
  for (let step = 0; step < limit; step++) {
    const definition = current.defs[0];
    if (definition?.type !== DefinitionType.Variable || definition.node.id.type !== AST_NODE_TYPES.Identifier) {
      return current;
    }
    const init = getSingleInit(current);
    const inner = init ? skipTransparentWrappers(init) : null;
    if (inner?.type !== AST_NODE_TYPES.Identifier) {
      return current;
    }
    const next = resolveVariable(inner, getScope);
    if (!next || seen.has(next)) {
      return current;
    }
    seen.add(next);
    current = next;
  }
  return current;
}
