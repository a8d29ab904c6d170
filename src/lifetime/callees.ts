import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { findModuleObjectMethod } from '../provenance/module-this.js';
import type { CalleeLookup } from './summary-host.js';

type Variable = TSESLint.Scope.Variable;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Superclasses followed when a method is looked up. */
const MAX_CLASS_DEPTH = 8;

/** The name of a non-computed key: `open`, `'open'`, and `#open` for a private method. */
function getKeyName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.Identifier) {
    return key.name;
  }
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) {
    return `#${key.name}`;
  }
  return key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : null;
}

/**
 * What `this` is inside the function around `node`: the class of a method (or of a
 * property's arrow function), or the object literal of a method; `null` in a plain
 * `function` or at the top level. Arrow functions keep the `this` of their surroundings.
 */
function getThisOwner(node: TSESTree.Node): ClassNode | TSESTree.ObjectExpression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
      const holder = current.parent;
      if (holder.type === AST_NODE_TYPES.MethodDefinition) {
        return holder.parent.parent;
      }
      if (holder.type === AST_NODE_TYPES.Property && holder.value === current && holder.parent.type === AST_NODE_TYPES.ObjectExpression) {
        return holder.parent;
      }
      return null;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition) {
      return current.parent.parent;
    }
    current = current.parent;
  }
  return null;
}

/**
 * The function-valued property `name` of an object literal: `open() {…}`, `open: async () => …`,
 * and `{ open }` / `open: open` with `functionOf` saying which function a name is bound to.
 */
function getObjectMember(
  object: TSESTree.ObjectExpression,
  name: string,
  functionOf: (identifier: TSESTree.Identifier) => FunctionNode | null,
): FunctionNode | null {
  // The last property of that name wins, as at run time; a spread after it may replace it.
  for (let index = object.properties.length - 1; index >= 0; index--) {
    const property = object.properties[index];
    if (property?.type === AST_NODE_TYPES.SpreadElement) {
      return null;
    }
    if (property && !property.computed && property.kind === 'init' && getKeyName(property.key) === name) {
      const value = skipTransparentWrappers(property.value);
      if (value.type === AST_NODE_TYPES.Identifier) {
        return functionOf(value);
      }
      return isFunctionNode(value) ? value : null;
    }
  }
  return null;
}



/** Finds the same-file function a call runs, for the summaries (a CalleeLookup). */
export class SameFileCallees implements CalleeLookup {
  constructor(
    private readonly resolve: (node: TSESTree.Node) => Variable | null,
    /** The same-file method a call on an instance reaches (`db.open()` with `db = new Repo()`), from provenance. */
    private readonly instanceMethod: (call: TSESTree.CallExpression) => FunctionNode | null = () => null,
  ) {}

  /**
   * The same-file function `call` reaches: `helper(…)` (a declaration, nested or not, or a
   * function bound to a `const`), `this.helper(…)` in a class (also inherited from a
   * same-file superclass), in an object literal's method or in a function the module exports
   * only as a property of its module object (module-this.ts), `super.helper(…)`, and
   * `db.helper(…)` on a same-file object literal or class (its static methods), and
   * `db.helper(…)` / `this.db.helper(…)` on an instance of a same-file class.
   */
  getCallee(call: TSESTree.CallExpression): FunctionNode | null {
    const callee = skipTransparentWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return this.functionOfVariable(callee);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    const name = getPropertyName(callee);
    if (name === null) {
      return null;
    }
    const object = skipTransparentWrappers(callee.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      const owner = getThisOwner(callee);
      return owner?.type === AST_NODE_TYPES.ObjectExpression
        ? getObjectMember(owner, name, (identifier) => this.functionOfVariable(identifier))
        : owner
          ? this.getClassMember(owner, name, false)
          : findModuleObjectMethod(callee, name, this.resolve);
    }
    if (object.type === AST_NODE_TYPES.Super) {
      const owner = getThisOwner(callee);
      const parent = owner && owner.type !== AST_NODE_TYPES.ObjectExpression ? this.getSuperClass(owner) : null;
      return parent ? this.getClassMember(parent, name, false) : null;
    }
    if (object.type === AST_NODE_TYPES.Identifier) {
      const value = this.valueOfVariable(object);
      if (value?.type === AST_NODE_TYPES.ObjectExpression) {
        return getObjectMember(value, name, (identifier) => this.functionOfVariable(identifier));
      }
      if (value?.type === AST_NODE_TYPES.ClassDeclaration || value?.type === AST_NODE_TYPES.ClassExpression) {
        return this.getClassMember(value, name, true);
      }
    }
    return this.instanceMethod(call);
  }

  /** The class of this file a name (the callee of a `new`, a superclass) is bound to: `class C {}`, `const C = class {}`. */
  getClass(reference: TSESTree.Node): ClassNode | null {
    const inner = skipTransparentWrappers(reference);
    const value = inner.type === AST_NODE_TYPES.Identifier ? this.valueOfVariable(inner) : null;
    return value?.type === AST_NODE_TYPES.ClassDeclaration || value?.type === AST_NODE_TYPES.ClassExpression ? value : null;
  }

  /** The function a name is bound to in this file: a declaration or a `const` initialised with one. */
  private functionOfVariable(identifier: TSESTree.Identifier): FunctionNode | null {
    const value = this.valueOfVariable(identifier);
    return value && isFunctionNode(value) ? value : null;
  }

  /** What a name is bound to once in this file: a function or class declaration, or a `const`'s initialiser. */
  private valueOfVariable(identifier: TSESTree.Identifier): TSESTree.Node | null {
    const variable = this.resolve(identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!definition) {
      return null;
    }
    const node = definition.node as TSESTree.Node;
    if (node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassDeclaration) {
      return node;
    }
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.init) {
      // A function bound to any declaration (as before); an object or class only to a `const`.
      const init = skipTransparentWrappers(node.init);
      return node.parent.kind === 'const' || isFunctionNode(init) ? init : null;
    }
    return null;
  }

  /** A method (or function-valued property) of a same-file class, looked up its superclasses too (bounded). */
  private getClassMember(cls: ClassNode, name: string, isStatic: boolean): FunctionNode | null {
    let current: ClassNode | null = cls;
    for (let depth = 0; current && depth < MAX_CLASS_DEPTH; depth++) {
      for (const member of current.body.body) {
        if (
          (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
          member.static === isStatic &&
          !member.computed &&
          (member.type === AST_NODE_TYPES.PropertyDefinition || member.kind === 'method') &&
          getKeyName(member.key) === name
        ) {
          const value = member.value ? skipTransparentWrappers(member.value) : null;
          return value && isFunctionNode(value) ? value : null;
        }
      }
      current = this.getSuperClass(current);
    }
    return null;
  }

  /** The same-file class `cls` extends. */
  private getSuperClass(cls: ClassNode): ClassNode | null {
    const parent = cls.superClass ? skipTransparentWrappers(cls.superClass) : null;
    const value = parent?.type === AST_NODE_TYPES.Identifier ? this.valueOfVariable(parent) : null;
    return value?.type === AST_NODE_TYPES.ClassDeclaration || value?.type === AST_NODE_TYPES.ClassExpression ? value : null;
  }
}
