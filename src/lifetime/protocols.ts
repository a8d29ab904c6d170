import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getEnclosingFunction, getPropertyName, isFunctionNode } from '../flow/syntax.js';
import { getSingleInit } from '../util/imports.js';
import { searchNode } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { Site } from './site.js';

type Variable = TSESLint.Scope.Variable;
type Resolve = (node: TSESTree.Node) => Variable | null;

// Transaction protocols that span functions. A transaction begun on a client's connection
// (`client.query('BEGIN')`) is judged within one function; some code settles it in
// another one by design, and what the caller or the object does there cannot be followed.
// The analysis then stays silent on the site and says why on the debug channel.

/**
 * Why the transaction of `site` belongs to a protocol across functions, or `null`:
 *
 * - the function settles a transaction on the client before it begins one (`COMMIT`, then
 *   `BEGIN`): the transaction was open on entry, so whoever opened it settles the next one
 *   (saltcorn's `commitAndBeginNewTransaction()`, or a batch that commits every n rows);
 * - the client is read from a field of `this`, and another method of the class settles a
 *   transaction on that field: `begin()` and `commit()` of a unit-of-work object.
 *
 * `sites` are the function's other sites, so a `BEGIN` earlier in it counts as its own.
 */
export function getTransactionProtocol(site: Site, sites: readonly Site[], resolve: Resolve): string | null {
  if (site.kind !== 'transaction' || site.destination.kind !== 'variable') {
    return null;
  }
  const holder = site.destination.variable;
  // A client this function acquires brings no transaction of a caller with it (a `ROLLBACK`
  // first only clears what a previous borrower left), so its `BEGIN` is this function's.
  const acquiredHere = sites.some(
    (other) => other.kind !== 'transaction' && other.destination.kind === 'variable' && other.destination.variable === holder,
  );
  const settledFirst = acquiredHere ? null : getSettledBeforeBegun(site, sites, holder);
  if (settledFirst) {
    return `a transaction protocol across functions: \`${holder.name}\` is settled on line ${String(settledFirst.loc.start.line)} before this function begins one, so its caller opened the transaction it settles and settles the one begun here`;
  }
  const field = getFieldRead(holder);
  const settler = field ? findSiblingSettler(site, field, resolve) : null;
  return settler
    ? `a transaction protocol across methods: \`${holder.name}\` is \`this.${field ?? ''}\`, whose transaction the method ${settler} settles`
    : null;
}

/** The first release of the holder in the function itself, when it comes before any of the function's own acquisitions on it. */
function getSettledBeforeBegun(site: Site, sites: readonly Site[], holder: Variable): TSESTree.CallExpression | null {
  const own = site.releaseCalls
    .filter((call) => getEnclosingFunction(call) === site.fn)
    .sort((a, b) => a.range[0] - b.range[0]);
  const first = own[0];
  if (!first || first.range[0] > site.node.range[0]) {
    return null;
  }
  const begunBefore = sites.some(
    (other) =>
      other.kind === 'transaction' &&
      other.destination.kind === 'variable' &&
      other.destination.variable === holder &&
      other.node.range[0] < first.range[0],
  );
  return begunBefore ? null : first;
}

/** `client` in `const client = this.client` (or `= this.#client`): the field's name. */
function getFieldRead(variable: Variable): string | null {
  const init = getSingleInit(variable);
  const value = init ? skipTransparentWrappers(init) : null;
  if (value?.type !== AST_NODE_TYPES.MemberExpression || value.object.type !== AST_NODE_TYPES.ThisExpression) {
    return null;
  }
  return getPropertyName(value);
}

/** The name of another method of the class around `site.fn` that settles a transaction on `this.<field>`. */
function findSiblingSettler(site: Site, field: string, resolve: Resolve): string | null {
  const method = site.fn.parent;
  const body = method.parent;
  if (
    (method.type !== AST_NODE_TYPES.MethodDefinition && method.type !== AST_NODE_TYPES.PropertyDefinition) ||
    body?.type !== AST_NODE_TYPES.ClassBody
  ) {
    return null;
  }
  for (const member of body.body) {
    if (member === method || (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition)) {
      continue;
    }
    const fn = member.value;
    if (!fn || !isFunctionNode(fn)) {
      continue;
    }
    const found = searchNode(fn.body, (node) => isSettleOnField(site, node, field, resolve), { limit: 2000 });
    if (found.node) {
      return `\`${member.key.type === AST_NODE_TYPES.Identifier ? member.key.name : 'of the class'}()\``;
    }
  }
  return null;
}

/** `this.client.query('COMMIT')`, or the same on a local `const c = this.client`. */
function isSettleOnField(site: Site, node: TSESTree.Node, field: string, resolve: Resolve): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  const callee = skipTransparentWrappers(node.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || name === null || !site.release.matches(node, name)) {
    return false;
  }
  const receiver = skipTransparentWrappers(callee.object);
  if (receiver.type === AST_NODE_TYPES.MemberExpression && receiver.object.type === AST_NODE_TYPES.ThisExpression) {
    return getPropertyName(receiver) === field;
  }
  const variable = receiver.type === AST_NODE_TYPES.Identifier ? resolve(receiver) : null;
  return variable !== null && getFieldRead(variable) === field;
}
