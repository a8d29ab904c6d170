import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { keyName } from './body-syntax.js';

/** A body shape a team serves as 200 on purpose: keys with a literal value, or `"*"` for any. */
export type AllowedBody = Readonly<Record<string, string | number | boolean | null>>;

/** Whether `body` is one of the shapes the team serves as 200 on purpose. */
export function matchesAllowedBody(body: TSESTree.Node | null, allowed: readonly AllowedBody[]): boolean {
  const inner = body ? skipTransparentWrappers(body) : null;
  if (inner?.type !== AST_NODE_TYPES.ObjectExpression || allowed.length === 0) {
    return false;
  }
  const values = new Map<string, TSESTree.Node>();
  for (const property of inner.properties) {
    if (property.type === AST_NODE_TYPES.Property) {
      const key = keyName(property);
      if (key !== null) {
        values.set(key, property.value);
      }
    }
  }
  return allowed.some((shape) =>
    Object.entries(shape).every(([key, expected]) => {
      const value = values.get(key);
      if (!value) {
        return false;
      }
      if (expected === '*') {
        return true;
      }
      const literal = skipTransparentWrappers(value);
      return literal.type === AST_NODE_TYPES.Literal && literal.value === expected;
    }),
  );
}
