import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getEnclosingFunction, getPropertyName } from '../flow/syntax.js';
import { climbTransparentWrappers, skipTransparentWrappers } from '../util/wrappers.js';
import type { ComponentSpec } from '../models/index.js';
import type { MethodSet } from './methods.js';
import { type ClassNode, getClassInView, getConstructorFields, getKeyName, getReleasingMethods } from './wrapper-classes.js';
import { climbValue, getDestination } from './destination.js';
import type { Destination } from './site.js';
import { holds, isHolder, type LifetimeState, type SiteView } from './state.js';

type Variable = TSESLint.Scope.Variable;

// Ownership corroborated by what the function does afterwards. Wrapping a resource in an
// object (`new Session(client)`, `{ client }`) or reading a component of it
// (`(await pool.getConnection()).connection`) looks like a hand-over from the syntax
// alone, and taking it as one silenced every leak after it. But when the object stays in a
// local variable of the acquiring function and that same function releases the resource
// itself (`client.release()`, `session.client.release()`), the function is its owner and
// the object only a way of using it: the variable keeps the resource, and paths that skip
// the release leak. Where the function never releases it, the hand-over stands (silent),
// as before.

/** A local variable that keeps the resource without being it. */
export interface Carrier {
  /**
   * `wrapper`: an object built around the resource; its own methods are not the
   * resource's. `view`: a component read from the resource, released like it.
   */
  readonly kind: 'view' | 'wrapper';
  /** Properties of the variable that lead back to the resource; `null` when any may (a class not in view). */
  readonly properties: ReadonlySet<string> | null;
  /** The wrapper's class, when it is in view: its methods that release the field are releases. */
  readonly cls?: ClassNode | null;
  /**
   * A view the model names (`components`): the same resource through another API, so the
   * local holds it whether or not the function releases it here.
   */
  readonly component?: ComponentSpec;
}


/** The carriers of one site (see Site.carriers). */
export interface Carriers {
  readonly variables: ReadonlyMap<Variable, Carrier>;
  /** Wrapper expressions (`new Session(client)`, `{ client }`) and the carrier that keeps each. */
  readonly wrappers: ReadonlyMap<TSESTree.Node, Variable>;
  /** Releases through a carrier's property: `session.client.release()`, `em.queryRunner!.release()`. */
  readonly releaseCalls: readonly TSESTree.CallExpression[];
}

/** Where an acquisition that seems handed over (or read through a member) really goes. */
export interface CarriedDestination {
  readonly destination: Destination;
  readonly choice: TSESTree.Node | null;
  readonly seed: { readonly variable: Variable; readonly carrier: Carrier; readonly wrapper: TSESTree.Node | null };
}

/** Carriers looked at per site: wrappers of wrappers are one or two deep in real code. */
const MAX_CARRIERS = 8;

type Resolve = (node: TSESTree.Node) => Variable | null;

function isOwnLocal(variable: Variable, fn: FunctionNode): boolean {
  return variable.scope.variableScope.block === fn;
}

/**
 * For an acquisition whose value goes straight into a wrapper kept in a local
 * (`const session = isPool ? new Session(await pool.connect()) : this`) or whose component
 * is kept (`const conn = (await pool.getConnection()).connection`): the destination and
 * the carrier to corroborate. `null` for anything else.
 */
