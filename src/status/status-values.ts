import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getPropertyName, getTrailingName } from '../flow/syntax.js';
import { statusConstants } from '../http/index.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

// Reading an HTTP status from the syntax: a literal, a named constant, an init object.

/** A status as the analysis knows it: a number, or `'?'` when it cannot tell. */
export type StatusValue = number | '?';

/** Where a send's status comes from when it names one itself. */
export interface ExplicitStatus {
  readonly value: StatusValue;
  /** The node holding the status (the literal to replace in a fix), when there is one. */
  readonly node: TSESTree.Node | null;
}

/** Reads a status argument: a numeric literal or a named constant (`HttpStatus.OK`), else unknown. */
export function readStatus(node: TSESTree.Node | undefined | null): StatusValue {
  if (!node) {
    return '?';
  }
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'number') {
    return inner.value;
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && (statusConstants.objects as readonly string[]).includes(getTrailingName(inner.object) ?? '')) {
    const values: Readonly<Record<string, number>> = statusConstants.values;
    return values[getPropertyName(inner) ?? ''] ?? '?';
  }
  return '?';
}

/** A status argument: a number, or a `ResponseInit`-like object with `status`. */
export function readStatusArgument(node: TSESTree.Node | undefined): ExplicitStatus {
  const inner = node ? skipTransparentWrappers(node) : null;
  if (inner?.type === AST_NODE_TYPES.ObjectExpression) {
    return readInit(inner, 200);
  }
  return { value: readStatus(inner), node: inner };
}

/** The `status` of an init object; the default when it has none; unknown past a spread. */
export function readInit(init: TSESTree.ObjectExpression, defaultStatus: number): ExplicitStatus {
  for (const property of init.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      return { value: '?', node: null };
    }
    const key = property.computed ? null : getTrailingName(property.key);
    if (key === 'status' || (property.key.type === AST_NODE_TYPES.Literal && property.key.value === 'status')) {
      return { value: readStatus(property.value), node: property.value };
    }
  }
  return { value: defaultStatus, node: null };
}
