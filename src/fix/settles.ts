import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getPropertyName } from '../flow/syntax.js';
import type { Site } from '../lifetime/site.js';
import { isTransparentWrapper, skipTransparentWrappers } from '../util/wrappers.js';
import { getReleaseText, isInert, isInNestedFunction } from './statements.js';

/**
 * The release (or settle) calls a fix removes and the one it writes. A release is either
 * the resource's own method (`client.release()`) or a call on its pool that takes it
 * (`pool.release(client)`, `knex.client.releaseConnection(conn)`: a model's `releaseVia`);
 * for the latter the fix writes the call the function already makes, or, with none, the
 * one on the receiver that handed the resource out.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A release (or settle) call of the site, as the statement it is. */
export interface Settle {
  readonly call: TSESTree.CallExpression;
  readonly statement: TSESTree.ExpressionStatement;
  /**
   * The call as the fix compares and writes it, blanks removed: after its receiver for the
   * resource's own method (`.release()`, `.query('ROLLBACK')`), whole for a `releaseVia`
   * call (`pool.release(client)`).
   */
  readonly suffix: string;
  /** Whether it is a `releaseVia` call, on another receiver. */
  readonly via: boolean;
  /** Whether it is awaited. */
  readonly awaited: boolean;
}

/** `receiver.method(name)` with a `releaseVia` method, an inert receiver and the holder as the only argument. */
function isViaCall(site: Site, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || call.optional || callee.optional) {
    return false;
  }
  const method = getPropertyName(callee);
  const [argument] = call.arguments;
  return (
    method !== null &&
    site.releaseVia.has(method) &&
    call.arguments.length === 1 &&
    argument?.type === AST_NODE_TYPES.Identifier &&
    argument.name === site.name &&
    isInert(callee.object)
  );
}

/** The site's release calls as statements; `null` when one is not a statement of its own in the function. */
export function getSettles(sourceCode: SourceCode, site: Site): Settle[] | null {
  const settles: Settle[] = [];
  for (const call of site.releaseCalls) {
    let node: TSESTree.Node = call;
    let awaited = false;
    while (node.parent.type === AST_NODE_TYPES.AwaitExpression || isTransparentWrapper(node.parent)) {
      awaited ||= node.parent.type === AST_NODE_TYPES.AwaitExpression;
      node = node.parent;
    }
    const statement = node.parent;
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || isInNestedFunction(call, site.fn)) {
      return null;
    }
    if (isViaCall(site, call)) {
      const suffix = sourceCode.getText(call).replace(/\s+/g, '');
      settles.push({ call, statement, suffix, via: true, awaited });
      continue;
    }
    const callee = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee : null;
    if (callee?.object.type !== AST_NODE_TYPES.Identifier || callee.object.name !== site.name) {
      return null;
    }
    if (site.kind === 'transaction' && callee.property.type === AST_NODE_TYPES.Identifier && site.abandon.matches(call, callee.property.name)) {
      // `client.release()` gives the connection up: for the transaction it is no settle.
      continue;
    }
    // The call after its receiver, as the fix would write it: `.release()`, `.query('ROLLBACK')`.
    const suffix = sourceCode.text.slice(callee.object.range[1], call.range[1]).replace(/\s+/g, '').replace(/^\?\./, '.');
    settles.push({ call, statement, suffix, via: false, awaited });
  }
  return settles;
}

/** Whether a settle call is the one the fix writes: same method, same arguments. */
export function isSameCall(settle: Settle, suffix: string): boolean {
  return settle.suffix === suffix.replace(/\s+/g, '');
}

/** The release a fix writes and the key its removed releases must match. */
export interface ReleaseChoice {
  /** The statement's text, without `;` (`client.release()`, `await pool.release(client)`). */
  readonly text: string;
  /** What `Settle.suffix` a release the fix removes must have. */
  readonly key: string;
}

/**
 * The release the fix writes: the resource's own release (`client.release()`); where the
 * function releases through its pool (`await pool.release(client)`, a model's
 * `releaseVia`) every time, the same pool call; where it never releases and the resource
 * has no own release, the `releaseVia` call on the receiver that handed it out
 * (`this.redisPool.acquire()` → `this.redisPool.release(client)`). `null` where the
 * function mixes pool calls, or the receiver is not a plain name or member chain.
 */
export function chooseRelease(site: Site, sourceCode: SourceCode, settles: readonly Settle[]): ReleaseChoice | null {
  const own = site.releaseCall.startsWith('.') && site.fixHints.releaseIsOwn;
  const via = settles.filter((settle) => settle.via);
  const [first] = via;
  if (first && via.length === settles.length) {
    if (via.some((settle) => settle.suffix !== first.suffix) || /[\r\n]/.test(sourceCode.getText(first.call))) {
      return null;
    }
    const awaited = site.fn.async && via.some((settle) => settle.awaited);
    return { text: `${awaited ? 'await ' : ''}${sourceCode.getText(first.call)}`, key: first.suffix };
  }
  if (own) {
    return via.length === 0 ? { text: getReleaseText(site), key: site.releaseCall } : null;
  }
  if (settles.length > 0 || site.releaseCall.startsWith('.') || !site.releaseVia.has(site.releaseCall) || site.value === null) {
    return null;
  }
  const acquiring = skipTransparentWrappers(site.value.type === AST_NODE_TYPES.AwaitExpression ? site.value.argument : site.value);
  const callee = acquiring.type === AST_NODE_TYPES.CallExpression ? skipTransparentWrappers(acquiring.callee) : null;
  if (callee?.type !== AST_NODE_TYPES.MemberExpression || callee.optional || !isInert(callee.object) || callee.object.type === AST_NODE_TYPES.Literal) {
    return null;
  }
  const call = `${sourceCode.getText(callee.object)}.${site.releaseCall}(${site.name})`;
  const awaited = site.fn.async && site.releaseIsAsync;
  return { text: `${awaited ? 'await ' : ''}${call}`, key: call.replace(/\s+/g, '') };
}
