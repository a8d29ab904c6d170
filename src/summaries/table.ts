import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getRequiredSource } from '../util/imports.js';

/** How a value is reached in another module. */
export type ImportRequest =
  /** The module's namespace, or for CommonJS its `module.exports` (`require('./db')`). */
  | { readonly kind: 'module' }
  /** A named export, or `default`. */
  | { readonly kind: 'export'; readonly name: string };

/** What a top-level name or an export stands for. */
export type Binding =
  /** A declaration or expression in this module. */
  | { readonly kind: 'node'; readonly node: TSESTree.Node }
  /** Another top-level name of this module (`export { a as b }`). */
  | { readonly kind: 'local'; readonly name: string }
  /** Something another module exports. */
  | { readonly kind: 'import'; readonly specifier: string; readonly request: ImportRequest };

/** What a module's top level binds and exports, read once per parsed module. */
export interface ModuleTable {
  /** Top-level bindings: declarations, and imports (as links to another module). */
  readonly locals: Map<string, Binding>;
  /** `export …` names. */
  readonly exports: Map<string, Binding>;
  /** `export * from '…'` (and TypeScript's compiled `__exportStar(require('…'), exports)`). */
  readonly stars: string[];
  /** `module.exports = …` or `export = …`, the last one. */
  commonjsRoot: TSESTree.Expression | null;
  /** `exports.x = …`, `module.exports.x = …`, and compiled `Object.defineProperty(exports, 'x', { get })`. */
  readonly commonjsProperties: Map<string, TSESTree.Expression>;
}

/**
 * Reads what a module's top level declares and exports, from the syntax alone: ESM
 * declarations, `export { … } from`, `export *`, default exports; CommonJS `module.exports`
 * and `exports.x` assignments, including what TypeScript and Babel emit for them. Statements
 * below the top level (UMD wrappers, conditional exports) are not read.
 */
export function readTable(program: TSESTree.Program): ModuleTable {
  const table: ModuleTable = {
    locals: new Map(),
    exports: new Map(),
    stars: [],
    commonjsRoot: null,
    commonjsProperties: new Map(),
  };
  for (const statement of program.body) {
    readStatement(statement, table);
  }
  return table;
}

function readStatement(statement: TSESTree.ProgramStatement, table: ModuleTable): void {
  switch (statement.type) {
    case AST_NODE_TYPES.ImportDeclaration:
      if (statement.importKind === 'type') {
        return;
      }
      for (const specifier of statement.specifiers) {
        const source = statement.source.value;
        if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
          if (specifier.importKind !== 'type') {
            const imported = getKeyName(specifier.imported, false) ?? '';
            table.locals.set(specifier.local.name, { kind: 'import', specifier: source, request: { kind: 'export', name: imported } });
          }
        } else if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
          table.locals.set(specifier.local.name, { kind: 'import', specifier: source, request: { kind: 'export', name: 'default' } });
        } else {
          table.locals.set(specifier.local.name, { kind: 'import', specifier: source, request: { kind: 'module' } });
        }
      }
      return;
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
      if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
        const { expression } = statement.moduleReference;
        if (typeof expression.value === 'string') {
          table.locals.set(statement.id.name, { kind: 'import', specifier: expression.value, request: { kind: 'module' } });
        }
      }
      return;
    case AST_NODE_TYPES.ExportNamedDeclaration:
      readExportNamed(statement, table);
      return;
    case AST_NODE_TYPES.ExportDefaultDeclaration: {
      const { declaration } = statement;
      if ((declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ClassDeclaration) && declaration.id) {
        table.locals.set(declaration.id.name, { kind: 'node', node: declaration });
      }
      table.exports.set('default', { kind: 'node', node: declaration });
      return;
    }
    case AST_NODE_TYPES.ExportAllDeclaration:
      if (statement.exportKind === 'type') {
        return;
      }
      if (statement.exported) {
        const name = getKeyName(statement.exported, false);
        if (name !== null) {
          table.exports.set(name, { kind: 'import', specifier: statement.source.value, request: { kind: 'module' } });
        }
      } else {
        table.stars.push(statement.source.value);
      }
      return;
    case AST_NODE_TYPES.TSExportAssignment:
      table.commonjsRoot = statement.expression;
      return;
    case AST_NODE_TYPES.ExpressionStatement:
      readCommonJs(statement.expression, table);
      return;
    default:
      readDeclaration(statement, table);
  }
}

function readExportNamed(statement: TSESTree.ExportNamedDeclaration, table: ModuleTable): void {
  if (statement.exportKind === 'type') {
    return;
  }
  if (statement.declaration) {
    for (const name of readDeclaration(statement.declaration, table)) {
      table.exports.set(name, { kind: 'local', name });
    }
    return;
  }
  for (const specifier of statement.specifiers) {
    if (specifier.exportKind === 'type') {
      continue;
    }
    const local = getKeyName(specifier.local, false);
    const exported = getKeyName(specifier.exported, false);
    if (local === null || exported === null) {
      continue;
    }
    table.exports.set(
      exported,
      statement.source
        ? { kind: 'import', specifier: statement.source.value, request: { kind: 'export', name: local } }
        : { kind: 'local', name: local },
    );
  }
}

