import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { searchNode } from '../util/walk.js';
import type { FileFacts } from './facts.js';

type Variable = TSESLint.Scope.Variable;

/** Classes whose instances are values in memory: iterating them holds nothing. */
const inMemoryClasses = new Set([
  'Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'String', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
  'BigUint64Array',
]);

/** Type names whose values are in memory, as written in an annotation (`rows: ReadonlyArray<T>`). */
const inMemoryTypeNames = new Set([...inMemoryClasses, 'ReadonlyArray', 'ReadonlyMap', 'ReadonlySet']);

/** Static functions that build an array or string: `Array.from(x)`, `Object.keys(o)`. */
const inMemoryFactories = new Map([
  ['Array', new Set(['from', 'of'])],
  ['Object', new Set(['keys', 'values', 'entries'])],
]);

/**
 * Methods that, called on an in-memory value, give one (or an iterator over one):
 * `list.map(f)`, `map.values()`, `text.split(',')`.
 */
const inMemoryMethods = new Set([
  'map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'reverse', 'sort', 'toSorted', 'toReversed', 'with',
  'keys', 'values', 'entries', 'split', 'trim', 'toUpperCase', 'toLowerCase', 'padStart', 'padEnd', 'repeat',
  'matchAll', 'toSpliced',
]);

/** How far through variables and calls a value is followed. */
const MAX_DEPTH = 4;

/**
 * Whether `node` is a value in memory, as far as this file shows: an array, string, Map
 * or Set built here (literals, constructors, `Array.from`, their methods' results) or
 * declared so (`rows: number[]`, `index: ReadonlyMap<K, V>`), the
 * function's `arguments`, or the generator object of a generator function in this file
 * that has nothing to clean up (no `finally`, no `using`). Iterating such a value holds
 * no connection or handle, so leaving the iterator early leaks nothing.
 */
export function isInMemoryValue(node: TSESTree.Node, facts: FileFacts, depth = 0): boolean {
  if (depth > MAX_DEPTH) {
    return false;
  }
  const inner = skipTransparentWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    case AST_NODE_TYPES.Literal:
      return typeof inner.value === 'string';
    case AST_NODE_TYPES.NewExpression:
      return inner.callee.type === AST_NODE_TYPES.Identifier && inMemoryClasses.has(inner.callee.name) && !facts.resolve(inner.callee)?.defs.length;
    case AST_NODE_TYPES.Identifier:
      return isInMemoryVariable(inner, facts, depth);
    case AST_NODE_TYPES.CallExpression:
      return isInMemoryCall(inner, facts, depth);
    default:
      return false;
  }
}

/**
 * Whether `node` is the value of an `await`: the expression itself, or a variable whose
 * every write (its initialiser included) is one.
 */
export function isAwaitedValue(node: TSESTree.Node, facts: FileFacts): boolean {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) {
    return true;
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const variable = facts.resolve(inner);
  if (!variable || variable.defs.some((definition) => definition.type !== DefinitionType.Variable)) {
    return false;
  }
  const values = getWrites(variable);
  return values.length > 0 && values.every((value) => skipTransparentWrappers(value).type === AST_NODE_TYPES.AwaitExpression);
}

function isInMemoryVariable(identifier: TSESTree.Identifier, facts: FileFacts, depth: number): boolean {
  const variable = facts.resolve(identifier);
  if (!variable) {
    return false;
  }
  if (identifier.name === 'arguments' && variable.defs.length === 0) {
    // The implicit `arguments` of the enclosing function.
    return true;
  }
  // A declared type holds for every value the variable ever has: `rows: number[]`.
  if (variable.defs.some((definition) => isInMemoryAnnotation(getAnnotation(definition.name), facts))) {
    return true;
  }
  const values = getWrites(variable);
  return values.length > 0 && values.every((value) => isInMemoryValue(value, facts, depth + 1));
}

