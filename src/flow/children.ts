import type { TSESTree } from '@typescript-eslint/types';

// Generic evaluation: a node type the interpreter has no case for (JSX, an enum's
// initialisers, syntax newer than the interpreter) is evaluated through its children in
// source order, so what they do is seen and new syntax fails closed.

/** Keys of a node that never hold a value evaluated at run time. */
const NON_VALUE_KEYS = new Set([
  'parent',
  'loc',
  'range',
  'decorators',
  'typeAnnotation',
  'typeArguments',
  'typeParameters',
  'returnType',
]);

/** The child nodes of `node` that are evaluated, in source order (JSX children, enum initialisers, …). */
export function getValueChildren(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (NON_VALUE_KEYS.has(key)) {
      continue;
    }
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (isNode(item)) {
        children.push(item);
      }
    }
  }
  return children.sort((a, b) => a.range[0] - b.range[0]);
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}
