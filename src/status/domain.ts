import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { type FunctionNode, hasGivenUp, interpretFunction } from '../flow/interpreter.js';
import { getPropertyName } from '../flow/syntax.js';
import type { FlowDomain } from '../flow/types.js';
import { getEnclosingFunctionLike } from '../util/functions.js';
import { getSingleInit, type Variable } from '../util/imports.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { Handlers } from './handlers.js';
import type { Responses, SendSite, StatusValue } from './responses.js';
import { asIdentifier, type StatusScope } from './scope.js';

/**
 * The status of one response object on one path: `unset` (the framework's default will
 * apply), a number, `?` (set to something the analysis cannot read, or handed to a
 * helper that may set it), or `dead` (the path ended in `ctx.throw(…)`, which never
 * returns).
 */
export type Tracked = StatusValue | 'unset' | 'dead';

/** A status a send went out with on some path, and the node that set it (`null`: nothing on this path did). */
export interface ObservedStatus {
  readonly status: StatusValue | 'unset';
  readonly setAt: TSESTree.Node | null;
}

interface StatusState {
  readonly status: Tracked;
  readonly setAt: TSESTree.Node | null;
  /** Late sends (`ctx.body = …`) made on this path, whose status is fixed when the handler returns. */
  readonly pending: readonly TSESTree.Node[];
  readonly key: string;
}

function makeState(status: Tracked, setAt: TSESTree.Node | null, pending: readonly TSESTree.Node[]): StatusState {
  const at = setAt ? String(setAt.range[0]) : '';
  return { status, setAt, pending, key: `${String(status)}@${at}|${pending.map((node) => node.range[0]).join(',')}` };
}

/** What one run saw: the statuses each send went out with, and each closure was created with. */
export interface StatusObservations {
  readonly sends: Map<TSESTree.Node, Map<string, ObservedStatus>>;
  readonly closures: Map<TSESTree.Node, Map<string, ObservedStatus>>;
}

function observe(map: Map<TSESTree.Node, Map<string, ObservedStatus>>, node: TSESTree.Node, state: StatusState): void {
  if (state.status === 'dead') {
    return;
  }
  let seen = map.get(node);
  if (!seen) {
    seen = new Map();
    map.set(node, seen);
  }
  const key = `${String(state.status)}@${state.setAt ? String(state.setAt.range[0]) : ''}`;
  seen.set(key, { status: state.status, setAt: state.setAt });
}

/**
 * The flow domain of one response object in one function: which status it holds on each
 * path, and where it was set. The object is known by its variable, so a copy (`const r =
 * res`) is the same object. It knows HTTP only through the recognizers.
 */
class StatusDomain implements FlowDomain<StatusState> {
  readonly observations: StatusObservations = { sends: new Map(), closures: new Map() };

  constructor(
    private readonly fn: FunctionNode,
    private readonly root: Variable,
    private readonly analysis: StatusFlow,
  ) {}

  private isRoot = (node: TSESTree.Node | null | undefined): boolean => {
    const identifier = asIdentifier(node);
    return identifier !== null && this.analysis.scope.origin(identifier) === this.root;
  };

  /** Whether `node` hands the response object to code the analysis does not follow. */
  private passesRoot(args: readonly TSESTree.Node[]): boolean {
    return args.some(
      (argument) =>
        this.isRoot(argument) ||
        (argument.type === AST_NODE_TYPES.ObjectExpression &&
          argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && this.isRoot(property.value))),
    );
  }

  key(state: StatusState): string {
    return state.key;
  }

  transfer(node: TSESTree.Node, state: StatusState): StatusState {
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
        return this.transferCall(node, state);
      case AST_NODE_TYPES.ReturnStatement:
        if (this.isRoot(this.analysis.sites.get(node)?.root)) {
          observe(this.observations.sends, node, state);
        }
        return state;
      case AST_NODE_TYPES.AssignmentExpression: {
        const site = this.analysis.sites.get(node);
        if (site?.late && this.isRoot(site.root) && state.status !== 'dead') {
          return makeState(state.status, state.setAt, [...state.pending, node]);
        }
        const assignment = this.analysis.responses.getStatusAssignment(node);
        if (assignment && this.isRoot(assignment.root)) {
          return state.status === 'dead' ? state : makeState(assignment.status, node, state.pending);
        }
        return this.isRoot(node.right) ? this.unknown(state) : state;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        // `const r = res` is the same object under another name; any other way of taking
        // it (destructuring, a `let` written again) loses track of it.
        if (this.isRoot(node.init)) {
          const copy = node.id.type === AST_NODE_TYPES.Identifier ? this.analysis.scope.resolve(node.id) : null;
          return copy && getSingleInit(copy) ? state : this.unknown(state);
        }
        return state;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
        observe(this.observations.closures, node, state);
        return state;
      default:
        return state;
    }
  }

  private transferCall(node: TSESTree.CallExpression, state: StatusState): StatusState {
    if (state.status === 'dead') {
      return state;
    }
    const site = this.analysis.sites.get(node);
    if (site && !site.late && this.isRoot(site.root)) {
      observe(this.observations.sends, node, state);
      return state;
    }
    const setter = this.analysis.responses.getStatusCall(node);
    if (setter && this.isRoot(setter.root)) {
      return makeState(setter.status, node, state.pending);
    }
    const callee = skipTransparentWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && this.isRoot(callee.object)) {
      const root = asIdentifier(callee.object);
      if (root && this.analysis.responses.isThrowMethod(root, getPropertyName(callee) ?? '')) {
        return makeState('dead', null, []);
      }
    }
    return this.passesRoot(node.arguments) && this.analysis.handlers.mayCallSetStatus(node, this.isRoot) ? this.unknown(state) : state;
  }

  private unknown(state: StatusState): StatusState {
    return state.status === 'dead' ? state : makeState('?', null, state.pending);
  }

  /**
   * A throw from one of the response object's own methods after a status was set
   * (`res.status(404).send(null)`, a project's `res.status(400).sendWrap(…)`) is not
   * followed: the answer was going out with that status, and a `catch` reached that way
   * would take it for every later answer, though a handler's sends do not fail so in
   * practice. A throw from any other call, or from a send before any status was set, is.
   */
  throwState(node: TSESTree.Node, before: StatusState): StatusState {
    if (typeof before.status !== 'number' || node.type !== AST_NODE_TYPES.CallExpression) {
      return before;
    }
    let current: TSESTree.Node = skipTransparentWrappers(node.callee);
    while (current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.CallExpression) {
      current = skipTransparentWrappers(current.type === AST_NODE_TYPES.MemberExpression ? current.object : current.callee);
    }
    return this.isRoot(current) ? makeState('dead', null, []) : before;
  }

  assume(_test: TSESTree.Expression, _truthy: boolean, state: StatusState): StatusState {
    return state;
  }

  assumeNullish(_expr: TSESTree.Expression, _nullish: boolean, state: StatusState): StatusState {
    return state;
  }

  leaveScope(scope: TSESTree.Node, path: { state: StatusState }, kind: string): StatusState {
    const { state } = path;
    if (scope !== this.fn || state.pending.length === 0) {
      return state;
    }
    // A handler that throws hands the failure to the framework's error handling.
    if (kind !== 'throw') {
      for (const node of state.pending) {
        observe(this.observations.sends, node, state);
      }
    }
    return makeState(state.status, state.setAt, []);
  }
}

