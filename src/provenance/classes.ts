import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/**
 * The class whose instance `this` is: climbs through arrow functions (which keep `this`) to
 * the method, accessor or field initialiser of a class. `null` inside a plain function, whose
 * `this` is whatever its caller makes it.
 */
export function findEnclosingClass(node: TSESTree.ThisExpression): ClassNode | null {
  let current: TSESTree.Node = node;
  while (current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.ClassBody) {
      return parent.parent;
    }
    if (
      (parent.type === AST_NODE_TYPES.FunctionDeclaration || parent.type === AST_NODE_TYPES.FunctionExpression) &&
      parent.parent.type !== AST_NODE_TYPES.MethodDefinition
    ) {
      return null;
    }
    current = parent;
  }
  return null;
}

/** The superclass expression of a class (`extends Base`, `extends db.Base`), if any. */
export function findSuperClass(classNode: ClassNode): TSESTree.Expression | null {
  return classNode.superClass ?? null;
}

/** The declaration of a field: `pool: Pool;`, `private pool = …`, `constructor(private pool: Pool)`. */
export function findClassField(classNode: ClassNode, name: string): TSESTree.Node | null {
  for (const member of classNode.body.body) {
    if (isInstanceFieldNamed(member, name)) {
      return member;
    }
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
      const property = findParameterProperty(member, name);
      if (property) {
        return property;
      }
    }
  }
  return null;
}

