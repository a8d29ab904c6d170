import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getConditionsAtAcquisition, getStableTestId, getStableTest, isRetested } from './stable-tests.js';
import type { LifetimeState, SiteView } from './state.js';
import { forgetGuard } from './guards.js';
import { writeRead } from './exhaustion.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

// What a path knows of the tests it passed: outcomes of tests of variables that never change
// and the values of flags (`let released = false`), so a later test takes the same side.

/** How many test outcomes one path remembers. */
const MAX_FACTS = 4;

/**
 * Records the outcome of a test of a stable variable, or finds it contradicts an
 * earlier test of the same variable on this path (`null`).
 */
export function decide(view: SiteView, test: TSESTree.Expression, truthy: boolean, state: LifetimeState): LifetimeState | null {
  if (state.status !== 'open' && state.status !== 'released') {
    return state;
  }
  const inner = skipTransparentWrappers(test);
  const variable = inner.type === AST_NODE_TYPES.Identifier ? view.context.resolve(inner) : null;
  if (!variable) {
    return decideStable(view, inner, truthy, state);
  }
  const id = view.context.idOf(variable);
  const fact = state.facts.find(([factId]) => factId === id);
  const kind = view.context.conditionKind(variable);
  // A fact may also come from the entry (a parameter a summary is worked out for, known at the call).
  if (!kind && !fact) {
    return state;
  }
  const known =
    fact?.[1] ??
    (kind === 'flag' ? view.context.flagValueAtAcquisition(variable, view.site) : null);
  if (known !== null) {
    return known === truthy ? setFact(state, id, known) : null;
  }
  // A few facts catch the correlated tests real code has; more would multiply paths.
  return state.facts.length < MAX_FACTS ? setFact(state, id, truthy) : state;
}

/**
 * The same for a test of a field or a variable compared with a literal that the function
 * cannot change (see stable-tests.ts): a second test takes the side the first one took, on
 * this path or where the site acquired.
 */
function decideStable(view: SiteView, test: TSESTree.Node, truthy: boolean, state: LifetimeState): LifetimeState | null {
  const stable = getStableTest(view, test);
  if (!stable) {
    return state;
  }
  if (!isRetested(view, stable.key)) {
    return state;
  }
  const value = truthy !== stable.negated;
  const atAcquisition = getConditionsAtAcquisition(view).get(stable.key);
  if (atAcquisition !== undefined) {
    return atAcquisition === value ? state : null;
  }
  const id = getStableTestId(view.context, stable.key);
  const fact = state.facts.find(([factId]) => factId === id);
  if (fact) {
    return fact[1] === value ? state : null;
  }
  return state.facts.length < MAX_FACTS ? setFact(state, id, value) : state;
}

/** `state` with the outcome of a test of variable `id` recorded. */
export function setFact(state: LifetimeState, id: number, value: boolean): LifetimeState {
  const current = state.facts.find(([factId]) => factId === id);
  if (current?.[1] === value) {
    return state;
  }
  const facts = [...state.facts.filter(([factId]) => factId !== id), [id, value] as const].sort((a, b) => a[0] - b[0]);
  return { ...state, facts };
}

/** `done = true`, `let found = false`: a flag takes a known value. */
export function writeFlag(view: SiteView, node: TSESTree.Node, state: LifetimeState): LifetimeState {
  let target: TSESTree.Node | null = null;
  let value: TSESTree.Node | null = null;
  if (node.type === AST_NODE_TYPES.VariableDeclarator) {
    target = node.id;
    value = node.init;
  } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
    target = node.left;
    value = node.right;
  }
  if (target?.type !== AST_NODE_TYPES.Identifier || value?.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'boolean') {
    return state;
  }
  const variable = view.context.resolve(target);
  return variable && view.context.conditionKind(variable) === 'flag'
    ? setFact(state, view.context.idOf(variable), value.value)
    : state;
}

/** Drops what is known of the variables of a scope being left. */
export function forgetScope(view: SiteView, scope: TSESTree.Node, state: LifetimeState): LifetimeState {
  if (state.facts.length === 0 && state.reads.length === 0) {
    return state;
  }
  const alive = (id: number): boolean => view.context.variableOf(id)?.scope.block !== scope;
  const facts = state.facts.filter(([id]) => alive(id));
  const reads = state.reads.filter(alive);
  return facts.length === state.facts.length && reads.length === state.reads.length ? state : { ...state, facts, reads };
}

/** Drops what is known of the variables a declaration binds. */
export function forget(view: SiteView, target: TSESTree.Node, state: LifetimeState): LifetimeState {
  const variable = target.type === AST_NODE_TYPES.Identifier ? view.context.resolve(target) : null;
  if (!variable) {
    return state;
  }
  const id = view.context.idOf(variable);
  return state.facts.some(([factId]) => factId === id)
    ? { ...state, facts: state.facts.filter(([factId]) => factId !== id) }
    : state;
}

/**
 * The facts a path carries, brought up to date at `node` before its own effect: a
 * declaration run again (in a loop) gives its variable a new value, so what was known of
 * the old one is forgotten; a flag takes the value written to it; a read into a variable
 * is noted for exhaustion.
 */
export function updateFacts(view: SiteView, node: TSESTree.Node, incoming: LifetimeState): LifetimeState {
  let state = forgetGuard(view, node, incoming);
  if (incoming.facts.length > 0) {
    if (node.type === AST_NODE_TYPES.VariableDeclarator) {
      state = forget(view, node.id, state);
    } else if (node.type === AST_NODE_TYPES.VariableDeclaration) {
      // The binding of a `for (const x of …)` loop, once per iteration.
      for (const declarator of node.declarations) {
        state = forget(view, declarator.id, state);
      }
    }
  }
  if (
    (state.status === 'open' || state.status === 'released') &&
    (node.type === AST_NODE_TYPES.VariableDeclarator || node.type === AST_NODE_TYPES.AssignmentExpression)
  ) {
    state = writeFlag(view, node, state);
    if (state.status === 'open' && view.site.exhaustion.length > 0) {
      state = writeRead(view, node, state);
    }
  }
  return state;
}

/**
 * A released resource no variable holds any more cannot be used or released again, so
 * which call released it no longer matters: forgetting it lets paths released at
 * different calls merge. Keeping it made a loop that releases and re-acquires under n
 * conditions carry n released states round the loop (cubic in n).
 */
export function forgetRelease(view: SiteView, state: LifetimeState): LifetimeState {
  return state.status === 'released' &&
    state.releasedBy !== null &&
    state.holders.length === 0 &&
    !state.anonymous &&
    view.site.releaseFunctions.size === 0
    ? { ...state, releasedBy: null }
    : state;
}
