import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { collectFieldNodes, collectWithOwnThis, getThisFieldName } from '../summaries/owners.js';
import { climbTransparentWrappers } from '../util/wrappers.js';
import type { FileFacts } from './facts.js';
import type { MethodSet } from './methods.js';
import type { Destination } from './site.js';

type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

// A resource kept in a field for the length of one method: `this.queryRunner =
// ds.createQueryRunner(); … finally { await this.queryRunner.release(); }`. The method is its
// owner exactly as with a local variable, and a throw before the `try` leaks it the same way.
// The field is tracked like a local (a stand-in variable whose references are the method's
// `this.f` expressions) only when the class shows nobody else owns it:
// - the method that stores it also releases `this.f` itself;
// - every other member of the class either only uses it (`this.f.m(…)`, `this.f.x`,
//   `helper(this.f)`), or stores and releases its own resource in it the same way;
// - nothing else reads the field in a way that keeps it (`return this.f`, `x = this.f`), and
//   no other member releases a value it did not store (that member owns it: an owner class,
//   see src/summaries/owners.ts).
// Otherwise the store is an owner hand-over, as before, and the debug channel says why.

/** Why a field store is not tracked like a local, or `null` when it is. */
export type FieldVerdict = { readonly variable: Variable } | { readonly declined: string } | null;

/** The `this.f = value` assignment `value` (the acquisition's value node) is the right side of, if any. */
export function getFieldStore(value: TSESTree.Node): TSESTree.AssignmentExpression | null {
  const outer = climbTransparentWrappers(value);
  const parent = outer.parent;
  return parent?.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.operator === '=' &&
    parent.right === outer &&
    getThisFieldName(parent.left) !== null
    ? parent
    : null;
}

/** The class whose method (or arrow-function field) `fn` is, with the member. */
function getOwningClass(fn: FunctionNode): { body: TSESTree.ClassBody; member: TSESTree.Node } | null {
  const member = fn.parent as TSESTree.Node | undefined;
  if (
    (member?.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method') ||
    (member?.type === AST_NODE_TYPES.PropertyDefinition && fn.type === AST_NODE_TYPES.ArrowFunctionExpression)
  ) {
    return { body: member.parent, member };
  }
  return null;
}

/** How one `this.f` expression is used: written, released, used (a member or an argument), or kept. */
function classify(node: TSESTree.MemberExpression, release: MethodSet): 'kept' | 'released' | 'used' | 'written' {
  const outer = climbTransparentWrappers(node);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === outer) {
    return 'written';
  }
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
    const name = getPropertyName(parent);
    const call = parent.parent;
    if (name !== null && call.type === AST_NODE_TYPES.CallExpression && call.callee === parent && release.matches(call, name)) {
      return 'released';
    }
    return 'used';
  }
  if (parent?.type === AST_NODE_TYPES.ChainExpression || parent?.type === AST_NODE_TYPES.UnaryExpression) {
    return 'used';
  }
  if (
    (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(outer as TSESTree.CallExpressionArgument) &&
    parent.type === AST_NODE_TYPES.CallExpression
  ) {
    return 'used';
  }
  if (
    parent?.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.init === outer &&
    parent.parent.kind === 'const' &&
    parent.id.type === AST_NODE_TYPES.Identifier
  ) {
    // `const runner = <PostgresQueryRunner>this.f`: a local alias for the method's length,
    // a use unless the alias is handed on or released there.
    return classifyAlias(parent.id.name, parent, release);
  }
  if (parent?.type === AST_NODE_TYPES.IfStatement || parent?.type === AST_NODE_TYPES.LogicalExpression || parent?.type === AST_NODE_TYPES.BinaryExpression) {
    // `if (this.f)`, `this.f && …`, `this.f !== other`: a test, no keeping.
    return 'used';
  }
  return 'kept';
}

/**
 * Whether the acquisition stored by `store` (in method `fn`) may be tracked like a local of
 * `fn`: a stand-in variable whose references are `fn`'s `this.f` expressions, or why not.
 * `null` when `store` is no field store of a class method.
 */
