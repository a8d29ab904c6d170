import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { getMethodCall, getPropertyName, getTrailingName, isFunctionNode } from '../flow/syntax.js';
import type { ComponentSpec } from '../models/index.js';
import { nonThrowingCalls, testSkips } from '../models/non-throwing.js';
import { getImportBinding, getSingleInit } from '../util/imports.js';
import { getChainedLinks, getPromiseLink } from '../util/promises.js';
import { getWriteReferences } from '../util/references.js';
import { searchNode } from '../util/walk.js';
import type { FollowCall } from './throw-model.js';
import { type DomainContext, type SiteView } from './state.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { isStringMethodCall } from './string-values.js';

type Variable = TSESLint.Scope.Variable;

// Throws: which calls can throw at all, for the throw edges the interpreter adds. The
// site-independent part (the throw model of src/models/non-throwing.ts, promise handlers,
// plain value classes) is worked out once per node; a site adds its own releases.

/** Whether `node` (a call, `new`, `await`, …) can throw, as far as the models and the file tell. */
export function mayThrow(view: SiteView, node: TSESTree.Node): boolean {
  const call = node.type === AST_NODE_TYPES.AwaitExpression ? skipTransparentWrappers(node.argument) : node;
  if (node.type === AST_NODE_TYPES.CallExpression && isQuietComponentCall(view, node)) {
    // `conn.query(sql)` on mysql2's callback-API view: it fails through the returned Query.
    return false;
  }
  if (call.type === AST_NODE_TYPES.CallExpression && isHandleOfHolder(view, call)) {
    // `client.db(name)` builds a handle and does no I/O: a report naming it would be noise.
    return false;
  }
  if (call.type === AST_NODE_TYPES.CallExpression && (!view.site.releaseIsAsync || !view.site.releaseCanFail)) {
    const callee = skipTransparentWrappers(call.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (method !== null && (view.site.release.matches(call, method) || (view.site.releaseVia.has(method) && call.arguments.length > 0))) {
      // Giving a pooled connection back, closing a cursor or ending a client does not throw
      // (whichever one it is), nor does giving it back through its pool
      // (`pool.releaseConnection(c)`): a report naming `client.end()` as the leaking call is noise.
      // A transaction's `commit()` can fail, unless its model says otherwise.
      return false;
    }
  }
  if (node.type === AST_NODE_TYPES.AwaitExpression && awaitsOwnUse(view, call)) {
    // `await queryRunner.startTransaction()`: a method the throw model lists as quiet on any
    // receiver (MongoDB's synchronous one) is, on this resource, one of its own I/O calls,
    // whose promise can reject.
    return true;
  }
  return !cannotThrow(view.context, node);
}

/** Whether `call` is one of the resource's own uses (its model's `uses`) on the variable it was acquired into. */
function awaitsOwnUse(view: SiteView, call: TSESTree.Node): boolean {
  return call.type === AST_NODE_TYPES.CallExpression && callsOnHolder(view, call, view.site.uses);
}

/** Whether `call` is one of the model's `handles` on the variable the resource was bound to (`client.db()`). */
function isHandleOfHolder(view: SiteView, call: TSESTree.CallExpression): boolean {
  return view.site.handles !== undefined && callsOnHolder(view, call, view.site.handles);
}

/** Whether `call` calls one of `methods` on the variable the resource was acquired into. */
function callsOnHolder(view: SiteView, call: TSESTree.CallExpression, methods: ReadonlySet<string>): boolean {
  const { destination } = view.site;
  const member = getMethodCall(call);
  return (
    member !== null &&
    destination.kind === 'variable' &&
    methods.has(member.method) &&
    view.context.resolve(skipTransparentWrappers(member.object)) === destination.variable
  );
}

/**
 * Whether `call` is a quiet method of a modelled component held in a local (`conn.query(sql)`
 * on mysql2's callback-API `.connection`), or a quiet method of what one returned
 * (`conn.query(sql).stream()`, also through a `const`): its failure arrives through its
 * callback or the object it returns, so it is no throw point for the resource.
 */
export function isQuietComponentCall(view: SiteView, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (!view.site.carriers || method === null || callee.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const object = skipTransparentWrappers(callee.object);
  const variable = object.type === AST_NODE_TYPES.Identifier ? view.context.resolve(object) : null;
  if (variable && view.site.carriers.variables.get(variable)?.component?.quietMethods?.includes(method) === true) {
    return true;
  }
  const made = variable ? getSingleInit(variable) : object;
  return made !== null && getQuietResultOf(view, made)?.quietResults?.includes(method) === true;
}

/** The component whose quiet method made `node` (on both sides of a choice), if any. */
function getQuietResultOf(view: SiteView, node: TSESTree.Node): ComponentSpec | null {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.ConditionalExpression) {
    const component = getQuietResultOf(view, inner.consequent);
    return component && getQuietResultOf(view, inner.alternate) === component ? component : null;
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression) {
    return null;
  }
  const callee = skipTransparentWrappers(inner.callee);
  const object = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const variable = object?.type === AST_NODE_TYPES.Identifier ? view.context.resolve(object) : null;
  const component = variable ? view.site.carriers?.variables.get(variable)?.component : undefined;
  return method !== null && component?.quietMethods?.includes(method) === true ? component : null;
}

/** Whether `call` ends the process (`process.exit()`): whatever it held is gone with it. */
export function endsProcess(context: DomainContext, call: TSESTree.CallExpression): boolean {
  return context.throwModel.isExit(call.callee, (node) => context.resolve(node));
}

const mochaFunctions: ReadonlySet<string> = new Set(testSkips.mochaFunctions);
const vitestFunctions: ReadonlySet<string> = new Set(testSkips.vitestFunctions);
const vitestPackages: ReadonlySet<string> = new Set(testSkips.vitestPackages);

/** The name of the test function `fn` is given to: `it`, also `it.only(…)`; `null` otherwise. */
function getRunnerOf(fn: TSESTree.Node): TSESTree.Identifier | null {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    return null;
  }
  let callee = skipTransparentWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    callee = skipTransparentWrappers(callee.object);
  }
  return callee.type === AST_NODE_TYPES.Identifier ? callee : null;
}

