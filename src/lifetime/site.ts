import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FunctionNode } from '../flow/interpreter.js';
import { getPropertyName, isFunctionNode } from '../flow/syntax.js';
import type { ExhaustionSpec, ReceiverRelease, ResourceKind, ResourceModel } from '../models/index.js';
import type { Carriers } from './carriers.js';
import { climbValue, getAllElementTarget } from './destination.js';
import type { ThisGuard } from './guards.js';
import type { MethodSet } from './methods.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;

/**
 * Where an acquired value goes, read from the syntax around the acquisition:
 * - `variable`: bound to a local variable, which holds it from then on;
 * - `returned`: returned (or yielded) straight away: the caller owns it;
 * - `handedOff`: stored, passed on, or used in a way this function cannot follow;
 * - `member`: used as the object of a member access in the same expression
 *   (`(await pool.connect()).release()`), so it is owned only until the statement ends;
 * - `discarded`: the value is dropped on the floor;
 * - `wrapped`: put straight into a wrapper that a local variable keeps
 *   (`const session = new Session(await pool.connect())`), see carriers.ts.
 */
export type Destination =
  | { readonly kind: 'discarded' | 'handedOff' | 'member' | 'returned' | 'wrapped' }
  | { readonly kind: 'variable'; readonly variable: Variable };

/** One acquisition site, tracked on its own. */
export interface Site {
  /** The function whose body is interpreted for this site. */
  readonly fn: FunctionNode;
  /** The node reported: the acquiring call, or the callback that receives the resource. */
  readonly node: TSESTree.Node;
  readonly kind: ResourceKind;
  /** The node whose evaluation opens the resource; `null` when it is open on entry. */
  readonly value: TSESTree.Node | null;
  readonly destination: Destination;
  /**
   * The innermost branch (of an `if`, `?:`, `&&`/`||`/`??`, `case`) the resource is
   * acquired in, when its holder outlives that branch: the other side leaves the holder
   * with something else. `null` when the acquisition is not under such a choice.
   */
  readonly choice: TSESTree.Node | null;
  /**
   * For a site acquired by `this.obtain()`: the field of `this` whose emptiness the
   * acquirer's own acquisition was guarded by (see ThisGuard in guards.ts).
   */
  readonly thisGuard?: ThisGuard | null;
  /** Calls on the resource that release it (or use it up). */
  readonly release: MethodSet;
  /** Calls on the acquisition's receiver that release everything it handed out (`pool.close(0)`). */
  readonly receiverReleases?: readonly ReceiverRelease[];
  /** The variable the acquisition was called on (`pool` in `pool.getConnection()`), when it has releases. */
  readonly receiver?: Variable | null;
  /** The `AbortController` whose signal the receiver was made with, when the model lets its `abort()` release. */
  readonly abortController?: Variable | null;
  /** Uses that stay legal after the release (an iterator's `next()`). */
  readonly usableAfterRelease?: ReadonlySet<string>;
  /** Methods that make the released resource open again (a redis client's `connect()`). */
  readonly reopenedBy?: ReadonlySet<string>;
  /** Methods whose result keeps the resource reachable (the models' `handles`). */
  readonly handles?: ReadonlySet<string>;
  /** Calls on the holder that give it up without settling the resource. */
  readonly abandon: MethodSet;
  /** Methods whose call on the holder uses the resource (for use after release). */
  readonly uses: ReadonlySet<string>;
  /** Tests that show the resource was used up and closed itself. */
  readonly exhaustion: readonly ExhaustionSpec[];
  /** Calling the resource itself uses it (`trx('table')`). */
  readonly callable: boolean;
  /** Methods on the resource whose failure ends it. */
  readonly closesOnError: ReadonlySet<string>;
  /** Whether a second release is an error. */
  readonly releaseTwiceFails: boolean;
  /** Methods whose first call opens a resource that holds nothing before (a lazy cursor). */
  readonly opensOn: ReadonlySet<string>;
  /** Methods that return the resource itself: `cursor.sort(s)`, node-redis's `await client.connect()`. */
  readonly chain?: ReadonlySet<string>;
  /** A call through a property of the resource, or passing it to a function, opens it too (Prisma). */
  readonly opensThroughMembers: boolean;
  /** Methods on another object that release a resource passed to them. */
  readonly releaseVia: ReadonlySet<string>;
  /** Functions that release the resource when called (`done`, a cleanup closure). */
  readonly releaseFunctions: ReadonlySet<Variable>;
  /** A callback's error parameter: when it is truthy, no resource was handed over. */
  readonly errorVariable: Variable | null;
  /** Calls that may release the resource, found syntactically. */
  readonly releaseCalls: readonly TSESTree.CallExpression[];
  /** Events whose listener on the resource keeps it alive by design (`notification`). */
  readonly keepAliveEvents: ReadonlySet<string>;
  /** Methods whose call on the resource keeps it alive by design (`subscribe`) or hands it on to its result (`savepoint`). */
  readonly keepAliveMethods: ReadonlySet<string>;
  /**
   * Local variables that keep the resource without being it (wrappers, components read
   * from it), when the function releases it itself; `null` otherwise (see carriers.ts).
   */
  readonly carriers: Carriers | null;
  /**
   * `resolve(holder)` calls of the `new Promise` executor the site is acquired in (directly
   * or in a handler the executor registers): the resource becomes the promise's value.
   */
  readonly resolveCalls: readonly TSESTree.CallExpression[];
  /** Functions nested in `fn` that contain one of `releaseCalls` or `resolveCalls`. */
  readonly releasingFunctions: ReadonlySet<TSESTree.Node>;
  /** For messages: the variable's name, or the acquiring expression. */
  readonly name: string;
  /** For messages: what was acquired and how (`pool connection from `pool.connect()``). */
  readonly what: string;
  /** The release call the suggested fix writes, without the receiver (`release()`). */
  readonly releaseCall: string;
  readonly releaseIsAsync: boolean;
  /** Whether a release of this kind may throw (the model's `releaseCanFail`). */
  readonly releaseCanFail: boolean;
  /** What suggested fixes need from the model: the rollback call, and whether `using` disposes it. */
  readonly fixHints: FixHints;
}

