import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import type { FileProbe } from '../summaries/files.js';
import { getPackageEntryName } from '../summaries/resolve.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

/*
 * `this` inside a plain function that a CommonJS module exports as a property of its module
 * object (`module.exports.shutdown = shutdown`, `exports.x = function () {…}`, `module.exports =
 * { shutdown }`): callers call it as `oracledb.shutdown()`, so `this` is that module object
 * and `this.getConnection()` runs the module's own export `getConnection`. Only a function
 * that is reachable solely as such a property is read so; any other reference (a direct
 * call, a callback, an ES export) leaves its `this` unknown.
 */

type Variable = TSESLint.Scope.Variable;

/** Calls that wrap an exported function are taken to pass `this` through (`callbackify(wrapFn(f))`). */
const MAX_WRAPPERS = 4;

/** The function the module object's property `name` holds, for a call `this.name()` in `site`; `null` when not known. */
export function findModuleObjectMethod(
  site: TSESTree.Node,
  name: string,
  resolve: (node: TSESTree.Node) => Variable | null,
): FunctionNode | null {
  const fn = getThisFunction(site);
  if (!fn || !isExportedOnlyAsModuleProperty(fn, resolve)) {
    return null;
  }
  let program: TSESTree.Node = fn;
  while (program.type !== AST_NODE_TYPES.Program) {
    program = program.parent;
  }
  return findModuleProperty(program, name, resolve);
}

/**
 * Whether `this` (the node) is the module object: it sits in a plain function the module
 * exports only as a property of `module.exports` (see above), so callers call it as
 * `driver.shutdown()`.
 */
export function isModuleObjectThis(node: TSESTree.ThisExpression, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  const fn = getThisFunction(node);
  return fn !== null && isExportedOnlyAsModuleProperty(fn, resolve);
}

/**
 * The package `this` is, when it is the module object (see isModuleObjectThis) of the file
 * at `path` and that file is its package's entry point (a driver's own `lib/oracledb.js`,
 * re-exported by `index.js`): `this.getConnection()` in oracledb's `shutdown()` is
 * `oracledb.getConnection()`. `null` otherwise.
 */
export function getModuleThisPackage(
  node: TSESTree.ThisExpression,
  path: string,
  resolveIdentifier: (identifier: TSESTree.Identifier) => Variable | null,
  probe: FileProbe,
): string | null {
  const resolve = (inner: TSESTree.Node): Variable | null => (inner.type === AST_NODE_TYPES.Identifier ? resolveIdentifier(inner) : null);
  return isModuleObjectThis(node, resolve) ? getPackageEntryName(path, probe) : null;
}

/** The plain function whose `this` a node sees (through arrow functions); `null` in a method or at the top level. */
function getThisFunction(node: TSESTree.Node): TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) {
      return current;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) {
      return null;
    }
    current = current.parent;
  }
  return null;
}

function isExportedOnlyAsModuleProperty(
  fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression,
  resolve: (node: TSESTree.Node) => Variable | null,
): boolean {
  if (fn.type === AST_NODE_TYPES.FunctionExpression) {
    return isModulePropertyValue(fn, resolve);
  }
  if (!fn.id || fn.parent.type !== AST_NODE_TYPES.Program) {
    return false;
  }
  const variable = resolve(fn.id);
  const references = variable?.references.filter((reference) => reference.identifier !== fn.id) ?? [];
  return references.length > 0 && references.every((reference) => isModulePropertyValue(reference.identifier, resolve));
}

/**
 * Whether `node` is the value stored in a property of the module object, perhaps through
 * wrapping calls: `exports.x = node`, `module.exports.x = wrap(node)`, `module.exports = { x: node }`.
 */
function isModulePropertyValue(node: TSESTree.Node, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  let value: TSESTree.Node = node;
  for (let depth = 0; depth < MAX_WRAPPERS && value.parent?.type === AST_NODE_TYPES.CallExpression; depth += 1) {
    const call: TSESTree.CallExpression = value.parent;
    if (!call.arguments.includes(value as TSESTree.CallExpressionArgument)) {
      return false;
    }
    value = call;
  }
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) {
    const left = skipTransparentWrappers(parent.left);
    return parent.right === value && left.type === AST_NODE_TYPES.MemberExpression && isModuleObject(left.object, resolve);
  }
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === value && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    const holder = parent.parent.parent;
    return holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === parent.parent && isModuleExports(holder.left, resolve);
  }
  return false;
}

/** `exports` or `module.exports`, the CommonJS globals (not a local of that name). */
function isModuleObject(node: TSESTree.Node, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  const inner = skipTransparentWrappers(node);
  return (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'exports' && isGlobal(inner, resolve)) || isModuleExports(inner, resolve);
}

function isModuleExports(node: TSESTree.Node, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  const inner = skipTransparentWrappers(node);
  return (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    inner.object.type === AST_NODE_TYPES.Identifier &&
    inner.object.name === 'module' &&
    getPropertyName(inner) === 'exports' &&
    isGlobal(inner.object, resolve)
  );
}

function isGlobal(identifier: TSESTree.Identifier, resolve: (node: TSESTree.Node) => Variable | null): boolean {
  const variable = resolve(identifier);
  return !variable || variable.defs.length === 0;
}

/**
 * The function the module object's property `name` holds, from the module's top-level
 * statements: `module.exports = { name… }` and `module.exports.name = …` / `exports.name = …`
 * (the last one wins), through wrapping calls.
 */
function findModuleProperty(program: TSESTree.Node, name: string, resolve: (node: TSESTree.Node) => Variable | null): FunctionNode | null {
  if (program.type !== AST_NODE_TYPES.Program) {
    return null;
  }
  let found: TSESTree.Node | null = null;
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) {
      continue;
    }
    const { left, right } = statement.expression;
    const target = skipTransparentWrappers(left);
    if (isModuleExports(target, resolve)) {
      const object = skipTransparentWrappers(right);
      found = object.type === AST_NODE_TYPES.ObjectExpression ? (getPropertyValue(object, name) ?? found) : null;
    } else if (target.type === AST_NODE_TYPES.MemberExpression && getPropertyName(target) === name && isModuleObject(target.object, resolve)) {
      found = right;
    }
  }
  return found ? unwrapFunction(found, resolve, 0) : null;
}

function getPropertyValue(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | null {
  for (let index = object.properties.length - 1; index >= 0; index -= 1) {
    const property = object.properties[index];
    if (property?.type === AST_NODE_TYPES.SpreadElement) {
      return null;
    }
    if (property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === name) {
      return property.value;
    }
  }
  return null;
}

/** The function a value is: a function expression, a name bound to a function declaration, through wrapping calls. */
function unwrapFunction(node: TSESTree.Node, resolve: (node: TSESTree.Node) => Variable | null, depth: number): FunctionNode | null {
  const inner = skipTransparentWrappers(node);
  if (isFunctionNode(inner)) {
    return inner;
  }
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const definition = resolve(inner)?.defs;
    const declaration = definition?.length === 1 ? definition[0]?.node : undefined;
    return declaration?.type === AST_NODE_TYPES.FunctionDeclaration ? declaration : null;
  }
  const [argument] = inner.type === AST_NODE_TYPES.CallExpression ? inner.arguments : [];
  return argument && depth < MAX_WRAPPERS ? unwrapFunction(argument, resolve, depth + 1) : null;
}