export function getFieldHolder(
  fn: FunctionNode,
  store: TSESTree.AssignmentExpression,
  release: MethodSet,
  scopeOf: (fn: FunctionNode) => TSESLint.Scope.Scope | null,
): FieldVerdict {
  const field = getThisFieldName(store.left);
  const owner = getOwningClass(fn);
  const scope = scopeOf(fn);
  if (field === null || !owner || !scope) {
    return null;
  }
  const own = collectFieldNodes(fn, field);
  if (!own.some((node) => classify(node, release) === 'released')) {
    return { declined: `\`this.${field}\` is stored and not released in this method: kept for another method` };
  }
  for (const member of owner.body.body) {
    if (member === owner.member) {
      continue;
    }
    const root =
      member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition ? member.value : member;
    const uses = root ? collectFieldNodes(root, field).map((node) => classify(node, release)) : [];
    if (uses.includes('kept')) {
      return { declined: `another member of the class reads \`this.${field}\` and keeps it` };
    }
    const releases = uses.includes('released');
    const writes = uses.includes('written');
    if (releases !== writes) {
      // Releases what someone else stored (a `close()`), or stores what someone else releases.
      return { declined: `another member of the class ${releases ? 'releases' : 'stores'} \`this.${field}\`: an owner hand-over` };
    }
  }
  return { variable: makeFieldVariable(field, own, scope) };
}

/** A stand-in variable for the field inside one method: its references are the method's `this.f` nodes. */
function makeFieldVariable(field: string, nodes: readonly TSESTree.MemberExpression[], scope: TSESLint.Scope.Scope): Variable {
  const references: Reference[] = [];
  const variable = {
    name: `this.${field}`,
    scope,
    defs: [],
    identifiers: [],
    references,
  } as unknown as Variable;
  for (const node of nodes) {
    const outer = climbTransparentWrappers(node);
    const parent = outer.parent;
    const write = parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === outer ? parent : null;
    const compound = write !== null && write.operator !== '=';
    references.push({
      identifier: node,
      from: scope,
      resolved: variable,
      init: false,
      writeExpr: write ? write.right : null,
      isWrite: () => write !== null,
      isRead: () => write === null || compound,
      isReadOnly: () => write === null,
      isWriteOnly: () => write !== null && !compound,
      isReadWrite: () => compound,
    } as unknown as Reference);
  }
  return variable;
}

/** How a `const` alias of the field is used in the function it is declared in (by name: a `const` is not reassigned). */
function classifyAlias(name: string, declarator: TSESTree.VariableDeclarator, release: MethodSet): 'kept' | 'released' | 'used' {
  let fn: TSESTree.Node = declarator.parent;
  while (!isFunctionNode(fn)) {
    if (fn.type === AST_NODE_TYPES.Program) {
      return 'kept';
    }
    fn = fn.parent;
  }
  const mentions = collectWithOwnThis(
    fn,
    (node): node is TSESTree.Identifier =>
      node.type === AST_NODE_TYPES.Identifier &&
      node.name === name &&
      node !== declarator.id &&
      // `x.runner` and `{ runner: … }` name a property, not the alias.
      !(node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node && !node.parent.computed) &&
      !(node.parent.type === AST_NODE_TYPES.Property && node.parent.key === node && !node.parent.shorthand),
    true,
  );
  let verdict: 'kept' | 'released' | 'used' = 'used';
  for (const mention of mentions) {
    const outer = climbTransparentWrappers(mention);
    const parent = outer.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
      const method = getPropertyName(parent);
      const call = parent.parent;
      if (method !== null && call.type === AST_NODE_TYPES.CallExpression && call.callee === parent && release.matches(call, method)) {
        verdict = 'released';
      }
      continue;
    }
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
      continue;
    }
    return 'kept';
  }
  return verdict;
}

/**
 * `this.f = acquire()` in a method that releases `this.f` itself, in a class where no other
 * member owns the field: a destination like a local variable, registered with `facts` so the
 * method's `this.f` resolve to it. Where the class shows another owner the store stays a
 * hand-over (`null`), and `note` tells the debug channel why.
 */
export function getFieldDestination(
  fn: FunctionNode,
  value: TSESTree.Node,
  release: MethodSet,
  facts: FileFacts,
  note: (detail: string) => void,
): Destination | null {
  const store = getFieldStore(value);
  const verdict = store ? getFieldHolder(fn, store, release, (node) => facts.getFunctionScope(node)) : null;
  if (!verdict) {
    return null;
  }
  if ('declined' in verdict) {
    note(`field store left to its owner: ${verdict.declined}`);
    return null;
  }
  facts.registerFieldHolder(verdict.variable);
  return { kind: 'variable', variable: verdict.variable };
}