/**
 * The models' data for suggested fixes (see ResourceModel's `rollbackCall` and
 * `disposal`), with the packages of the model each comes from: where models disagree
 * (`startTransaction()` is TypeORM's and MongoDB's), the file's imports decide.
 */
export interface FixHints {
  readonly rollbackCalls: readonly { readonly call: string; readonly packages: readonly string[] }[];
  readonly disposal: ResourceModel['disposal'] | null;
  /** The release may be missing (see ResourceModel's `releaseOptional`). */
  readonly releaseOptional: boolean;
  /**
   * Whether `releaseCall` is the models' own release (or `releaseVia`), not the universal
   * `dispose()` named for want of one: a fix writes only a release the value is known to have.
   */
  readonly releaseIsOwn: boolean;
}

/**
 * Variables that may hold the resource: the first holder and the variables it is copied
 * into (`const conn = client`, also through a pass-through callee: `const conn =
 * withTimeout(client)`). One level of copying covers real code.
 */
export function getPotentialHolders(
  first: Variable | null,
  resolve: (node: TSESTree.Node) => Variable | null,
  returnedArgument?: (call: TSESTree.CallExpression) => number | null,
): Variable[] {
  if (!first) {
    return [];
  }
  const holders = [first];
  for (const reference of first.references) {
    let id = reference.identifier as TSESTree.Node;
    // `const c = await withTimeout(client)`: a pass-through's result is a copy too.
    const call = id.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && returnedArgument && call.arguments.indexOf(id as TSESTree.Expression) >= 0) {
      if (returnedArgument(call) !== call.arguments.indexOf(id as TSESTree.Expression)) {
        continue;
      }
      id = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent : call;
    }
    const parent = id.parent;
    let target: TSESTree.Node | null = null;
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === id) {
      target = parent.id;
    } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === id) {
      target = parent.left;
    } else if (parent?.type === AST_NODE_TYPES.ArrayExpression) {
      target = getAllElementTarget(parent, id);
    }
    const alias = target ? resolve(target) : null;
    if (alias && !holders.includes(alias)) {
      holders.push(alias);
    }
  }
  return holders;
}