/**
 * Works out, with the flow interpreter, the status each send of a response object goes
 * out with on every path that reaches it, and where it was set. Runs once per function
 * and response object.
 */
export class StatusFlow {
  private readonly runs = new Map<string, StatusObservations | null>();

  /**
   * @param presets Functions whose response starts with a status someone else set: a
   *   limiter's `message` function runs after the limiter set its 429.
   */
  constructor(
    readonly scope: StatusScope,
    readonly responses: Responses,
    readonly handlers: Handlers,
    readonly sites: ReadonlyMap<TSESTree.Node, SendSite>,
    private readonly presets: ReadonlyMap<TSESTree.Node, Tracked> = new Map(),
  ) {}

  /** The statuses `site` goes out with (`unset` for the default); `null` when it cannot tell. */
  getStatuses(site: SendSite): ObservedStatus[] | null {
    const fn = getEnclosingFunctionLike(site.node);
    const origin = site.root ? this.scope.origin(site.root) : null;
    if (!site.root || !fn || !origin) {
      return null;
    }
    const seen = this.run(fn, origin, site.root)?.sends.get(site.node);
    return seen ? [...seen.values()] : null;
  }

  private run(fn: FunctionNode, root: Variable, name: TSESTree.Identifier, depth = 0): StatusObservations | null {
    const key = `${String(fn.range[0])}:${String(root.identifiers[0]?.range[0] ?? root.name)}`;
    if (this.runs.has(key)) {
      return this.runs.get(key) ?? null;
    }
    this.runs.set(key, null);
    const entry = this.getEntry(fn, name, depth);
    let result: StatusObservations | null = null;
    if (entry.status !== '?') {
      const domain = new StatusDomain(fn, root, this);
      const exits = interpretFunction(fn, domain, makeState(entry.status, entry.setAt, []));
      if (hasGivenUp(exits)) {
        this.scope.giveUp(fn, `the flow interpreter's step budget (${exits.detail}), following \`${name.name}\``);
      } else {
        result = domain.observations;
      }
    }
    this.runs.set(key, result);
    return result;
  }

  /**
   * The status `root` holds when `fn` starts: unset for a route handler's own response
   * object; a preset one for a function the limiter calls after setting it; for one
   * captured from an enclosing handler, whatever it held where the closure was created;
   * unknown otherwise (a helper's caller may have set it).
   */
  private getEntry(fn: FunctionNode, root: TSESTree.Identifier, depth: number): { status: Tracked; setAt: TSESTree.Node | null } {
    const preset = this.presets.get(fn);
    const starts = this.handlers.startsUnset(root, fn);
    if (starts !== null) {
      if (starts && preset !== undefined) {
        return { status: preset, setAt: null };
      }
      return { status: starts ? 'unset' : '?', setAt: null };
    }
    const outer = getEnclosingFunctionLike(fn);
    const origin = this.scope.origin(root);
    if (!outer || !origin || depth > 4) {
      return { status: '?', setAt: null };
    }
    const seen = this.run(outer, origin, root, depth + 1)?.closures.get(fn);
    if (seen?.size !== 1) {
      return { status: '?', setAt: null };
    }
    const [value] = [...seen.values()];
    return value ? { status: value.status, setAt: value.setAt } : { status: '?', setAt: null };
  }
}
