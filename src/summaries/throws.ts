import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { type FunctionLike, isFunctionLike } from '../util/functions.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

// The "cannot throw" summary: a function with no throwing operation on any path. It uses the
// interpreter's notion of a throwing operation (src/flow: calls, `new`, tagged templates,
// `import()`, `await`, `yield`, `for await`, `throw`), so a throw edge the interpreter would add
// for a call to such a function is one no path can take.

/** A call-like node whose callee runs: `f()`, `new F()`, ``tag`…` ``. */
export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;

/** A class declaration or expression. */
export type ClassLike = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What the summary needs from its caller: where callees are, and the throw model for the rest. */
export interface ThrowSummaryHost {
  /**
   * The function `call` reaches when its body can be read (same file, another module), with
   * the host that knows that function's module; `null` when the callee is not known.
   */
  calleeOf(call: CallLike): { readonly fn: FunctionLike; readonly host: ThrowSummaryHost } | null;
  /**
   * The throw model for a call whose callee is not read: `false` when the call is known not
   * to throw on ordinary input (`Date.now()`, `map.get(k)`, `console.log(…)`).
   */
  mayThrow(call: CallLike): boolean;
  /**
   * The throw model for an `await` of a call whose callee is not read: `false` when the
   * awaited promise is known not to reject (`await setTimeout(ms)` from timers/promises).
   * Without it, every such `await` may throw.
   */
  mayReject?(awaited: TSESTree.AwaitExpression): boolean;
  /**
   * The class `reference` names (the callee of a `new`, an `extends` clause) when its body
   * can be read (same file, another module), with the host that knows its module; `null`
   * when it is not known.
   */
  classOf?(reference: TSESTree.Node): { readonly cls: ClassLike; readonly host: ThrowSummaryHost } | null;
  /**
   * Whether the superclass `reference` names, when its body is not read, is one whose
   * constructor the throw model knows cannot throw (`extends Error`).
   */
  superCannotThrow?(reference: TSESTree.Node): boolean;
}

/** What a summary may cost. Past a bound the function may throw (unknown), as any unread callee. */
export const THROW_SUMMARY_LIMITS = {
  /** Functions summarised inside one another (a helper's helper's …). */
  maxDepth: 8,
  /** Nodes read in one function's body. */
  maxNodes: 2000,
};

const memos = new WeakMap<ThrowSummaryHost, Map<FunctionLike | ClassLike, boolean>>();

/**
 * Whether `fn` cannot throw: no path through its body reaches a throwing operation that is
 * not caught inside it. A call counts as throwing unless its callee is read and cannot throw
 * itself, or `host.mayThrow` says it cannot; an `await` counts unless it awaits such a call
 * to a function that returns no value of its caller's (a promise passed in may reject); an
 * operation inside a `try` that has a `catch` does not count (the `catch` and `finally`
 * blocks do). Memoised per host and function; recursion and mutual recursion, and summaries
 * past {@link THROW_SUMMARY_LIMITS}, answer `false` (may throw), so the answer is only ever
 * too cautious. Nested functions are not read: they run when called, which is a call.
 */
export function cannotThrow(fn: FunctionLike, host: ThrowSummaryHost): boolean {
  return summarise(fn, host, 0);
}

/**
 * Whether the call-like `call` cannot throw: its callee is read and {@link cannotThrow}, or the
 * throw model says it cannot. The question a throw edge at a call asks.
 */
export function callCannotThrow(call: CallLike, host: ThrowSummaryHost): boolean {
  return callSafe(call, host, 0);
}

/**
 * Whether `new C(…)` cannot throw by the class's body: `C` is read (same file, another
 * module) and {@link classCannotThrow}. `false` when the class is not known: the throw model
 * is the caller's to ask then.
 */
export function constructionCannotThrow(call: TSESTree.NewExpression, host: ThrowSummaryHost): boolean {
  const target = host.classOf?.(call.callee) ?? null;
  return target !== null && memoised(target.cls, target.host, 1, () => classBodyCannotThrow(target.cls, target.host, 1));
}

/**
 * Whether constructing `cls` cannot throw: a value class of the project, whose constructor
 * and instance field initialisers have no throwing operation (see {@link cannotThrow}) and
 * whose superclass, if any, is read and cannot throw either. Decorators (they run code the
 * class does not show) and setters (an assignment in the constructor may run one) make it
 * "may throw". Memoised per host and class, within the same limits.
 */
export function classCannotThrow(cls: ClassLike, host: ThrowSummaryHost): boolean {
  return memoised(cls, host, 0, () => classBodyCannotThrow(cls, host, 0));
}

function memoised(node: FunctionLike | ClassLike, host: ThrowSummaryHost, depth: number, compute: () => boolean): boolean {
  let memo = memos.get(host);
  if (!memo) {
    memo = new Map();
    memos.set(host, memo);
  }
  const known = memo.get(node);
  if (known !== undefined) {
    return known;
  }
  if (depth >= THROW_SUMMARY_LIMITS.maxDepth) {
    return false;
  }
  // "May throw" while the summary is being made: a cycle ends there, on the cautious side.
  memo.set(node, false);
  const result = compute();
  memo.set(node, result);
  return result;
}

function summarise(fn: FunctionLike, host: ThrowSummaryHost, depth: number): boolean {
  return memoised(fn, host, depth, () => !fn.generator && bodyCannotThrow(fn, host, depth));
}

