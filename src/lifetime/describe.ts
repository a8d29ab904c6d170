import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { isLoopNode } from '../flow/syntax.js';
import { getLiteralText } from './methods.js';
import type { Leak } from './domain.js';
import type { Site } from './site.js';
import { skipListenerCalls, skipTransparentWrappers } from '../util/wrappers.js';

/** Messages of `no-leaked-connection`: each names the variable, what it is, and the exit. */
export const leakMessages = {
  leakOnReturn: '`{{name}}` ({{what}}) is not released {{exit}}. Release it before that, or in a `finally` block.',
  leakOnThrow: '`{{name}}` ({{what}}) is not released {{exit}}. Release it in a `finally` block.',
  leakOnThrowReturned:
    '`{{name}}` ({{what}}) is not released {{exit}}. The function returns it, so release it in a `catch` block and rethrow; a `finally` would release it for the caller too.',
  leakOnBreak: '`{{name}}` ({{what}}) is not released {{exit}}. Release it before leaving, or in a `finally` block.',
  leakOnContinue:
    '`{{name}}` ({{what}}) is not released {{exit}}, and the next iteration acquires another. Release it before continuing, or in a `finally` block.',
  leakAtEnd: '`{{name}}` ({{what}}) is not released {{exit}}. Release it on every path, or in a `finally` block.',
  neverReleased: '`{{name}}` ({{what}}) is never released. Call `{{release}}` in a `finally` block.',
  overwritten:
    '`{{name}}` ({{what}}) is overwritten {{exit}} while still open, so it is never released. Release it before reassigning.',
  discarded: 'The {{what}} is discarded without being released. Keep it in a variable and release it in a `finally` block.',
  abandoned: '`{{name}}` ({{what}}) is given up by `{{call}}` on line {{line}} without being released.',
} as const;

/** Messages of `no-leaked-cursor`. */
export const cursorMessages = {
  leakOnReturn:
    '`{{name}}` ({{what}}) is not closed {{exit}}. Close it before that, or in a `finally` block.',
  leakOnThrow:
    '`{{name}}` ({{what}}) is not closed {{exit}}. Close it in a `finally` block.',
  leakOnThrowReturned:
    '`{{name}}` ({{what}}) is not closed {{exit}}. The function returns it, so close it in a `catch` block and rethrow; a `finally` would close it for the caller too.',
  leakOnBreak:
    '`{{name}}` ({{what}}) is not closed {{exit}}. Close it before leaving, or in a `finally` block.',
  leakOnContinue:
    '`{{name}}` ({{what}}) is not closed {{exit}}, and the next iteration opens another. Close it before continuing, or in a `finally` block.',
  leakAtEnd:
    '`{{name}}` ({{what}}) is not closed {{exit}}. Close it on every path, or in a `finally` block.',
  neverReleased:
    '`{{name}}` ({{what}}) is never closed or read to the end. Call `{{release}}` in a `finally` block.',
  overwritten:
    '`{{name}}` ({{what}}) is overwritten {{exit}} while still open, so it is never closed. Close it before reassigning.',
  discarded: 'The {{what}} is discarded without being closed or read to the end.',
  abandoned: '`{{name}}` ({{what}}) is given up by `{{call}}` on line {{line}} without being closed.',
} as const;

/** Messages of `no-unsettled-transaction`. */
export const transactionMessages = {
  leakOnReturn:
    '`{{name}}` ({{what}}) is neither committed nor rolled back {{exit}}. Commit or roll it back before that.',
  leakOnThrow:
    '`{{name}}` ({{what}}) is not rolled back {{exit}}. Roll it back in a `catch` block, so its locks are not held until the connection dies.',
  leakOnThrowReturned:
    '`{{name}}` ({{what}}) is not rolled back {{exit}}. The function returns it, so roll it back in a `catch` block and rethrow.',
  leakOnBreak: '`{{name}}` ({{what}}) is neither committed nor rolled back {{exit}}. Commit or roll it back before leaving.',
  leakOnContinue:
    '`{{name}}` ({{what}}) is neither committed nor rolled back {{exit}}, and the next iteration begins another. Settle it before continuing.',
  leakAtEnd: '`{{name}}` ({{what}}) is neither committed nor rolled back {{exit}}. Commit or roll it back on every path.',
  neverReleased:
    '`{{name}}` ({{what}}) is never committed or rolled back. Call `{{release}}` on success and roll back in a `catch` block.',
  overwritten:
    '`{{name}}` ({{what}}) is overwritten {{exit}} while still open, so it is never settled. Commit or roll it back first.',
  discarded: 'The {{what}} is discarded without being committed or rolled back.',
  abandoned:
    '`{{name}}` ({{what}}) is still open when `{{call}}` on line {{line}} gives up the connection, so the next user of the connection inherits the transaction. Commit or roll it back before that.',
} as const;

