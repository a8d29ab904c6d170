import type { TSESTree } from '@typescript-eslint/types';
import type { FunctionNode, GaveUp } from '../flow/interpreter.js';
import { collectReachable } from '../flow/reachability.js';
import type { LifetimeDomain } from './domain.js';
import type { Site } from './site.js';

/**
 * The nodes of a function some path reaches, computed once per function and release model:
 * what the domain takes not to throw (a model's own release) must not open paths there
 * either, and that is all of a site the reachability run depends on.
 */
export class ReachableByModel {
  private readonly byFunction = new Map<FunctionNode, Map<string, ReadonlySet<TSESTree.Node> | GaveUp>>();

  /** The nodes of `site.fn` reachable under `domain`'s throw model, or why the run gave up. */
  get(site: Site, domain: LifetimeDomain, stepBudget: number | undefined): ReadonlySet<TSESTree.Node> | GaveUp {
    let byModel = this.byFunction.get(site.fn);
    if (!byModel) {
      byModel = new Map();
      this.byFunction.set(site.fn, byModel);
    }
    const key = `${site.release.key}|${String(site.releaseIsAsync)}|${String(site.releaseCanFail)}`;
    let reachable = byModel.get(key);
    if (!reachable) {
      reachable = collectReachable(site.fn, (node) => domain.mayThrow(node), stepBudget);
      byModel.set(key, reachable);
    }
    return reachable;
  }
}