/** Whether no path goes on after `call`: it ends the process, or skips the test by throwing. */
export function endsPath(view: SiteView, call: TSESTree.CallExpression): boolean {
  return endsProcess(view.context, call) || skipsTest(view.context, call);
}

/**
 * Whether `call` is a test runner's skip, which always throws (see testSkips): mocha's
 * `this.skip()` in a `function` given to `it`/`before`/…, vitest's `ctx.skip()` on the
 * context parameter of a test imported from vitest.
 */
export function skipsTest(context: DomainContext, call: TSESTree.CallExpression): boolean {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== testSkips.method) {
    return false;
  }
  const object = skipTransparentWrappers(callee.object);
  if (object.type === AST_NODE_TYPES.ThisExpression) {
    // `this` is the nearest non-arrow function's.
    let fn: TSESTree.Node | undefined = call.parent;
    while (fn && (!isFunctionNode(fn) || fn.type === AST_NODE_TYPES.ArrowFunctionExpression)) {
      fn = fn.parent;
    }
    const runner = fn ? getRunnerOf(fn) : null;
    return runner !== null && mochaFunctions.has(runner.name);
  }
  const first = call.arguments[0];
  if (object.type !== AST_NODE_TYPES.Identifier || (first !== undefined && !(first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string'))) {
    return false;
  }
  const variable = context.resolve(object);
  const definition = variable?.defs[0];
  const fn = definition?.type === DefinitionType.Parameter ? definition.node : null;
  if (!fn || !isFunctionNode(fn) || fn.params[0] !== definition?.name) {
    return false;
  }
  const runner = getRunnerOf(fn);
  const binding = runner ? getImportBinding(context.resolve(runner)) : null;
  return binding !== null && vitestPackages.has(binding.source) && vitestFunctions.has(binding.imported);
}

/** How the throw model follows a call into the project function it runs (see ThrowModel.returnedValue). */
function followCalls(context: DomainContext): FollowCall {
  return (call) => {
    const target = context.calledFunction(call);
    return target ? { fn: target.fn, resolve: (node) => target.context.resolve(node), follow: followCalls(target.context) } : null;
  };
}

/**
 * Whether `node` cannot throw whichever resource is tracked: a call or `new` the throw model
 * lists, a quiet acquisition, a method of a built-in collection, a promise link, an `await`
 * of a promise that cannot reject, a `new` of a value class of the project (same file or
 * imported) whose construction cannot throw.
 */
export function cannotThrow(context: DomainContext, node: TSESTree.Node): boolean {
  const cache = context.throwModel.cache;
  let known = cache.get(node);
  if (known === undefined) {
    // Assume "can throw" while it is being worked out, so a recursive class or handler ends.
    cache.set(node, false);
    known = computeCannotThrow(context, node);
    cache.set(node, known);
  }
  return known;
}

function computeCannotThrow(context: DomainContext, node: TSESTree.Node): boolean {
  const resolve = (inner: TSESTree.Node): Variable | null => context.resolve(inner);
  if (node.type === AST_NODE_TYPES.NewExpression) {
    const callee = skipTransparentWrappers(node.callee);
    return (
      (callee.type === AST_NODE_TYPES.Identifier && (nonThrowingCalls.constructors as readonly string[]).includes(callee.name)) ||
      context.throwModel.isNonThrowingCallee(callee, resolve, followCalls(context)) ||
      context.constructionCannotThrow(node)
    );
  }
  if (node.type === AST_NODE_TYPES.AwaitExpression) {
    return cannotReject(context, node.argument);
  }
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    // ``chalk.green`done` ``: a tag the model lists; the substitutions are throw points of their own.
    return context.throwModel.isNonThrowingCallee(skipTransparentWrappers(node.tag), resolve);
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  if (context.isQuietAcquisition(node)) {
    // `client.query(new Cursor(sql))`: a failure arrives through the cursor.
    return true;
  }
  const callee = skipTransparentWrappers(node.callee);
  if (
    context.throwModel.isNonThrowingCallee(callee, resolve, followCalls(context)) ||
    context.throwModel.isExit(callee, resolve) ||
    isQuietSameFileFunction(context, callee) ||
    context.calleeCannotThrow(node) ||
    (context.throwModel.runsOnlyCallbacks(callee) && callbackCannotThrow(context, node))
  ) {
    return true;
  }
  const [link] = getChainedLinks(node);
  if (link?.onRejected) {
    // `client.query(sql).catch(() => null)`: a call whose promise is given a handler at once
    // fails through that promise (an async function never throws synchronously); taking
    // a synchronous throw from it as likely would name a call users see handled. What the
    // handlers do happens in the promise (`ready.then(() => c, (err) => (close(c),
    // Promise.reject(err)))`): they decide how the chain settles, not whether this call throws.
    return true;
  }
  if (getPromiseLink(node) || getCombinedMembers(node) !== null) {
    // `p.catch(…)` only attaches a handler, `Promise.race([…])` only combines: what fails
    // arrives through the promise (see awaitsPendingAcquisition for its `await`).
    return true;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const method = getPropertyName(callee);
  const receiver = getTrailingName(callee.object) ?? getChainRootName(callee.object);
  return (
    (receiver !== null && (nonThrowingCalls.receivers as readonly string[]).includes(receiver)) ||
    (method !== null &&
      (isCollectionMethod(context, callee.object, method) ||
        context.isTypedCollectionCall(callee.object, method) ||
        isStringMethodCall(callee.object, method, node.arguments, resolve)))
  );
}

/**
 * The name a fluent chain of method calls starts from: `log` in `log.atError().withCause(e)`,
 * `logger` in `this.logger.child({ id })`. Each link is a method of what the one before
 * gave back, so a logger's chain is a logger's call. `null` for anything else.
 */
function getChainRootName(node: TSESTree.Node): string | null {
  let inner = skipTransparentWrappers(node);
  if (inner.type !== AST_NODE_TYPES.CallExpression) {
    return null;
  }
  while (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTransparentWrappers(inner.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return null;
    }
    inner = skipTransparentWrappers(callee.object);
  }
  return getTrailingName(inner);
}

/**
 * Whether awaiting `argument` cannot throw: a promise with a rejection handler that cannot
 * throw itself (`p.catch(() => null)`), or a call the model says does not fail
 * (`await Promise.resolve()`, `await setTimeout(10)` from timers/promises).
 */
export function cannotReject(context: DomainContext, argument: TSESTree.Node): boolean {
  const inner = skipTransparentWrappers(argument);
  if (inner.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  const link = getPromiseLink(inner);
  if (!link) {
    const callee = skipTransparentWrappers(inner.callee);
    return (
      context.throwModel.isNonThrowingCallee(callee, (node) => context.resolve(node), followCalls(context)) ||
      isQuietSameFileFunction(context, callee) ||
      context.calleeCannotThrow(inner)
    );
  }
  const source = (skipTransparentWrappers(inner.callee) as TSESTree.MemberExpression).object;
  switch (link.method) {
    case 'catch':
      return handlerCannotThrow(context, link.onRejected);
    case 'then':
      return (
        (link.onRejected === null ? cannotReject(context, source) : handlerCannotThrow(context, link.onRejected)) &&
        handlerCannotThrow(context, link.onFulfilled)
      );
    default:
      return cannotReject(context, source) && handlerCannotThrow(context, link.onSettled);
  }
}

/**
 * A promise handler that cannot throw: a function whose body cannot, one of the file that
 * cannot (`.catch(returnFalse)`), or one the model lists (`console.error`).
 */
function handlerCannotThrow(context: DomainContext, handler: TSESTree.Node | null): boolean {
  if (handler === null) {
    return true;
  }
  const inner = skipTransparentWrappers(handler);
  if (isFunctionNode(inner)) {
    return bodyCannotThrow(context, inner.body);
  }
  return context.throwModel.isNonThrowingCallee(inner, (node) => context.resolve(node), followCalls(context)) || isQuietSameFileFunction(context, inner);
}

/**
 * Whether running `body` cannot throw: no `throw`, and every call, `new`, `await` and
 * tagged template in it cannot (nested functions run at another time). A body too large
 * to look through may throw.
 */
function bodyCannotThrow(context: DomainContext, body: TSESTree.Node): boolean {
  const found = searchNode(
    body,
    (node) =>
      node.type === AST_NODE_TYPES.ThrowStatement ||
      node.type === AST_NODE_TYPES.YieldExpression ||
      node.type === AST_NODE_TYPES.ImportExpression ||
      (node.type === AST_NODE_TYPES.ForOfStatement && node.await) ||
      ((node.type === AST_NODE_TYPES.CallExpression ||
        node.type === AST_NODE_TYPES.NewExpression ||
        node.type === AST_NODE_TYPES.TaggedTemplateExpression ||
        node.type === AST_NODE_TYPES.AwaitExpression) &&
        !cannotThrow(context, node)),
    { limit: 500 },
  );
  return found.node === null && !found.exhausted;
}

/**
 * The callback of `rows.forEach((row) => …)`, written in place as the first argument, cannot
 * throw: plain parameters (destructuring an element can throw) and a body that cannot. A
 * callback passed by name, or none, may throw.
 */
function callbackCannotThrow(context: DomainContext, call: TSESTree.CallExpression): boolean {
  const [first] = call.arguments;
  const callback = first ? skipTransparentWrappers(first) : null;
  return (
    callback !== null &&
    isFunctionNode(callback) &&
    !callback.generator &&
    (hasPlainParameters(context, callback) || destructuresEntries(context, call, callback)) &&
    bodyCannotThrow(context, callback.body)
  );
}

/**
 * `Object.entries(o).forEach(([key, value]) => …)`: each element is a `[key, value]` array,
 * so naming its two items (plain names, no defaults) cannot throw.
 */
function destructuresEntries(context: DomainContext, call: TSESTree.CallExpression, fn: { readonly params: readonly TSESTree.Parameter[] }): boolean {
  const [first, ...rest] = fn.params;
  const callee = skipTransparentWrappers(call.callee);
  const source = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
  const maker = source?.type === AST_NODE_TYPES.CallExpression ? skipTransparentWrappers(source.callee) : null;
  return (
    first?.type === AST_NODE_TYPES.ArrayPattern &&
    first.elements.length <= 2 &&
    first.elements.every((element) => element === null || element.type === AST_NODE_TYPES.Identifier) &&
    hasPlainParameters(context, { params: rest }) &&
    maker?.type === AST_NODE_TYPES.MemberExpression &&
    maker.object.type === AST_NODE_TYPES.Identifier &&
    maker.object.name === 'Object' &&
    getPropertyName(maker) === 'entries' &&
    !context.resolve(maker.object)?.defs.length
  );
}

/** Parameters that cannot throw when bound: plain names, or names with defaults that cannot throw. */
function hasPlainParameters(context: DomainContext, fn: { readonly params: readonly TSESTree.Parameter[] }): boolean {
  // Destructuring a parameter can throw (`({ id })` of `undefined`); a plain name cannot.
  return fn.params.every(
    (param) =>
      param.type === AST_NODE_TYPES.Identifier ||
      (param.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier && bodyCannotThrow(context, param.right)),
  );
}

/**
 * A function declared in the file (`function stamp() {}`, `const stamp = () => …`) with no
 * operation that can throw on any path, and no parameter default that can: calling it,
 * or awaiting what an `async` one returns, cannot throw. The same-file form of a summary;
 * a function too large to look through, or one that calls itself, may throw.
 */
function isQuietSameFileFunction(context: DomainContext, callee: TSESTree.Node): boolean {
  if (callee.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const definition = context.resolve(callee)?.defs[0];
  const declared = definition?.node as TSESTree.Node | undefined;
  const fn =
    declared?.type === AST_NODE_TYPES.FunctionDeclaration
      ? declared
      : declared?.type === AST_NODE_TYPES.VariableDeclarator &&
          declared.parent.kind === 'const' &&
          declared.init !== null &&
          isFunctionNode(skipTransparentWrappers(declared.init))
        ? (skipTransparentWrappers(declared.init) as TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression)
        : null;
  if (!fn || fn.generator) {
    return false;
  }
  return hasPlainParameters(context, fn) && bodyCannotThrow(context, fn.body);
}

/** `found.add(key)` on a local `const found = new Set()`: a built-in that cannot throw. */
export function isCollectionMethod(context: DomainContext, receiver: TSESTree.Node, method: string): boolean {
  const inner = skipTransparentWrappers(receiver);
  const variable = inner.type === AST_NODE_TYPES.Identifier ? context.resolve(inner) : null;
  const writes = variable ? getWriteReferences(variable).filter((reference) => reference.writeExpr) : [];
  if (writes.length === 0) {
    return false;
  }
  return writes.every((reference) => {
    const value = reference.writeExpr ? skipTransparentWrappers(reference.writeExpr) : null;
    let kind: keyof typeof nonThrowingCalls.collections | null = null;
    if (value?.type === AST_NODE_TYPES.ArrayExpression) {
      kind = 'Array';
    } else if (
      value?.type === AST_NODE_TYPES.NewExpression &&
      value.callee.type === AST_NODE_TYPES.Identifier &&
      value.callee.name in nonThrowingCalls.collections &&
      value.callee.name !== 'Array'
    ) {
      kind = value.callee.name as keyof typeof nonThrowingCalls.collections;
    }
    return kind !== null && (nonThrowingCalls.collections[kind] as readonly string[]).includes(method);
  });
}

/** The members of `Promise.race([…])`, `Promise.all([…])` or `Promise.any([…])` of the global `Promise`; `null` for anything else. */
export function getCombinedMembers(node: TSESTree.Node): TSESTree.Node[] | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) {
    return null;
  }
  const { object } = node.callee;
  const method = getPropertyName(node.callee);
  const [array] = node.arguments;
  if (
    object.type !== AST_NODE_TYPES.Identifier ||
    object.name !== 'Promise' ||
    (method !== 'race' && method !== 'all' && method !== 'any') ||
    array?.type !== AST_NODE_TYPES.ArrayExpression
  ) {
    return null;
  }
  const members = array.elements.filter(
    (element): element is TSESTree.Expression => element !== null && element.type !== AST_NODE_TYPES.SpreadElement,
  );
  return members.length === array.elements.length ? members : null;
}