export function getCarriedDestination(
  fn: FunctionNode,
  value: TSESTree.Node,
  destination: Destination,
  resolve: Resolve,
  /** The models' components of the resource, by property (see ComponentSpec). */
  components?: ReadonlyMap<string, ComponentSpec>,
): CarriedDestination | null {
  if (destination.kind !== 'handedOff' && destination.kind !== 'member') {
    return null;
  }
  const { node, choice } = climbValue(value);
  const parent = node.parent;
  if (destination.kind === 'member') {
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== node || parent.computed) {
      return null;
    }
    const read = getDestination(parent, resolve, (variable) => isOwnLocal(variable, fn));
    if (read.destination.kind !== 'variable') {
      return null;
    }
    const component = components?.get(getPropertyName(parent) ?? '');
    return {
      destination: read.destination,
      choice: choice ?? read.choice,
      seed: { variable: read.destination.variable, carrier: { kind: 'view', properties: null, ...(component ? { component } : {}) }, wrapper: null },
    };
  }
  const wrapping = parent ? getWrapping(node, fn, resolve, () => false) : null;
  if (!wrapping) {
    return null;
  }
  return {
    destination: { kind: 'wrapped' },
    choice: choice ?? wrapping.choice,
    seed: { variable: wrapping.variable, carrier: wrapping.carrier, wrapper: wrapping.expression },
  };
}

/**
 * The carriers of a site: `seed` (see getCarriedDestination) and the local wrappers built
 * around its holders or around other carriers, with the releases through their
 * properties. `null` when there is none, or when the function releases the resource
 * neither directly (`direct`, the site's release calls) nor through a carrier: then every
 * wrapping stays a hand-over.
 */
export function findCarriers(
  fn: FunctionNode,
  holders: readonly Variable[],
  seed: CarriedDestination['seed'] | null,
  direct: readonly TSESTree.CallExpression[],
  release: MethodSet,
  releaseVia: ReadonlySet<string>,
  resolve: Resolve,
): Carriers | null {
  const variables = new Map<Variable, Carrier>();
  const wrappers = new Map<TSESTree.Node, Variable>();
  const queue: Variable[] = [];
  const tracked = (other: Variable): boolean => holders.includes(other) || variables.has(other);
  const add = (variable: Variable, carrier: Carrier, wrapper: TSESTree.Node | null): void => {
    if (variables.size >= MAX_CARRIERS || holders.includes(variable) || variables.has(variable)) {
      return;
    }
    variables.set(variable, carrier);
    if (wrapper) {
      wrappers.set(wrapper, variable);
    }
    queue.push(variable);
  };
  const visit = (variable: Variable, carrier: Carrier | null): void => {
    for (const reference of variable.references) {
      const outer = climbTransparentWrappers(reference.identifier);
      const wrapping = getWrapping(outer, fn, resolve, tracked);
      if (wrapping) {
        add(wrapping.variable, wrapping.carrier, wrapping.expression);
      } else if (carrier && outer.parent?.type === AST_NODE_TYPES.VariableDeclarator && outer.parent.init === outer) {
        // `const current = session`: a copy keeps what the carrier keeps.
        const alias = resolve(outer.parent.id);
        if (alias && isOwnLocal(alias, fn)) {
          add(alias, carrier, null);
        }
      }
    }
  };
  if (seed) {
    // A component read into a local is a holder too (the destination), and a carrier.
    variables.set(seed.variable, seed.carrier);
    if (seed.wrapper) {
      wrappers.set(seed.wrapper, seed.variable);
    }
    queue.push(seed.variable);
  }
  for (const holder of holders) {
    visit(holder, null);
  }
  for (let next = queue.shift(); next; next = queue.shift()) {
    visit(next, variables.get(next) ?? null);
  }
  if (variables.size === 0) {
    return null;
  }
  const releaseCalls = [...variables].flatMap(([variable, carrier]) => findPropertyReleases(variable, carrier, release, releaseVia));
  // A modelled component is the resource itself: no release here has to corroborate it.
  const modelled = seed?.carrier.component !== undefined;
  return modelled || direct.length > 0 || releaseCalls.length > 0 ? { variables, wrappers, releaseCalls } : null;
}

/**
 * `node` (a holder's or carrier's value) put into a wrapper that a local variable of `fn`
 * keeps: `const session = new Session(node)`, `const tx = { client: node }`, also under a
 * choice (`cond ? new Session(node) : this`). `null` when the wrapper goes anywhere else,
 * or when its class is in view and its constructor does more with the value than store it.
 */