/** The message ids of the lifetime rules' leak reports. */
export type LeakMessageId = keyof typeof leakMessages;

/** A report ready for `context.report`. */
export interface LeakDescription {
  readonly messageId: LeakMessageId;
  readonly data: Record<string, string>;
}

function line(node: TSESTree.Node): string {
  return String(node.loc.start.line);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/** Names what threw: `client.query(…)`, `new Cursor(…)`, the `throw`. */
function describeThrow(node: TSESTree.Node, getText: (node: TSESTree.Node) => string): string {
  const inner = skipTransparentWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.ThrowStatement:
      return `on the \`throw\` on line ${line(inner)}`;
    case AST_NODE_TYPES.AwaitExpression:
      // `await client.query(…)` rejecting reads the same as the call throwing.
      return describeThrow(inner.argument, getText);
    case AST_NODE_TYPES.CallExpression:
      return `if \`${shorten(getText(inner.callee))}(…)\` on line ${line(inner)} throws`;
    case AST_NODE_TYPES.NewExpression:
      return `if \`new ${shorten(getText(inner.callee))}(…)\` on line ${line(inner)} throws`;
    case AST_NODE_TYPES.TaggedTemplateExpression:
      // `` reserved`select 1` `` would nest backticks: name the tag.
      return `if the template tagged \`${shorten(getText(inner.tag))}\` on line ${line(inner)} throws`;
    case AST_NODE_TYPES.ForOfStatement:
      return `if the \`for await\` iteration on line ${line(inner)} throws`;
    case AST_NODE_TYPES.YieldExpression:
      return `if the consumer throws into the \`yield\` on line ${line(inner)}`;
    default:
      return `if \`${shorten(getText(inner))}\` on line ${line(inner)} throws`;
  }
}

function describeReturn(node: TSESTree.Node): string {
  if (node.type === AST_NODE_TYPES.YieldExpression) {
    return `if the consumer stops at the \`yield\` on line ${line(node)}`;
  }
  if (node.type === AST_NODE_TYPES.ReturnStatement) {
    return `on the \`return\` on line ${line(node)}`;
  }
  return `when the function returns on line ${line(node)}`;
}

/** Where a path falls off the end of a block: its closing line. */
function describeEnd(node: TSESTree.Node): string {
  const endLine = String(node.loc.end.line);
  const parent = node.parent;
  let what = 'the block';
  if (parent && (parent.type === AST_NODE_TYPES.FunctionDeclaration || parent.type === AST_NODE_TYPES.FunctionExpression || parent.type === AST_NODE_TYPES.ArrowFunctionExpression)) {
    what = 'the function';
  } else if (isLoopNode(parent)) {
    what = 'the loop body';
  }
  return `on the path that reaches the end of ${what} on line ${endLine}`;
}

function isImplicitThrow(leak: Leak): boolean {
  return leak.kind === 'throw' && leak.at.type !== AST_NODE_TYPES.ThrowStatement;
}

/**
 * The leak a report describes: the first explicit leaking exit in source order, else the
 * first call that may throw. The report's path (src/trace.ts) follows the same leak.
 */
