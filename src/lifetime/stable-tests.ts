import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { isFunctionNode, isLoopNode } from '../flow/syntax.js';
import { searchNode } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { getStablePath, hasPrefixIn, isMemberPathWritten } from './guards.js';
import type { Site } from './site.js';
import type { DomainContext, SiteView } from './state.js';

type Variable = TSESLint.Scope.Variable;

// Correlated tests of one value that does not change:
//
//   if (this.transaction === 'all' && !qr.isTransactionActive) { await qr.startTransaction(); started = true; }
//   …
//   if (this.transaction === 'all' && started) await qr.commitTransaction();
//
// The field is read twice and nothing writes it between, so the second test takes the side
// the first one took where the transaction began. A test is "stable" when it takes the
// truthiness of, or compares with a literal, a value the function cannot change: a member
// path of `this` that its class writes only while constructing, or of a variable never
// written after its declaration, with no method called on (and nothing passed) the object
// the member is read from (`qr.isTransactionActive` changes with `qr.startTransaction()`);
// or such a variable itself compared with a literal. Variables tested as they are
// (`if (quick)`) are path facts already (path-facts.ts).

/** A stable test: the value tested and how, as a key; `negated` when it is the key's opposite (`!==`). */
export interface StableTest {
  readonly key: string;
  readonly negated: boolean;
}

/** How many nodes one search for writes or calls visits at most. */
const SEARCH_LIMIT = 20_000;

const COMPARISONS = new Set(['===', '!==', '==', '!=']);

/** `test` as a stable test, or `null` when what it reads may change in the function. */
export function getStableTest(view: SiteView, test: TSESTree.Node): StableTest | null {
  const inner = skipTransparentWrappers(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    const positive = getStableTest(view, inner.argument);
    return positive ? { key: positive.key, negated: !positive.negated } : null;
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(inner.operator)) {
    const rightLiteral = getLiteralText(inner.right);
    const leftLiteral = rightLiteral === null ? getLiteralText(inner.left) : null;
    const subject = rightLiteral !== null ? inner.left : leftLiteral !== null ? inner.right : null;
    const value = subject ? getStableValue(view, subject) : null;
    if (value === null) {
      return null;
    }
    const strict = inner.operator.length === 3;
    const negated = inner.operator.startsWith('!');
    return { key: `${value}${strict ? '===' : '=='}${rightLiteral ?? leftLiteral ?? ''}`, negated };
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const value = getStableValue(view, inner);
    return value === null ? null : { key: value, negated: false };
  }
  return null;
}

/** A literal's text (`'all'`, `3`, `null`, `undefined`), `null` for anything else. */
function getLiteralText(node: TSESTree.Node): string | null {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && !('regex' in inner)) {
    return typeof inner.value === 'bigint' ? `${String(inner.value)}n` : JSON.stringify(inner.value);
  }
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) {
    return JSON.stringify(inner.quasis[0]?.value.cooked ?? '');
  }
  return inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined' ? 'undefined' : null;
}

const stableValues = new WeakMap<TSESTree.Node, Map<string, boolean>>();

/** The path key of `node` when it names a value the site's function cannot change. */
function getStableValue(view: SiteView, node: TSESTree.Node): string | null {
  const path = getStablePath(view.context, node);
  const fn = view.site.fn;
  if (!path || path.key === 'this' || (path.base && isDeclaredInLoop(path.base, fn))) {
    return null;
  }
  if (!path.key.includes('.')) {
    return path.key;
  }
  let known = stableValues.get(fn);
  if (!known) {
    known = new Map();
    stableValues.set(fn, known);
  }
  let stable = known.get(path.key);
  if (stable === undefined) {
    stable =
      !isMemberPathWritten(view.context, fn, path.key) &&
      (path.base === null ? isFieldSetOnlyByConstruction(view.context, fn, path.key) : !isObjectWorkedOn(view.context, fn, path.key));
    known.set(path.key, stable);
  }
  return stable ? path.key : null;
}

/**
 * Whether `variable` is declared in a loop of `fn` (`for (const x of xs)`, a `const` in a
 * loop body): each round binds another value, so two tests of it in different rounds are
 * not the same test.
 */
function isDeclaredInLoop(variable: Variable, fn: TSESTree.Node): boolean {
  const name = variable.defs[0]?.name as TSESTree.Node | undefined;
  let inLoop = false;
  for (let current = name?.parent; current; current = current.parent) {
    if (current === fn) {
      return inLoop;
    }
    inLoop ||= isLoopNode(current);
  }
  return false;
}

/**
 * Whether the class whose `this` `fn` runs with writes the field path `key` (`this.mode`, or
 * a prefix of it) only in its constructor and field initialisers. `false` outside a class.
 */
function isFieldSetOnlyByConstruction(context: DomainContext, fn: TSESTree.Node, key: string): boolean {
  let owner: TSESTree.Node | undefined = fn;
  // An arrow function runs with the `this` around it, unless it is a field's value.
  while (owner?.type === AST_NODE_TYPES.ArrowFunctionExpression && owner.parent.type !== AST_NODE_TYPES.PropertyDefinition) {
    owner = getEnclosingFunctionOrClass(owner.parent);
  }
  const method = owner?.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition && method?.type !== AST_NODE_TYPES.PropertyDefinition) {
    return false;
  }
  const body = method.parent;
  return body.body.every((member) => {
    if (
      (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) ||
      member.static ||
      (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') ||
      !member.value
    ) {
      return true;
    }
    return !isMemberPathWritten(context, member.value, key);
  });
}