function isInMemoryCall(call: TSESTree.CallExpression, facts: FileFacts, depth: number): boolean {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = getPropertyName(callee);
    const object = skipTransparentWrappers(callee.object);
    if (method === null) {
      return false;
    }
    if (object.type === AST_NODE_TYPES.Identifier && !facts.resolve(object)?.defs.length) {
      if (inMemoryFactories.get(object.name)?.has(method) === true) {
        return true;
      }
    }
    return inMemoryMethods.has(method) && isInMemoryValue(object, facts, depth + 1);
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  if (callee.name === 'String' && !facts.resolve(callee)?.defs.length) {
    return true;
  }
  const generator = getLocalGenerator(callee, facts);
  return generator !== null && !cleansUp(generator);
}

/** The generator function a name is declared as in this file (`function* g()`, `const g = function* ()`). */
function getLocalGenerator(callee: TSESTree.Identifier, facts: FileFacts): TSESTree.FunctionLike | null {
  const definition = facts.resolve(callee)?.defs[0];
  if (definition?.type === DefinitionType.FunctionName) {
    const fn = definition.node as TSESTree.Node;
    return isFunctionNode(fn) && fn.generator ? fn : null;
  }
  if (definition?.type === DefinitionType.Variable) {
    const init = definition.node.init;
    return init && isFunctionNode(init) && init.generator ? init : null;
  }
  return null;
}

/** Whether a generator's body has something to run when it is left early: a `finally` or a `using`. */
function cleansUp(fn: TSESTree.FunctionLike): boolean {
  if (!fn.body) {
    return true;
  }
  const found = searchNode(fn.body, (node) =>
    (node.type === AST_NODE_TYPES.TryStatement && node.finalizer !== null) ||
    (node.type === AST_NODE_TYPES.VariableDeclaration && (node.kind === 'using' || node.kind === 'await using')),
  );
  // Out of budget: it may clean up.
  return found.node !== null || found.exhausted;
}

/** The type annotation written on a declared name (`rows: number[]`), if any. */
function getAnnotation(name: TSESTree.Node): TSESTree.TypeNode | null {
  return name.type === AST_NODE_TYPES.Identifier ? (name.typeAnnotation?.typeAnnotation ?? null) : null;
}

/**
 * Whether a written type is one of values in memory: an array or tuple, a string, a
 * Map or Set (not one declared or imported under that name), or a union of such with
 * `null` / `undefined`. Read from the syntax alone; type aliases are left to the types.
 */
function isInMemoryAnnotation(type: TSESTree.TypeNode | null, facts: FileFacts): boolean {
  switch (type?.type) {
    case AST_NODE_TYPES.TSArrayType:
    case AST_NODE_TYPES.TSTupleType:
    case AST_NODE_TYPES.TSStringKeyword:
    case AST_NODE_TYPES.TSTemplateLiteralType:
      return true;
    case AST_NODE_TYPES.TSLiteralType:
      return type.literal.type === AST_NODE_TYPES.Literal && typeof type.literal.value === 'string';
    case AST_NODE_TYPES.TSTypeOperator:
      return type.operator === 'readonly' && isInMemoryAnnotation(type.typeAnnotation ?? null, facts);
    case AST_NODE_TYPES.TSTypeReference:
      return (
        type.typeName.type === AST_NODE_TYPES.Identifier &&
        inMemoryTypeNames.has(type.typeName.name) &&
        !facts.resolve(type.typeName)?.defs.length
      );
    case AST_NODE_TYPES.TSUnionType: {
      const values = type.types.filter(
        (member) => member.type !== AST_NODE_TYPES.TSNullKeyword && member.type !== AST_NODE_TYPES.TSUndefinedKeyword,
      );
      return values.length > 0 && values.every((member) => isInMemoryAnnotation(member, facts));
    }
    default:
      return false;
  }
}

/** Values written to a variable: its initialiser and plain assignments. */
function getWrites(variable: Variable): TSESTree.Node[] {
  return variable.references.flatMap((reference) => (reference.writeExpr ? [reference.writeExpr] : []));
}