export function pickReportedLeak(leaks: readonly Leak[]): Leak | undefined {
  // Name an exit someone wrote (a `return`, `break`, `throw`, the end of a block) before
  // an exception from a call: it is the path a reader can see, and the one a `finally`
  // is least obviously needed for. Among exceptions, an awaited one (I/O that fails at run
  // time) before a synchronous call (`util.promisify(fn)`, which hardly ever throws).
  return (
    leaks.find((leak) => !isImplicitThrow(leak)) ??
    leaks.find((leak) => leak.at.type === AST_NODE_TYPES.AwaitExpression || leak.at.parent?.type === AST_NODE_TYPES.AwaitExpression) ??
    leaks[0]
  );
}

/**
 * Turns the leaks of one site into one report: the leak {@link pickReportedLeak} picks,
 * or "never released" when no path releases or hands on the resource at all.
 */
export function describeLeak(
  site: Site,
  leaks: readonly Leak[],
  settled: boolean,
  getText: (node: TSESTree.Node) => string,
  /** Some path returns the resource: the advice is a `catch` that rethrows, not a `finally`. */
  returned = false,
): LeakDescription | null {
  const first = pickReportedLeak(leaks);
  if (!first) {
    return null;
  }
  const base = { name: site.name, what: site.what };
  if (first.kind === 'discarded') {
    return { messageId: 'discarded', data: base };
  }
  if (first.kind === 'abandoned') {
    return { messageId: 'abandoned', data: { ...base, call: shorten(getText(first.at)), line: line(first.at) } };
  }
  if (!settled && first.kind !== 'overwritten') {
    const release = site.releaseCall.startsWith('.') ? `${site.name}${site.releaseCall}` : site.releaseCall;
    return { messageId: 'neverReleased', data: { ...base, release: release || 'release' } };
  }
  switch (first.kind) {
    case 'return':
      return { messageId: 'leakOnReturn', data: { ...base, exit: describeReturn(first.at) } };
    case 'throw':
      return {
        messageId: returned ? 'leakOnThrowReturned' : 'leakOnThrow',
        data: { ...base, exit: describeThrow(first.at, getText) },
      };
    case 'break':
      return { messageId: 'leakOnBreak', data: { ...base, exit: `on the \`break\` on line ${line(first.at)}` } };
    case 'continue':
      return { messageId: 'leakOnContinue', data: { ...base, exit: `on the \`continue\` on line ${line(first.at)}` } };
    case 'overwritten':
      return { messageId: 'overwritten', data: { ...base, exit: `on line ${line(first.at)}` } };
    case 'normal':
      return { messageId: 'leakAtEnd', data: { ...base, exit: describeEnd(first.at) } };
  }
}

/** How a call reads in a message: its callee, shortened, with the telling argument if asked. */
export function describeCall(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  sourceText: (node: TSESTree.Node) => string,
  withArgument = false,
): string {
  // A chain written over several lines reads as one: `db\n  .collection(…)` → `db.collection(…)`.
  // Listener registrations return the emitter: `client.on('error', f).connect()` → `client.connect()`.
  const callee = skipTransparentWrappers(call.callee);
  let written = sourceText(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && skipListenerCalls(callee.object) !== skipTransparentWrappers(callee.object)) {
    written = `${sourceText(skipListenerCalls(callee.object))}.${sourceText(callee.property)}`;
  }
  const text = written.replace(/\s*\n\s*(?=\??\.)/g, '').replace(/\s+/g, ' ');
  const prefix = call.type === AST_NODE_TYPES.NewExpression ? 'new ' : '';
  const argument = withArgument ? describeArgument(call.arguments[0], sourceText) : '';
  return `\`${prefix}${text.length > 40 ? `…${text.slice(-39)}` : text}(${argument})\``;
}

/** The argument that made a call an acquisition: `'BEGIN'`, `new Cursor(…)`. */
function describeArgument(argument: TSESTree.Node | undefined, sourceText: (node: TSESTree.Node) => string): string {
  const statement = getLiteralText(argument);
  if (statement !== null) {
    return statement.length <= 30 ? `'${statement.trim()}'` : '';
  }
  const inner = argument ? skipTransparentWrappers(argument) : null;
  return inner?.type === AST_NODE_TYPES.NewExpression ? `new ${sourceText(inner.callee)}(…)` : '';
}
