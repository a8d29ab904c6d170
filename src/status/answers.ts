import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getEnclosingFunctionLike } from '../util/functions.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { SendSite } from './responses.js';

function lineOf(node: TSESTree.Node): string {
  return `line ${String(node.loc.start.line)}`;
}

function isBoolean(node: TSESTree.Node | null, value: boolean): boolean {
  const inner = node ? skipTransparentWrappers(node) : null;
  return inner?.type === AST_NODE_TYPES.Literal && inner.value === value;
}

function isFailureStatus(site: SendSite): number | null {
  const value = site.explicit?.value;
  return typeof value === 'number' && value >= 400 && value < 600 ? value : null;
}

/**
 * A body that says nothing on its own but that the function itself uses as its failure
 * answer: `res.send(false)` where the same handler answers `res.send(true)` on success (the
 * boolean is the outcome), or the very body it sends with a failure status on another
 * branch (`res.status(404).send(null)` in the `try`, `res.send(null)` in the `catch`).
 * Asked only of sends on a failure branch (a `catch`, an `if (err)`): a normal payload
 * never becomes a failure by this alone. Computed per function from the file's sends.
 */
export class OwnFailureAnswers {
  private readonly byFunction = new Map<TSESTree.Node | null, SendSite[]>();

  constructor(
    sites: readonly SendSite[],
    private readonly getText: (node: TSESTree.Node) => string,
  ) {
    for (const site of sites) {
      const fn = getEnclosingFunctionLike(site.node);
      const list = this.byFunction.get(fn) ?? [];
      list.push(site);
      this.byFunction.set(fn, list);
    }
  }

  /** Why `site`'s body is its function's failure answer, for the message; `null` when it is not. */
  get(site: SendSite): string | null {
    if (!site.body || site.via) {
      return null;
    }
    const others = (this.byFunction.get(getEnclosingFunctionLike(site.node)) ?? []).filter(
      (other) => other !== site && other.framework === site.framework && other.body !== null && other.node !== site.node,
    );
    if (isBoolean(site.body, false)) {
      const success = others.find((other) => isBoolean(other.body, true) && isFailureStatus(other) === null);
      if (success) {
        return `\`false\` where ${lineOf(success.node)} answers \`true\``;
      }
    }
    const text = this.normalise(site.body);
    for (const other of others) {
      const status = isFailureStatus(other);
      if (status !== null && other.body && this.normalise(other.body) === text) {
        return `the body it answers with ${String(status)} on ${lineOf(other.node)}`;
      }
    }
    return null;
  }

  private normalise(node: TSESTree.Node): string {
    return this.getText(node).replace(/\s+/gu, '');
  }
}