/**
 * Calls that release one of `holders`: `holder.release()`, `pool.release(holder)`,
 * `done()`. Found from the holders' references, without walking the function.
 */
export function findReleaseCalls(
  holders: readonly Variable[],
  release: MethodSet,
  releaseVia: ReadonlySet<string>,
  releaseFunctions: ReadonlySet<Variable>,
): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  const found = new Set<TSESTree.CallExpression>();
  const add = (call: TSESTree.CallExpression): void => {
    if (!found.has(call)) {
      found.add(call);
      calls.push(call);
    }
  };
  for (const holder of holders) {
    for (const reference of holder.references) {
      const id = reference.identifier as TSESTree.Node;
      const parent = id.parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === id) {
        const name = getPropertyName(parent);
        const call = climbValue(parent).node.parent;
        if (name !== null && call?.type === AST_NODE_TYPES.CallExpression && release.matches(call, name)) {
          add(call);
        }
      } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(id as TSESTree.Expression)) {
        const callee = skipTransparentWrappers(parent.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const name = getPropertyName(callee);
          if (name !== null && releaseVia.has(name)) {
            add(parent);
          }
        }
      }
    }
  }
  for (const fn of releaseFunctions) {
    for (const reference of fn.references) {
      const id = reference.identifier as TSESTree.Node;
      if (id.parent?.type === AST_NODE_TYPES.CallExpression && id.parent.callee === id) {
        add(id.parent);
      }
    }
  }
  return calls;
}

/** Functions between each call and `fn` (exclusive): closures that release when run. */
export function findEnclosingFunctions(calls: readonly TSESTree.Node[], fn: TSESTree.Node): Set<TSESTree.Node> {
  const functions = new Set<TSESTree.Node>();
  for (const call of calls) {
    let current = call.parent;
    while (current && current !== fn) {
      if (isFunctionNode(current)) {
        functions.add(current);
      }
      current = current.parent;
    }
  }
  return functions;
}

/** The variable a closure is bound to: `const cleanup = () => …` or `function cleanup() {}`. */
export function getFunctionBinding(
  fn: TSESTree.Node,
  resolve: (node: TSESTree.Node) => Variable | null,
): Variable | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
    return resolve(fn.id);
  }
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn) {
    return resolve(parent.id);
  }
  return null;
}

/**
 * Whether the code stores `variable`'s value where others reach it before `position`:
 * `this.client = client`, `outer = client`, `{ client }`. For a resource that lives on a
 * receiver (`await client.connect()`), such a store comes before the acquisition, where
 * the analysis of the site does not look.
 */
export function isStoredBefore(
  variable: Variable,
  position: number,
  resolve: (node: TSESTree.Node) => Variable | null,
): boolean {
  return variable.references.some((reference) => {
    const id = reference.identifier as TSESTree.Node;
    if (id.range[0] >= position) {
      return false;
    }
    const parent = id.parent;
    switch (parent?.type) {
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== id) {
          return false;
        }
        const target = parent.left.type === AST_NODE_TYPES.Identifier ? resolve(parent.left) : null;
        return target === null || target.scope.variableScope !== variable.scope.variableScope;
      }
      case AST_NODE_TYPES.Property:
        return parent.value === id;
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.ArrayExpression:
        return true;
      case AST_NODE_TYPES.NewExpression:
        return parent.arguments.includes(id as TSESTree.Expression);
      default:
        return false;
    }
  });
}
