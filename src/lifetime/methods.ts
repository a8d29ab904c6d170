import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { MethodPattern } from '../models/index.js';
import { compilePattern } from '../util/patterns.js';
import { isTransparentWrapper } from '../util/wrappers.js';

export { compilePattern } from '../util/patterns.js';

interface Condition {
  readonly firstArgument: RegExp | null;
  readonly noArguments: boolean;
  readonly then: string | null;
}

/** The text of a string literal or a template without expressions; `null` otherwise. */
export function getLiteralText(node: TSESTree.Node | undefined): string | null {
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') {
    return node.value;
  }
  if (node?.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join('');
  }
  return null;
}

/**
 * A set of method patterns (see MethodPattern), looked up by name first so a call that
 * cannot match costs one map lookup.
 */
export class MethodSet {
  private readonly byName = new Map<string, Condition[]>();
  /** The first pattern, written as a call for messages and fixes (`.query('ROLLBACK')`). */
  readonly firstCall: string | null;
  /** The patterns as text: sets with the same signature match the same calls. */
  readonly signature: string;

  constructor(patterns: Iterable<MethodPattern>) {
    let firstCall: string | null = null;
    const signature: string[] = [];
    for (const pattern of patterns) {
      signature.push(JSON.stringify(pattern, (_key, value: unknown) => (value instanceof RegExp ? value.source : value)));
      const method = typeof pattern === 'string' ? pattern : pattern.method;
      const condition: Condition =
        typeof pattern === 'string'
          ? { firstArgument: null, noArguments: false, then: null }
          : {
              firstArgument: pattern.firstArgument === undefined ? null : compilePattern(pattern.firstArgument),
              noArguments: pattern.noArguments === true,
              then: pattern.then ?? null,
            };
      const list = this.byName.get(method) ?? [];
      list.push(condition);
      this.byName.set(method, list);
      firstCall ??= `.${method}(${condition.firstArgument ? `'${exampleArgument(condition.firstArgument)}'` : ''})${condition.then === null ? '' : `.${condition.then}()`}`;
    }
    this.firstCall = firstCall;
    this.signature = signature.join(',');
  }

  get size(): number {
    return this.byName.size;
  }

  /** The method names, for cache keys. */
  get key(): string {
    return [...this.byName.keys()].join(',');
  }

  /** Whether some pattern has this method name (its argument conditions aside). */
  hasName(name: string): boolean {
    return this.byName.has(name);
  }

  /** Whether `call`, a call of method `name`, matches one of the patterns. */
  matches(call: TSESTree.CallExpression | TSESTree.NewExpression, name: string): boolean {
    const conditions = this.byName.get(name);
    if (!conditions) {
      return false;
    }
    return conditions.some((condition) => {
      if (condition.noArguments && call.arguments.length > 0) {
        return false;
      }
      if (condition.then !== null && getThenCall(call, condition.then) === null) {
        return false;
      }
      if (condition.firstArgument) {
        const text = getLiteralText(call.arguments[0]);
        return text !== null && condition.firstArgument.test(text);
      }
      return true;
    });
  }

  /** Whether every pattern of the method `name` is unconditional. */
  isPlain(name: string): boolean {
    return this.byName.get(name)?.every((c) => !c.firstArgument && !c.noArguments && c.then === null) === true;
  }
}

/** A word a statement pattern accepts, for messages: `ROLLBACK` from `^\s*(ROLLBACK|…)`. */
function exampleArgument(pattern: RegExp): string {
  const word = /[A-Z][A-Z ]+[A-Z]/.exec(pattern.source);
  return word ? word[0] : '…';
}

/**
 * The call of `method` on the result of `call` (`.execute()` of `trx.commit().execute()`,
 * also through transparent wrappers and `?.`); `null` if the result is used otherwise.
 */
export function getThenCall(call: TSESTree.Node, method: string): TSESTree.CallExpression | null {
  let node: TSESTree.Node = call;
  while (node.parent && isTransparentWrapper(node.parent)) {
    node = node.parent;
  }
  const member = node.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node || member.computed) {
    return null;
  }
  if (member.property.type !== AST_NODE_TYPES.Identifier || member.property.name !== method) {
    return null;
  }
  const outer = member.parent;
  return outer.type === AST_NODE_TYPES.CallExpression && outer.callee === member ? outer : null;
}