/** Whether `member` is an instance field or accessor declared with the plain name `name`. */
function isInstanceFieldNamed(
  member: TSESTree.ClassElement,
  name: string,
): member is TSESTree.PropertyDefinition | TSESTree.AccessorProperty {
  return (
    (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
    !member.static &&
    !member.computed &&
    getMemberKeyName(member.key) === name
  );
}

/** A class member's key as a member expression names it: `pool`, and `#pool` for a private name. */
export function getMemberKeyName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.Identifier) {
    return key.name;
  }
  return key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${key.name}` : null;
}

/** The parameter property `name` of a constructor (`constructor(private pool: Pool)`), if any. */
function findParameterProperty(
  constructor: TSESTree.MethodDefinition,
  name: string,
): TSESTree.TSParameterProperty | null {
  for (const param of constructor.value.params) {
    if (param.type === AST_NODE_TYPES.TSParameterProperty && getParameterName(param.parameter) === name) {
      return param;
    }
  }
  return null;
}

function getParameterName(parameter: TSESTree.Node): string | null {
  if (parameter.type === AST_NODE_TYPES.AssignmentPattern) {
    return getParameterName(parameter.left);
  }
  return parameter.type === AST_NODE_TYPES.Identifier ? parameter.name : null;
}

/**
 * The values a class stores in its field `name`: the field's initialiser, and every
 * `this.name = value` in its constructor, methods, setters and initialisers (`init()`,
 * `connect()`), including arrow functions inside them. A parameter property
 * (`constructor(private pool: Pool)`) stores the parameter.
 */
export function findClassFieldValues(classNode: ClassNode, name: string): TSESTree.Node[] {
  const values: TSESTree.Node[] = [];
  for (const member of classNode.body.body) {
    if (isInstanceFieldNamed(member, name) && member.value) {
      values.push(member.value);
    }
    if (member.type === AST_NODE_TYPES.MethodDefinition && !member.static) {
      const property = member.kind === 'constructor' ? findParameterProperty(member, name) : null;
      if (property) {
        const { parameter } = property;
        values.push(parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter);
      }
      if (member.value.body) {
        collectThisAssignments(member.value.body, name, values);
      }
    }
  }
  return values;
}

function collectThisAssignments(node: TSESTree.Node, name: string, values: TSESTree.Node[]): void {
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
    const left = skipTransparentWrappers(node.left);
    if (
      left.type === AST_NODE_TYPES.MemberExpression &&
      left.object.type === AST_NODE_TYPES.ThisExpression &&
      getPropertyName(left) === name
    ) {
      values.push(node.right);
    }
  }
  for (const key of Object.keys(node) as (keyof TSESTree.Node)[]) {
    if (key === 'parent') {
      continue;
    }
    const child = node[key] as unknown;
    const children: unknown[] = Array.isArray(child) ? child : [child];
    for (const item of children) {
      if (!isNode(item)) {
        continue;
      }
      // A nested plain function or class has a `this` of its own.
      if (
        item.type === AST_NODE_TYPES.FunctionDeclaration ||
        item.type === AST_NODE_TYPES.FunctionExpression ||
        item.type === AST_NODE_TYPES.ClassDeclaration ||
        item.type === AST_NODE_TYPES.ClassExpression
      ) {
        continue;
      }
      collectThisAssignments(item, name, values);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/**
 * The function a call runs when the file shows it: `this.getClient()` (a method of the
 * enclosing class), `getPool()` (a function declared in the file, or a `const` holding one).
 * `null` for anything else: an import, a computed name, a method of another object.
 */
export function findCalledFunction(
  call: TSESTree.CallExpression,
  resolve: (identifier: TSESTree.Identifier) => { readonly defs: readonly { readonly node: TSESTree.Node }[] } | null,
): FunctionNode | null {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && skipTransparentWrappers(callee.object).type === AST_NODE_TYPES.ThisExpression) {
    const name = getPropertyName(callee);
    const classNode = findEnclosingClass(skipTransparentWrappers(callee.object) as TSESTree.ThisExpression);
    const method = classNode?.body.body.find(
      (member): member is TSESTree.MethodDefinition =>
        member.type === AST_NODE_TYPES.MethodDefinition &&
        member.kind === 'method' &&
        !member.static &&
        !member.computed &&
        getMemberKeyName(member.key) === name,
    );
    return method?.value.type === AST_NODE_TYPES.FunctionExpression ? method.value : null;
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  const declaration = resolve(callee)?.defs[0]?.node;
  if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) {
    return declaration;
  }
  const init = declaration?.type === AST_NODE_TYPES.VariableDeclarator && declaration.parent.kind === 'const' ? declaration.init : null;
  const value = init ? skipTransparentWrappers(init) : null;
  return value?.type === AST_NODE_TYPES.ArrowFunctionExpression || value?.type === AST_NODE_TYPES.FunctionExpression ? value : null;
}

/**
 * The instance method `name` of a class itself (not inherited): a method, or a field holding
 * an arrow or function expression (`getConnection = async () => …`). `undefined` when the
 * class has no member of that name (look in its superclass); `null` when that member holds
 * something else than a function.
 */
export function findInstanceMethod(
  classNode: ClassNode,
  name: string,
): TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | null | undefined {
  for (const member of classNode.body.body) {
    if (
      (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) ||
      member.static ||
      member.computed ||
      getMemberKeyName(member.key) !== name
    ) {
      continue;
    }
    if (member.type === AST_NODE_TYPES.MethodDefinition) {
      // Accessors, and the bodiless signatures of an overloaded method.
      if (member.kind !== 'method' || member.value.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) {
        continue;
      }
      return member.value;
    }
    const value = member.value ? skipTransparentWrappers(member.value) : null;
    return value?.type === AST_NODE_TYPES.ArrowFunctionExpression || value?.type === AST_NODE_TYPES.FunctionExpression ? value : null;
  }
  return undefined;
}

/**
 * What a synchronous function returns: its expression body, or the argument of each
 * `return` in its own body (not in functions nested in it). Empty for a generator, and for
 * an `async` function unless its call is `awaited`: its result is a promise of the value.
 */
export function getReturnedValues(fn: FunctionNode, awaited = false): TSESTree.Node[] {
  if (fn.generator || (fn.async && !awaited)) {
    return [];
  }
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return [fn.body];
  }
  const values: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) {
        values.push(node.argument);
      }
      return;
    }
    if (
      node.type === AST_NODE_TYPES.FunctionDeclaration ||
      node.type === AST_NODE_TYPES.FunctionExpression ||
      node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      node.type === AST_NODE_TYPES.ClassDeclaration ||
      node.type === AST_NODE_TYPES.ClassExpression
    ) {
      return;
    }
    for (const child of Object.values(node)) {
      if (Array.isArray(child)) {
        for (const item of child) {
          if (item && typeof item === 'object' && 'type' in item) {
            visit(item as TSESTree.Node);
          }
        }
      } else if (child && typeof child === 'object' && 'type' in child && child !== node.parent) {
        visit(child as TSESTree.Node);
      }
    }
  };
  for (const statement of fn.body.body) {
    visit(statement);
  }
  return values;
}
