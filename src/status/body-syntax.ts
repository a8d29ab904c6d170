import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName } from '../flow/syntax.js';
import { failureNamePattern } from '../http/index.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

/** The small readings of body syntax the body reader is built from: keys, texts, codes, failure values. */

const failureNameRegex = new RegExp(failureNamePattern, 'u');

/** The name of an object key (`error`, `'error'`), or `null` for a computed one. */
export function keyName(property: TSESTree.Property): string | null {
  if (property.computed) {
    return null;
  }
  if (property.key.type === AST_NODE_TYPES.Identifier) {
    return property.key.name;
  }
  return typeof property.key.value === 'string' ? property.key.value : null;
}

/** A text quoted for a message, flattened and cut at 40 characters. */
export function quote(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return `"${flat.length > 40 ? `${flat.slice(0, 37)}…` : flat}"`;
}

/** The string a literal, template or concatenation spells (template holes as spaces). */
export function getText(node: TSESTree.Node): string | null {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') {
    return inner.value;
  }
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) {
    return inner.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') {
    const parts = [getText(inner.left), getText(inner.right)].filter((part) => part !== null);
    return parts.length > 0 ? parts.join(' ') : null;
  }
  return null;
}

/** Whether `node` reads a failure value: `err`, `error.message`, `String(e)`, `e.toString()`. */
export function isFailureValue(node: TSESTree.Node): boolean {
  let inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTransparentWrappers(inner.callee);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String' && inner.arguments[0]) {
      inner = skipTransparentWrappers(inner.arguments[0]);
    } else if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'toString') {
      inner = skipTransparentWrappers(callee.object);
    } else {
      return false;
    }
  }
  while (inner.type === AST_NODE_TYPES.MemberExpression) {
    inner = skipTransparentWrappers(inner.object);
  }
  return inner.type === AST_NODE_TYPES.Identifier && failureNameRegex.test(inner.name);
}

/** The HTTP-like code a literal holds (`500`, `'404'`) when `accept` takes it, else `null`. */
export function isCode(value: TSESTree.Node, accept: (code: number) => boolean): number | null {
  const inner = skipTransparentWrappers(value);
  let code: number | null = null;
  if (inner.type === AST_NODE_TYPES.Literal) {
    if (typeof inner.value === 'number') {
      code = inner.value;
    } else if (typeof inner.value === 'string' && /^\d{3}$/u.test(inner.value)) {
      code = Number(inner.value);
    }
  }
  return code !== null && accept(code) ? code : null;
}

/** `null`, `false`, `''` or `undefined`: a key present with no value. */
export function isAbsent(value: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(value);
  return (
    (inner.type === AST_NODE_TYPES.Literal && (inner.value === null || inner.value === false || inner.value === '')) ||
    (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined')
  );
}
