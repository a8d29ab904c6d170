import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, hasGivenUp, interpretFunction } from '../flow/interpreter.js';
import { getEnclosingFunction, skipTypeWrappers } from '../flow/syntax.js';
import type { FlowDomain } from '../flow/types.js';
import type { HttpRecognizer, SendSite, StatusValue } from './recognize.js';

/**
 * The status of one response object on one path: `unset` (the framework's default will
 * apply), a number, `?` (set to something the analysis cannot read, or handed to a
 * helper that may set it), or `dead` (the path ended in `ctx.throw(…)`, which never
 * returns).
 */
type Tracked = StatusValue | 'unset' | 'dead';

interface StatusState {
  readonly status: Tracked;
  /** Late sends (`ctx.body = …`) made on this path, whose status is fixed when the handler returns. */
  readonly pending: readonly TSESTree.Node[];
  readonly key: string;
}

function makeState(status: Tracked, pending: readonly TSESTree.Node[]): StatusState {
  return { status, pending, key: `${String(status)}|${pending.map((node) => node.range[0]).join(',')}` };
}

/** What one run saw: the statuses each send went out with, and each closure was created with. */
export interface StatusObservations {
  readonly sends: Map<TSESTree.Node, Set<StatusValue | 'unset'>>;
  readonly closures: Map<TSESTree.Node, Set<StatusValue | 'unset'>>;
}

function observe(map: Map<TSESTree.Node, Set<StatusValue | 'unset'>>, node: TSESTree.Node, status: Tracked): void {
  if (status === 'dead') {
    return;
  }
  let set = map.get(node);
  if (!set) {
    set = new Set();
    map.set(node, set);
  }
  set.add(status);
}

function isRoot(node: TSESTree.Node | null | undefined, root: string): boolean {
  const inner = node ? skipTypeWrappers(node) : null;
  return inner?.type === AST_NODE_TYPES.Identifier && inner.name === root;
}

/** Whether `node` hands the response object to code the analysis does not follow. */
function passesRoot(args: readonly TSESTree.Node[], root: string): boolean {
  return args.some(
    (argument) =>
      isRoot(argument, root) ||
      (argument.type === AST_NODE_TYPES.ObjectExpression &&
        argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && isRoot(property.value, root))),
  );
}

/**
 * The flow domain of one response object in one function: which status it holds on each
 * path. It knows HTTP only through the recognizer.
 */
class StatusDomain implements FlowDomain<StatusState> {
  readonly observations: StatusObservations = { sends: new Map(), closures: new Map() };

  constructor(
    private readonly fn: FunctionNode,
    private readonly root: string,
    private readonly recognizer: HttpRecognizer,
    private readonly sites: ReadonlyMap<TSESTree.Node, SendSite>,
  ) {}

  key(state: StatusState): string {
    return state.key;
  }

  transfer(node: TSESTree.Node, state: StatusState): StatusState {
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
        return this.transferCall(node, state);
      case AST_NODE_TYPES.ReturnStatement:
        if (this.sites.get(node)?.root?.name === this.root) {
          observe(this.observations.sends, node, state.status);
        }
        return state;
      case AST_NODE_TYPES.AssignmentExpression: {
        const site = this.sites.get(node);
        if (site?.late && site.root?.name === this.root && state.status !== 'dead') {
          return makeState(state.status, [...state.pending, node]);
        }
        const assignment = this.recognizer.getStatusAssignment(node);
        if (assignment?.root.name === this.root) {
          return state.status === 'dead' ? state : makeState(assignment.status, state.pending);
        }
        return isRoot(node.right, this.root) ? this.unknown(state) : state;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        return isRoot(node.init, this.root) ? this.unknown(state) : state;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
        observe(this.observations.closures, node, state.status);
        return state;
      default:
        return state;
    }
  }

  private transferCall(node: TSESTree.CallExpression, state: StatusState): StatusState {
    if (state.status === 'dead') {
      return state;
    }
    const site = this.sites.get(node);
    if (site && !site.late && site.root?.name === this.root) {
      observe(this.observations.sends, node, state.status);
      return state;
    }
    const setter = this.recognizer.getStatusCall(node);
    if (setter?.root.name === this.root) {
      return makeState(setter.status, state.pending);
    }
    const callee = skipTypeWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && isRoot(callee.object, this.root)) {
      const models = this.recognizer.getResponseModels(callee.object as TSESTree.Identifier);
      const method = callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : '';
      if (models.some((model) => (model.throwMethods).includes(method))) {
        return makeState('dead', []);
      }
    }
    return passesRoot(node.arguments, this.root) && this.recognizer.mayCallSetStatus(node, this.root) ? this.unknown(state) : state;
  }

  private unknown(state: StatusState): StatusState {
    return state.status === 'dead' ? state : makeState('?', state.pending);
  }

  throwState(_node: TSESTree.Node, before: StatusState): StatusState {
    return before;
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
        observe(this.observations.sends, node, state.status);
      }
    }
    return makeState(state.status, []);
  }
}

/**
 * Works out, with the flow interpreter, the status each send of a response object goes
 * out with on every path that reaches it. Runs once per function and response object.
 */
export class StatusFlow {
  private readonly runs = new Map<string, StatusObservations | null>();

  constructor(
    private readonly recognizer: HttpRecognizer,
    private readonly sites: ReadonlyMap<TSESTree.Node, SendSite>,
  ) {}

  /** The statuses `site` goes out with (`unset` for the default); `null` when it cannot tell. */
  getStatuses(site: SendSite): Set<StatusValue | 'unset'> | null {
    const fn = getEnclosingFunction(site.node);
    if (!site.root || !fn) {
      return null;
    }
    return this.run(fn, site.root)?.sends.get(site.node) ?? null;
  }

  private run(fn: FunctionNode, root: TSESTree.Identifier, depth = 0): StatusObservations | null {
    const key = `${String(fn.range[0])}:${root.name}`;
    if (this.runs.has(key)) {
      return this.runs.get(key) ?? null;
    }
    this.runs.set(key, null);
    const entry = this.getEntry(fn, root, depth);
    let result: StatusObservations | null = null;
    if (entry !== '?') {
      const domain = new StatusDomain(fn, root.name, this.recognizer, this.sites);
      // Giving up (hasGivenUp) leaves the function unknown, as before.
      result = hasGivenUp(interpretFunction(fn, domain, makeState(entry, []))) ? null : domain.observations;
    }
    this.runs.set(key, result);
    return result;
  }

  /**
   * The status `root` holds when `fn` starts: unset for a route handler's own response
   * object; for one captured from an enclosing handler, whatever it held where the
   * closure was created; unknown otherwise (a helper's caller may have set it).
   */
  private getEntry(fn: FunctionNode, root: TSESTree.Identifier, depth: number): Tracked {
    const starts = this.recognizer.startsUnset(root, fn);
    if (starts !== null) {
      return starts ? 'unset' : '?';
    }
    const outer = getEnclosingFunction(fn);
    if (!outer || depth > 4) {
      return '?';
    }
    const seen = this.run(outer, root, depth + 1)?.closures.get(fn);
    if (seen?.size !== 1) {
      return '?';
    }
    const [value] = [...seen];
    return value ?? '?';
  }
}