function classBodyCannotThrow(cls: ClassLike, host: ThrowSummaryHost, depth: number): boolean {
  if (cls.decorators.length > 0) {
    return false;
  }
  if (cls.superClass) {
    const parent = host.classOf?.(cls.superClass) ?? null;
    if (
      parent
        ? !memoised(parent.cls, parent.host, depth + 1, () => classBodyCannotThrow(parent.cls, parent.host, depth + 1))
        : host.superCannotThrow?.(cls.superClass) !== true
    ) {
      return false;
    }
  }
  let nodes = 0;
  // `super(…)` runs the superclass's constructor, read above; its arguments are read here.
  const safe = (node: TSESTree.Node, caught: boolean): boolean =>
    ++nodes <= THROW_SUMMARY_LIMITS.maxNodes &&
    (caught ||
      (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Super) ||
      operationSafe(node, host, depth));
  return cls.body.body.every((member) => {
    switch (member.type) {
      case AST_NODE_TYPES.MethodDefinition:
        if (member.kind === 'set') {
          return false;
        }
        return member.kind !== 'constructor' || member.value.body === null || walk(member.value.body, safe);
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.AccessorProperty:
        // Static fields run once where the class is defined, instance fields at every `new`;
        // a function-valued field only makes a closure.
        return (
          member.decorators.length === 0 &&
          (member.static || member.value === null || isFunctionLike(member.value) || walk(member.value, safe))
        );
      default:
        return true;
    }
  });
}

function callSafe(call: CallLike, host: ThrowSummaryHost, depth: number): boolean {
  if (call.type === AST_NODE_TYPES.NewExpression) {
    const target = host.classOf?.(call.callee) ?? null;
    return target
      ? memoised(target.cls, target.host, depth + 1, () => classBodyCannotThrow(target.cls, target.host, depth + 1))
      : !host.mayThrow(call);
  }
  const target = calleeOf(call, host);
  return target ? summarise(target.fn, target.host, depth + 1) : !host.mayThrow(call);
}

function calleeOf(call: CallLike, host: ThrowSummaryHost): { readonly fn: FunctionLike; readonly host: ThrowSummaryHost } | null {
  const callee = skipTransparentWrappers(call.type === AST_NODE_TYPES.TaggedTemplateExpression ? call.tag : call.callee);
  // `(() => { … })()`: a function written in place is read with the same host.
  if (call.type === AST_NODE_TYPES.CallExpression && isFunctionLike(callee)) {
    return { fn: callee, host };
  }
  return host.calleeOf(call);
}

/**
 * An awaited value that cannot reject: a literal, a call to a read function that cannot throw
 * and hands back none of its caller's values, or a call the throw model says cannot reject.
 */
function awaitSafe(awaited: TSESTree.AwaitExpression, host: ThrowSummaryHost, depth: number): boolean {
  const inner = skipTransparentWrappers(awaited.argument);
  if (inner.type === AST_NODE_TYPES.Literal || inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') {
    return true;
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  const target = calleeOf(inner, host);
  if (target === null) {
    return host.mayReject?.(awaited) === false;
  }
  return summarise(target.fn, target.host, depth + 1) && !returnsParameter(target.fn);
}

/** Whether some `return` of `fn` (or its expression body) gives back a parameter as it came. */
function returnsParameter(fn: FunctionLike): boolean {
  const names = new Set(fn.params.flatMap((param) => (param.type === AST_NODE_TYPES.Identifier ? [param.name] : [])));
  const isParam = (node: TSESTree.Node | null | undefined): boolean => {
    const inner = node ? skipTransparentWrappers(node) : null;
    return inner?.type === AST_NODE_TYPES.Identifier && names.has(inner.name);
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return isParam(fn.body);
  }
  let found = false;
  walk(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && isParam(node.argument)) {
      found = true;
    }
    return !found;
  });
  return found;
}

function bodyCannotThrow(fn: FunctionLike, host: ThrowSummaryHost, depth: number): boolean {
  let nodes = 0;
  // The walk stops at the first throwing operation, or when the body is too large to read.
  return walk(fn.body, (node, caught) => ++nodes <= THROW_SUMMARY_LIMITS.maxNodes && (caught || operationSafe(node, host, depth)));
}

/** Whether `node` is no throwing operation, or one that cannot throw here. */
function operationSafe(node: TSESTree.Node, host: ThrowSummaryHost, depth: number): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.YieldExpression:
      return false;
    case AST_NODE_TYPES.ForOfStatement:
      return !node.await;
    case AST_NODE_TYPES.AwaitExpression:
      return awaitSafe(node, host, depth);
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return callSafe(node, host, depth);
    default:
      return true;
  }
}

/**
 * Visits `root` depth first, outside nested functions, telling `visit` whether the node sits
 * in the `try` block of a statement with a `catch` (its throws do not leave). Stops when
 * `visit` returns `false`; returns whether the walk went through.
 */
function walk(root: TSESTree.Node, visit: (node: TSESTree.Node, caught: boolean) => boolean): boolean {
  const stack: { node: TSESTree.Node; caught: boolean }[] = [{ node: root, caught: false }];
  while (stack.length > 0) {
    const { node, caught } = stack.pop() as { node: TSESTree.Node; caught: boolean };
    if (!visit(node, caught)) {
      return false;
    }
    const children: { node: TSESTree.Node; caught: boolean }[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || value === null || typeof value !== 'object') {
        continue;
      }
      for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (child === null || typeof child !== 'object' || typeof (child as { type?: unknown }).type !== 'string') {
          continue;
        }
        const childNode = child as TSESTree.Node;
        if (isFunctionLike(childNode)) {
          continue;
        }
        const inTry = node.type === AST_NODE_TYPES.TryStatement && key === 'block' && node.handler !== null;
        children.push({ node: childNode, caught: caught || inTry });
      }
    }
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push(children[index] as { node: TSESTree.Node; caught: boolean });
    }
  }
  return true;
}