/** Registers a declaration's names as locals and returns them. */
function readDeclaration(node: TSESTree.Node, table: ModuleTable): string[] {
  if ((node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassDeclaration) && node.id) {
    table.locals.set(node.id.name, { kind: 'node', node });
    return [node.id.name];
  }
  if (node.type !== AST_NODE_TYPES.VariableDeclaration) {
    return [];
  }
  const names: string[] = [];
  for (const declarator of node.declarations) {
    if (declarator.id.type === AST_NODE_TYPES.Identifier) {
      table.locals.set(declarator.id.name, { kind: 'node', node: declarator });
      names.push(declarator.id.name);
      continue;
    }
    // `const { getClient, release: free } = require('./db')`.
    const specifier = declarator.init ? getRequiredSource(declarator.init) : null;
    if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || specifier === null) {
      continue;
    }
    for (const property of declarator.id.properties) {
      const key = property.type === AST_NODE_TYPES.Property ? getKeyName(property.key, property.computed) : null;
      if (property.type === AST_NODE_TYPES.Property && key !== null && property.value.type === AST_NODE_TYPES.Identifier) {
        table.locals.set(property.value.name, { kind: 'import', specifier, request: { kind: 'export', name: key } });
        names.push(property.value.name);
      }
    }
  }
  return names;
}

function readCommonJs(expression: TSESTree.Expression, table: ModuleTable): void {
  if (expression.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '=') {
    // `exports.a = exports.b = void 0` (TypeScript's preamble) and `module.exports = exports = x`.
    let value: TSESTree.Expression = expression.right;
    while (value.type === AST_NODE_TYPES.AssignmentExpression && value.operator === '=') {
      readCommonJs(value, table);
      value = value.right;
    }
    const target = getExportsTarget(expression.left);
    if (target === 'root') {
      table.commonjsRoot = value;
    } else if (target !== null) {
      table.commonjsProperties.set(target, value);
    }
    return;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) {
    return;
  }
  const callee = expression.callee;
  const calleeName =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression
        ? getKeyName(callee.property, callee.computed)
        : null;
  const [first, second, third] = expression.arguments;
  // `__exportStar(require('./db'), exports)` (TypeScript), `_exportStar` (Babel's helper).
  if ((calleeName === '__exportStar' || calleeName === '_exportStar') && first) {
    const specifier = getRequiredSource(first);
    if (specifier !== null) {
      table.stars.push(specifier);
    }
    return;
  }
  // `Object.defineProperty(exports, 'getClient', { enumerable: true, get: function () { return db_1.getClient; } })`.
  if (
    calleeName === 'defineProperty' &&
    first &&
    getExportsTarget(first) === 'root' &&
    second?.type === AST_NODE_TYPES.Literal &&
    typeof second.value === 'string' &&
    third?.type === AST_NODE_TYPES.ObjectExpression
  ) {
    const getter = third.properties.find(
      (property): property is TSESTree.Property =>
        property.type === AST_NODE_TYPES.Property && getKeyName(property.key, property.computed) === 'get',
    );
    const body = getter && (getter.value.type === AST_NODE_TYPES.FunctionExpression || getter.value.type === AST_NODE_TYPES.ArrowFunctionExpression) ? getter.value.body : null;
    const returned =
      body?.type === AST_NODE_TYPES.BlockStatement
        ? body.body.length === 1 && body.body[0]?.type === AST_NODE_TYPES.ReturnStatement
          ? body.body[0].argument
          : null
        : body;
    if (returned) {
      table.commonjsProperties.set(second.value, returned);
    }
  }
}

/** `module.exports` / `exports` → `'root'`; `module.exports.x` / `exports.x` → `'x'`. */
function getExportsTarget(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier && node.name === 'exports') {
    return 'root';
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) {
    return null;
  }
  const property = getKeyName(node.property, node.computed);
  if (node.object.type === AST_NODE_TYPES.Identifier && node.object.name === 'module' && property === 'exports') {
    return 'root';
  }
  return property !== null && getExportsTarget(node.object) === 'root' ? property : null;
}

/** A property key's name: `a`, `'a'`, `['a']`; `null` when computed from anything else. */
export function getKeyName(key: TSESTree.Node, computed: boolean): string | null {
  if (key.type === AST_NODE_TYPES.Identifier && !computed) {
    return key.name;
  }
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') {
    return key.value;
  }
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) {
    return key.quasis[0]?.value.cooked ?? null;
  }
  return null;
}