/** The nearest function around `node`, or `undefined` when none is found before the class body. */
function getEnclosingFunctionOrClass(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  let current = node;
  while (current && !isFunctionNode(current) && current.type !== AST_NODE_TYPES.ClassBody) {
    current = current.parent;
  }
  return current && isFunctionNode(current) ? current : undefined;
}

/**
 * Whether `fn` calls a method on the object a member path is read from, or on one of its
 * prefixes (`qr.startTransaction()` for `qr.isTransactionActive`), or passes such an object
 * to a call: either may change what the path reads.
 */
function isObjectWorkedOn(context: DomainContext, fn: TSESTree.Node, key: string): boolean {
  const worked = getWorkedOnPaths(context, fn);
  return worked === null || hasPrefixIn(key, worked, false);
}

const workedOnPaths = new WeakMap<TSESTree.Node, ReadonlySet<string> | null>();

/**
 * The paths of every object `fn` calls a method on or passes to a call, found in one walk
 * and memoised; `null` past the budget (then every object may be worked on).
 */
function getWorkedOnPaths(context: DomainContext, fn: TSESTree.Node): ReadonlySet<string> | null {
  if (workedOnPaths.has(fn)) {
    return workedOnPaths.get(fn) ?? null;
  }
  const worked = new Set<string>();
  const add = (node: TSESTree.Node): void => {
    const path = getStablePath(context, node);
    if (path !== null) {
      worked.add(path.key);
    }
  };
  const found = searchNode(
    fn,
    (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
        if (node.callee.type === AST_NODE_TYPES.MemberExpression) {
          add(node.callee.object);
        }
        node.arguments.forEach(add);
      }
      return false;
    },
    { limit: SEARCH_LIMIT, enterFunctions: true },
  );
  const result = found.exhausted ? null : worked;
  workedOnPaths.set(fn, result);
  return result;
}

const conditionsBySite = new WeakMap<Site, ReadonlyMap<string, boolean>>();

/**
 * The outcomes of the stable tests the site's acquisition sits under (the `&&` conjuncts of
 * an `if` it is acquired in, the disjuncts of one whose `else` it is in), by key; memoised.
 */
export function getConditionsAtAcquisition(view: SiteView): ReadonlyMap<string, boolean> {
  const { site } = view;
  let conditions = conditionsBySite.get(site);
  if (!conditions) {
    conditions = collectConditions(view);
    conditionsBySite.set(site, conditions);
  }
  return conditions;
}

function collectConditions(view: SiteView): Map<string, boolean> {
  const conditions = new Map<string, boolean>();
  const add = (test: TSESTree.Node, value: boolean): void => {
    const inner = skipTransparentWrappers(test);
    if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
      add(inner.argument, !value);
    } else if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator === (value ? '&&' : '||')) {
      add(inner.left, value);
      add(inner.right, value);
    } else {
      const stable = getStableTest(view, inner);
      if (stable) {
        conditions.set(stable.key, value !== stable.negated);
      }
    }
  };
  let current: TSESTree.Node | null = view.site.value;
  while (current && current !== view.site.fn) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) {
      break;
    }
    if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) {
      if (parent.consequent === current) {
        add(parent.test, true);
      } else if (parent.alternate === current) {
        add(parent.test, false);
      }
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === current && parent.operator !== '??') {
      add(parent.left, parent.operator === '&&');
    }
    current = parent;
  }
  return conditions;
}

const testIds = new WeakMap<DomainContext, Map<string, number>>();

/** The path-fact id of a stable test: negative, so it never meets a variable's. */
export function getStableTestId(context: DomainContext, key: string): number {
  let ids = testIds.get(context);
  if (!ids) {
    ids = new Map();
    testIds.set(context, ids);
  }
  let id = ids.get(key);
  if (id === undefined) {
    id = -(ids.size + 1);
    ids.set(key, id);
  }
  return id;
}

const retestedByFunction = new WeakMap<TSESTree.Node, ReadonlySet<string>>();

/**
 * Whether the stable test `key` is made more than once in the site's function (a second
 * `if`, a conjunct, the test the acquisition sits under). Only then can its outcome decide
 * anything later, so only then is it worth keeping on the path: recording every test of a
 * long chain of distinct ones would keep apart paths that are otherwise the same.
 */
export function isRetested(view: SiteView, key: string): boolean {
  const fn = view.site.fn;
  let retested = retestedByFunction.get(fn);
  if (!retested) {
    const seen = new Set<string>();
    const again = new Set<string>();
    const count = (test: TSESTree.Node): void => {
      const inner = skipTransparentWrappers(test);
      if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
        count(inner.argument);
        return;
      }
      const stable = getStableTest(view, inner);
      if (stable) {
        (seen.has(stable.key) ? again : seen).add(stable.key);
      }
    };
    searchNode(
      fn,
      (node) => {
        if (node !== fn && isFunctionNode(node)) {
          return false;
        }
        if (node.type === AST_NODE_TYPES.LogicalExpression) {
          count(node.left);
          count(node.right);
        } else if (
          (node.type === AST_NODE_TYPES.IfStatement ||
            node.type === AST_NODE_TYPES.ConditionalExpression ||
            node.type === AST_NODE_TYPES.WhileStatement ||
            node.type === AST_NODE_TYPES.DoWhileStatement ||
            node.type === AST_NODE_TYPES.ForStatement) &&
          node.test
        ) {
          count(node.test);
        }
        return false;
      },
      { limit: SEARCH_LIMIT },
    );
    retested = again;
    retestedByFunction.set(fn, retested);
  }
  return retested.has(key);
}