function getWrapping(
  node: TSESTree.Node,
  fn: FunctionNode,
  resolve: Resolve,
  /** Holders and carriers: every argument that is one must be stored plainly too. */
  tracked: (variable: Variable) => boolean,
):  { expression: TSESTree.Node; variable: Variable; carrier: Carrier; choice: TSESTree.Node | null } | null {
  const parent = node.parent;
  let expression: TSESTree.Node;
  let properties: ReadonlySet<string> | null | false;
  if (parent?.type === AST_NODE_TYPES.NewExpression && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    expression = parent;
    const index = parent.arguments.indexOf(node as TSESTree.CallExpressionArgument);
    properties = getConstructorFields(parent, index, resolve);
    // `new Transaction(client, tracker)`: the client given beside a carrier must be a plain field too.
    const others = parent.arguments.filter((argument, at) => {
      const variable = at === index ? null : resolve(argument);
      return variable !== null && tracked(variable);
    });
    if (others.some((argument) => getConstructorFields(parent, parent.arguments.indexOf(argument), resolve) === false)) {
      return null;
    }
  } else if (parent?.type === AST_NODE_TYPES.Property && parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    expression = parent.parent;
    const key = parent.computed ? null : getKeyName(parent.key);
    properties = key === null ? null : new Set([key]);
  } else if (parent?.type === AST_NODE_TYPES.ArrayExpression) {
    expression = parent;
    properties = new Set([String(parent.elements.indexOf(node as TSESTree.Expression))]);
  } else {
    return null;
  }
  if (properties === false || getEnclosingFunction(expression) !== fn) {
    return null;
  }
  const { node: top, choice } = climbValue(expression);
  const declarator = top.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== top || declarator.id.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  const variable = resolve(declarator.id);
  if (!variable || !isOwnLocal(variable, fn)) {
    return null;
  }
  const cls = properties && expression.type === AST_NODE_TYPES.NewExpression ? getClassInView(expression.callee, resolve) : null;
  return { expression, variable, carrier: { kind: 'wrapper', properties, cls }, choice };
}

/**
 * `X.p` (through type wrappers) with `X` a reference of `variable` and `p` a property that
 * leads back to the resource; `null` otherwise.
 */
function getCarriedMember(identifier: TSESTree.Node, carrier: Carrier): TSESTree.Node | null {
  const outer = climbTransparentWrappers(identifier);
  const member = outer.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outer) {
    return null;
  }
  const name = getPropertyName(member);
  return name !== null && (carrier.properties === null || carrier.properties.has(name)) ? climbTransparentWrappers(member) : null;
}

/** The call that releases `value` (the resource reached through a carrier), if it is one. */
function getReleaseOf(value: TSESTree.Node, release: MethodSet, releaseVia: ReadonlySet<string>): TSESTree.CallExpression | null {
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === value) {
    const method = getPropertyName(parent);
    const call = climbTransparentWrappers(parent).parent;
    return method !== null && call?.type === AST_NODE_TYPES.CallExpression && release.matches(call, method) ? call : null;
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(value as TSESTree.CallExpressionArgument)) {
    const callee = skipTransparentWrappers(parent.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    return method !== null && releaseVia.has(method) ? parent : null;
  }
  return null;
}

/** `session.client.release()`, `pool.release(tx.client)`: releases through the carrier's properties. */
function findPropertyReleases(
  variable: Variable,
  carrier: Carrier,
  release: MethodSet,
  releaseVia: ReadonlySet<string>,
): TSESTree.CallExpression[] {
  const methods = carrier.cls && carrier.properties ? getReleasingMethods(carrier.cls, carrier.properties, release) : null;
  return variable.references.flatMap((reference) => {
    const member = getCarriedMember(reference.identifier, carrier);
    const call = member ? getReleaseOf(member, release, releaseVia) : null;
    if (call) {
      return [call];
    }
    // `session.close()` where `close() { this.client.release(); }` in view.
    const own = climbTransparentWrappers(reference.identifier).parent;
    const name = own?.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(own) : null;
    const ownCall = own ? climbTransparentWrappers(own).parent : null;
    return name !== null && methods?.has(name) && ownCall?.type === AST_NODE_TYPES.CallExpression && ownCall.callee === own ? [ownCall] : [];
  });
}

