import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName } from '../flow/syntax.js';
import { searchNode } from '../util/walk.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import type { MethodSet } from './methods.js';

// Wrapper classes of the file: what a class's constructor does with the resource it is
// given (stores it in fields) and which of its methods release those fields. Read by the
// carriers (carriers.ts), which track a resource kept in such a wrapper.

type Variable = TSESLint.Scope.Variable;
type Resolve = (node: TSESTree.Node) => Variable | null;

/** A class declaration or expression. */
export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export function getKeyName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.Identifier) {
    return key.name;
  }
  return key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : null;
}

/**
 * The fields a same-file class's constructor stores its argument `index` in (a parameter
 * property, `this.client = client`); `null` when the class is not in view (or hands its
 * arguments to a superclass not written out); `false` when the constructor does anything
 * else with the value (registers it, passes it on), or drops it: then it is no plain wrapper.
 */
export function getConstructorFields(call: TSESTree.NewExpression, index: number, resolve: Resolve): ReadonlySet<string> | null | false {
  const cls = getClassInView(call.callee, resolve);
  if (!cls || cls.declare) {
    // `declare class`: its body is elsewhere.
    return null;
  }
  const constructors = cls.body.body.filter(
    (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor',
  );
  // Overload signatures have no body; the implementation is the one with a body.
  const constructor = constructors.find((member) => member.value.body !== null);
  if (!constructor) {
    return cls.superClass || constructors.length > 0 ? null : false;
  }
  let param: TSESTree.Node | undefined = constructor.value.params[index];
  const fields = new Set<string>();
  if (param?.type === AST_NODE_TYPES.TSParameterProperty) {
    param = param.parameter;
    const name = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (name.type === AST_NODE_TYPES.Identifier) {
      fields.add(name.name);
    }
  }
  if (param?.type === AST_NODE_TYPES.AssignmentPattern) {
    param = param.left;
  }
  const variable = param?.type === AST_NODE_TYPES.Identifier ? resolve(param) : null;
  if (!variable) {
    return false;
  }
  for (const reference of variable.references) {
    const outer = climbTransparentWrappers(reference.identifier);
    const store = outer.parent;
    if (reference.init === true && store?.type === AST_NODE_TYPES.AssignmentPattern) {
      continue;
    }
    if (
      store?.type !== AST_NODE_TYPES.AssignmentExpression ||
      store.right !== outer ||
      store.left.type !== AST_NODE_TYPES.MemberExpression ||
      store.left.object.type !== AST_NODE_TYPES.ThisExpression
    ) {
      return false;
    }
    const field = getPropertyName(store.left);
    if (field === null) {
      return false;
    }
    fields.add(field);
  }
  // `this.client.on('error', …)` in the constructor uses the field at once: no plain wrapper.
  if (fields.size === 0 || readsFields(constructor.value, fields)) {
    return false;
  }
  return fields;
}

/** Whether `fn`'s body reads `this.f` for one of `fields` other than to store it. */
function readsFields(fn: TSESTree.FunctionExpression | TSESTree.TSEmptyBodyFunctionExpression, fields: ReadonlySet<string>): boolean {
  const { node, exhausted } = searchNode(
    fn,
    (inner) =>
      inner.type === AST_NODE_TYPES.MemberExpression &&
      inner.object.type === AST_NODE_TYPES.ThisExpression &&
      fields.has(getPropertyName(inner) ?? '') &&
      !(inner.parent.type === AST_NODE_TYPES.AssignmentExpression && inner.parent.left === inner),
    { enterFunctions: true },
  );
  return node !== null || exhausted;
}

/** The class a `new` builds, when it is declared in this file (a declaration or a `const` class expression). */
export function getClassInView(callee: TSESTree.Node, resolve: Resolve): ClassNode | null {
  const variable = resolve(callee);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const node = definition?.node as TSESTree.Node | undefined;
  if (node?.type === AST_NODE_TYPES.ClassDeclaration) {
    return node;
  }
  if (node?.type === AST_NODE_TYPES.VariableDeclarator && node.parent.kind === 'const' && node.init) {
    const init = skipTransparentWrappers(node.init);
    return init.type === AST_NODE_TYPES.ClassExpression ? init : null;
  }
  return null;
}

/**
 * Methods of a wrapper class in view that release the field holding the resource on every
 * path: a statement of the method's own body (`close() { this.client.release(); }`), not
 * one under a condition, which may mean the wrapper does not always own it.
 */
export function getReleasingMethods(cls: ClassNode, fields: ReadonlySet<string>, release: MethodSet): Set<string> {
  const methods = new Set<string>();
  for (const member of cls.body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'method' || member.static || member.computed) {
      continue;
    }
    const name = getKeyName(member.key);
    const statements = member.value.body?.body ?? [];
    if (name !== null && statements.some((statement) => isFieldRelease(statement, fields, release))) {
      methods.add(name);
    }
  }
  return methods;
}

/** `this.client.release();`, `await this.client.end();`, `return this.client.end();` for a field in `fields`. */
function isFieldRelease(statement: TSESTree.Statement, fields: ReadonlySet<string>, release: MethodSet): boolean {
  const expression =
    statement.type === AST_NODE_TYPES.ExpressionStatement
      ? statement.expression
      : statement.type === AST_NODE_TYPES.ReturnStatement
        ? statement.argument
        : null;
  let call = expression ? skipTransparentWrappers(expression) : null;
  if (call?.type === AST_NODE_TYPES.AwaitExpression) {
    call = skipTransparentWrappers(call.argument);
  }
  const callee = call?.type === AST_NODE_TYPES.CallExpression ? skipTransparentWrappers(call.callee) : null;
  const field = callee?.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
  const method = callee?.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const name = field?.type === AST_NODE_TYPES.MemberExpression && field.object.type === AST_NODE_TYPES.ThisExpression ? getPropertyName(field) : null;
  return call?.type === AST_NODE_TYPES.CallExpression && method !== null && name !== null && fields.has(name) && release.matches(call, method);
}
