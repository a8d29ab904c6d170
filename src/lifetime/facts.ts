import { DefinitionType, ScopeType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

/** What a local name was imported as. */
export interface ImportBinding {
  readonly source: string;
  /** `'*'` for a namespace import, `'default'`, or the exported name. */
  readonly imported: string;
}

/**
 * Facts about one file that acquisition sites are recognised from: imports, and
 * resolution of identifiers to variables. Built from ESLint's scope manager, once per
 * file, and only for files that have a candidate acquisition.
 */
export class FileFacts {
  private readonly importsByVariable = new Map<Variable, ImportBinding>();
  private readonly sources = new Set<string>();
  /** `this.f` expressions of a field tracked like a local, with its stand-in variable. */
  private readonly fieldHolders = new Map<TSESTree.Node, Variable>();

  constructor(
    private readonly scopeManager: TSESLint.Scope.ScopeManager,
    requireCalls: readonly TSESTree.CallExpression[],
  ) {
    // Imports live in the module scope; nothing else needs a walk over every scope.
    for (const scope of scopeManager.scopes) {
      if (scope.type === ScopeType.module || scope.type === ScopeType.global) {
        for (const variable of scope.variables) {
          this.recordImport(variable);
        }
      }
    }
    for (const call of requireCalls) {
      this.recordRequire(call);
    }
  }

  /**
   * The variable an identifier refers to or declares, if it is in scope. Looked up on
   * demand from the innermost scope around it, so files pay only for what is asked.
   */
  resolve(node: TSESTree.Node): Variable | null {
    const inner = skipTransparentWrappers(node);
    if (inner.type !== AST_NODE_TYPES.Identifier) {
      return inner.type === AST_NODE_TYPES.MemberExpression ? (this.fieldHolders.get(inner) ?? null) : null;
    }
    let current: TSESTree.Node = inner;
    let scope = this.scopeManager.acquire(current, true);
    while (!scope && current.type !== AST_NODE_TYPES.Program) {
      current = current.parent;
      scope = this.scopeManager.acquire(current, true);
    }
    for (; scope; scope = scope.upper) {
      const variable = scope.set.get(inner.name);
      if (variable) {
        return variable;
      }
    }
    return null;
  }

  /**
   * Makes the `this.f` expressions a stand-in variable references (see field-holders.ts)
   * resolve to it, so the field is tracked like a local of its method.
   */
  registerFieldHolder(variable: Variable): void {
    for (const reference of variable.references) {
      this.fieldHolders.set(reference.identifier, variable);
    }
  }

  /** The scope a function creates, if the scope manager has one. */
  getFunctionScope(fn: TSESTree.Node): TSESLint.Scope.Scope | null {
    return this.scopeManager.acquire(fn, true);
  }

  /** Whether the file imports (or requires) any of `packages`. */
  importsAny(packages: readonly string[]): boolean {
    return packages.some((name) => this.sources.has(name));
  }

  /** How `node` (an identifier) was imported, if it was. */
  getImport(node: TSESTree.Node): ImportBinding | null {
    const variable = this.resolve(node);
    return variable ? (this.importsByVariable.get(variable) ?? null) : null;
  }

  /**
   * Whether `node` names the export `name` of one of `packages`: `Pool` imported from
   * 'pg', or `pg.Pool` with `pg` the package's namespace or default import.
   */
  isPackageExport(node: TSESTree.Node, packages: readonly string[], names: readonly string[]): boolean {
    const inner = skipTransparentWrappers(node);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const binding = this.getImport(inner);
      return binding !== null && packages.includes(binding.source) && names.includes(binding.imported);
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(inner);
      return name !== null && names.includes(name) && this.isPackageNamespace(inner.object, packages);
    }
    return false;
  }

  /** Whether `node` is the namespace or default import of one of `packages`. */
  isPackageNamespace(node: TSESTree.Node, packages: readonly string[]): boolean {
    const binding = this.getImport(node);
    return (
      binding !== null &&
      packages.includes(binding.source) &&
      (binding.imported === '*' || binding.imported === 'default')
    );
  }

  private recordImport(variable: Variable): void {
    for (const definition of variable.defs) {
      if (definition.type !== DefinitionType.ImportBinding) {
        continue;
      }
      const node = definition.node as TSESTree.Node;
      if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        // `import pg = require('pg')` binds the module itself.
        const reference = node.moduleReference;
        if (reference.type === AST_NODE_TYPES.TSExternalModuleReference) {
          this.sources.add(reference.expression.value);
          this.importsByVariable.set(variable, { source: reference.expression.value, imported: 'default' });
        }
        continue;
      }
      if (
        node.type !== AST_NODE_TYPES.ImportSpecifier &&
        node.type !== AST_NODE_TYPES.ImportDefaultSpecifier &&
        node.type !== AST_NODE_TYPES.ImportNamespaceSpecifier
      ) {
        continue;
      }
      const specifier = node;
      const declaration = definition.parent as TSESTree.ImportDeclaration;
      const source = declaration.source.value;
      this.sources.add(source);
      let imported = 'default';
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
        imported = '*';
      } else if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
        imported =
          specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      }
      this.importsByVariable.set(variable, { source, imported });
    }
  }

  /** `const pg = require('pg')`, `const { Pool } = require('pg')`, `require('pg').Pool`. */
  private recordRequire(call: TSESTree.CallExpression): void {
    const [argument] = call.arguments;
    if (argument?.type !== AST_NODE_TYPES.Literal || typeof argument.value !== 'string') {
      return;
    }
    const source = argument.value;
    this.sources.add(source);
    let node: TSESTree.Node = call;
    while (node.parent.type === AST_NODE_TYPES.AwaitExpression) {
      node = node.parent;
    }
    const { parent } = node;
    if (
      parent.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === node &&
      parent.parent.type === AST_NODE_TYPES.VariableDeclarator &&
      parent.parent.init === parent &&
      parent.parent.id.type === AST_NODE_TYPES.Identifier
    ) {
      // `const MongoClient = require('mongodb').MongoClient`: the named export.
      const name = getPropertyName(parent);
      if (name !== null) {
        this.bindRequired(parent.parent.id, { source, imported: name });
      }
      return;
    }
    if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node) {
      return;
    }
    if (parent.id.type === AST_NODE_TYPES.Identifier) {
      this.bindRequired(parent.id, { source, imported: 'default' });
    } else if (parent.id.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of parent.id.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) {
          continue;
        }
        const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : null;
        const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
        if (key !== null && value.type === AST_NODE_TYPES.Identifier) {
          this.bindRequired(value, { source, imported: key });
        }
      }
    }
  }

  private bindRequired(identifier: TSESTree.Identifier, binding: ImportBinding): void {
    const variable = this.resolve(identifier);
    if (variable) {
      this.importsByVariable.set(variable, binding);
    }
  }
}