/**
 * The state with only the holders that are the resource itself: a wrapper's own methods
 * (`session.run()`, `session.close()`) neither release nor use the resource as such.
 */
export function withoutWrappers(view: SiteView, state: LifetimeState): LifetimeState {
  const { carriers } = view.site;
  if (!carriers || state.holders.length === 0) {
    return state;
  }
  const holders = state.holders.filter((id) => {
    const variable = view.context.variableOf(id);
    return variable === undefined || carriers.variables.get(variable)?.kind !== 'wrapper';
  });
  return holders.length === state.holders.length ? state : { ...state, holders };
}

/** Whether `call` releases the resource through a carrier that holds it on this path: `session.client.release()`. */
export function isCarrierRelease(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const { carriers } = view.site;
  return carriers !== null && carriers.releaseCalls.includes(call) && carriesOnPath(view, call, state);
}

/** Whether the carrier a carrier release goes through holds the resource on this path. */
function carriesOnPath(view: SiteView, call: TSESTree.CallExpression, state: LifetimeState): boolean {
  const callee = skipTransparentWrappers(call.callee);
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTransparentWrappers(callee.object) : null;
  if (receiver?.type === AST_NODE_TYPES.Identifier) {
    // A releasing method of the wrapper's class: `session.close()`.
    return holds(view, receiver, state);
  }
  const value =
    callee.type === AST_NODE_TYPES.MemberExpression
      ? skipTransparentWrappers(callee.object)
      : call.arguments.map((argument) => skipTransparentWrappers(argument)).find((argument) => argument.type === AST_NODE_TYPES.MemberExpression);
  return value?.type === AST_NODE_TYPES.MemberExpression && holds(view, skipTransparentWrappers(value.object), state);
}

/** How messages name a resource kept only in a wrapper: `session.client`, else the wrapper's name. */
export function nameCarried(seed: CarriedDestination['seed']): string {
  const [property] = seed.carrier.properties ?? [];
  return seed.carrier.properties?.size === 1 && property !== undefined ? `${seed.variable.name}.${property}` : seed.variable.name;
}

/**
 * At a wrapper expression a carrier keeps (`new Session(client)` in `const session = …`),
 * when it carries the resource on this path: the state with the carrier among the holders.
 * Wrapping is then a use, not a hand-over. `null` for any other node.
 */
export function bindWrapper(view: SiteView, node: TSESTree.Node, state: LifetimeState): LifetimeState | null {
  const variable = view.site.carriers?.wrappers.get(node);
  if (!variable) {
    return null;
  }
  const parts =
    node.type === AST_NODE_TYPES.NewExpression
      ? node.arguments
      : node.type === AST_NODE_TYPES.ArrayExpression
        ? node.elements
        : node.type === AST_NODE_TYPES.ObjectExpression
          ? node.properties.map((property) => (property.type === AST_NODE_TYPES.Property ? property.value : property))
          : [];
  if (!parts.some((part) => part !== null && part.type !== AST_NODE_TYPES.SpreadElement && isHolder(view, part, state))) {
    return null;
  }
  const id = view.context.idOf(variable);
  const holders = state.holders.includes(id) ? state.holders : [...state.holders, id].sort((a, b) => a - b);
  return { ...state, anonymous: false, holders };
}

/** The member expression whose object is `value` (through `await` and type wrappers). */
export function climbToMember(value: TSESTree.Node): TSESTree.MemberExpression | null {
  let node: TSESTree.Node = climbTransparentWrappers(value);
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression) {
    node = climbTransparentWrappers(node.parent);
  }
  return node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node ? node.parent : null;
}
