import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';

/*
 * Syntax the tracer reads: wrappers that pass a value through, how a function is called
 * in its file, destructuring paths, declared types. No knowledge of resources here.
 */

/** A class declaration or expression. */
export function isClassNode(node: TSESTree.Node): node is TSESTree.ClassDeclaration | TSESTree.ClassExpression {
  return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;
}

/** A relative or absolute specifier: a module of the project, never a package. */
export function isProjectSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/');
}

/** The identifier (or pattern) a parameter binds, through `private x` and `x = default`. */
export function unwrapParameter(param: TSESTree.Parameter): TSESTree.Node {
  if (param.type === AST_NODE_TYPES.TSParameterProperty) {
    return unwrapParameter(param.parameter);
  }
  return param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
}

/** The name a function is called by in its file: `function f`, `const f = …`, or `new C` for a constructor. */
export function getCalleeName(fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression): { name: string; byNew: boolean } | null {
  if (fn.id) {
    return { name: fn.id.name, byNew: false };
  }
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return { name: parent.id.name, byNew: false };
  }
  if (parent.type === AST_NODE_TYPES.MethodDefinition && parent.kind === 'constructor') {
    const classNode = parent.parent.parent;
    if (classNode.id) {
      return { name: classNode.id.name, byNew: true };
    }
    if (classNode.parent.type === AST_NODE_TYPES.VariableDeclarator && classNode.parent.id.type === AST_NODE_TYPES.Identifier) {
      return { name: classNode.parent.id.name, byNew: true };
    }
  }
  return null;
}

/** The property path to `name` in a destructuring pattern: `{ db: { pool } }` → `['db', 'pool']`. */
export function getPatternPath(pattern: TSESTree.Node, name: string): string[] | null {
  if (pattern.type === AST_NODE_TYPES.Identifier) {
    return pattern.name === name ? [] : null;
  }
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) {
    return getPatternPath(pattern.left, name);
  }
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) {
    return null;
  }
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) {
      continue;
    }
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : null;
    const rest = key === null ? null : getPatternPath(property.value, name);
    if (key !== null && rest !== null) {
      return [key, ...rest];
    }
  }
  return null;
}

/** The program a node belongs to. */
export function getProgram(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.type !== AST_NODE_TYPES.Program) {
    current = current.parent;
  }
  return current;
}

const programCalls = new WeakMap<TSESTree.Program, (TSESTree.CallExpression | TSESTree.NewExpression)[]>();

/** Every call and `new` of a module, in source order, collected once per program. */
export function getProgramCalls(program: TSESTree.Program): readonly (TSESTree.CallExpression | TSESTree.NewExpression)[] {
  let calls = programCalls.get(program);
  if (!calls) {
    calls = [];
    collectCalls(program, calls);
    programCalls.set(program, calls);
  }
  return calls;
}

/** Every call and `new` in a subtree, in source order. */
export function collectCalls(node: TSESTree.Node, calls: (TSESTree.CallExpression | TSESTree.NewExpression)[]): void {
  if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
    calls.push(node);
  }
  for (const key of Object.keys(node) as (keyof TSESTree.Node)[]) {
    if (key === 'parent') {
      continue;
    }
    const child = node[key] as unknown;
    if (Array.isArray(child)) {
      for (const item of child) {
        if (isNode(item)) {
          collectCalls(item, calls);
        }
      }
    } else if (isNode(child)) {
      collectCalls(child, calls);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The type a declaration states: of a parameter (also a parameter property), a variable
 * or a class field. `null` when it states none.
 */
export function getDeclaredType(node: TSESTree.Node): TSESTree.TypeNode | null {
  if (node.type === AST_NODE_TYPES.TSParameterProperty) {
    return getDeclaredType(node.parameter);
  }
  if (node.type === AST_NODE_TYPES.AssignmentPattern) {
    return getDeclaredType(node.left);
  }
  if (
    node.type === AST_NODE_TYPES.Identifier ||
    node.type === AST_NODE_TYPES.PropertyDefinition ||
    node.type === AST_NODE_TYPES.AccessorProperty
  ) {
    return node.typeAnnotation?.typeAnnotation ?? null;
  }
  return null;
}

/**
 * The named types a type is made of, as far as a value of it is one of them: `Pool`,
 * `pg.Pool`, each side of `Pool | null` and `Pool & Extra`, `Readonly<Pool>`. Keywords
 * (`null`, `undefined`) and anything else add nothing.
 */
export function getTypeNames(type: TSESTree.TypeNode): TSESTree.EntityName[] {
  switch (type.type) {
    case AST_NODE_TYPES.TSTypeReference: {
      const { typeName } = type;
      const [argument] = type.typeArguments?.params ?? [];
      if (typeName.type === AST_NODE_TYPES.Identifier && WRAPPING_TYPES.has(typeName.name) && argument) {
        return getTypeNames(argument);
      }
      return [typeName];
    }
    case AST_NODE_TYPES.TSUnionType:
    case AST_NODE_TYPES.TSIntersectionType:
      return type.types.flatMap(getTypeNames);
    case AST_NODE_TYPES.TSTypeOperator:
      return type.typeAnnotation ? getTypeNames(type.typeAnnotation) : [];
    default:
      return [];
  }
}

/** `T` of a declared `Promise<T>` (an `async` function's result), else `null`. */
export function getPromisedType(type: TSESTree.TypeNode): TSESTree.TypeNode | null {
  if (
    type.type === AST_NODE_TYPES.TSTypeReference &&
    type.typeName.type === AST_NODE_TYPES.Identifier &&
    (type.typeName.name === 'Promise' || type.typeName.name === 'PromiseLike')
  ) {
    return type.typeArguments?.params[0] ?? null;
  }
  return null;
}

/**
 * The values a type names with `typeof`: `typeof Pg` (the driver's module itself),
 * `typeof pg.Pool`, each side of a union. A declared `lib: typeof Pg` says the field holds
 * that value, which the tracer then follows like an assignment.
 */
export function getTypeQueries(type: TSESTree.TypeNode): TSESTree.EntityName[] {
  switch (type.type) {
    case AST_NODE_TYPES.TSTypeQuery:
      return type.exprName.type === AST_NODE_TYPES.TSImportType ? [] : [type.exprName];
    case AST_NODE_TYPES.TSTypeReference: {
      const { typeName } = type;
      const [argument] = type.typeArguments?.params ?? [];
      return typeName.type === AST_NODE_TYPES.Identifier && WRAPPING_TYPES.has(typeName.name) && argument ? getTypeQueries(argument) : [];
    }
    case AST_NODE_TYPES.TSUnionType:
      return type.types.flatMap(getTypeQueries);
    case AST_NODE_TYPES.TSTypeOperator:
      return type.typeAnnotation ? getTypeQueries(type.typeAnnotation) : [];
    default:
      return [];
  }
}

/** Utility types whose values are their argument's. */
const WRAPPING_TYPES: ReadonlySet<string> = new Set(['Readonly', 'Required', 'NonNullable']);
