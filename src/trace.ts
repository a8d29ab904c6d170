import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';

/**
 * The leak-path channel: the path behind a lifetime report, for hosts that can show one.
 *
 * An ESLint message carries a text and a position, nothing more; a SARIF viewer (code
 * scanning) can show the steps of a path (`codeFlows`) and the places involved
 * (`relatedLocations`). So a lifetime rule, as it reports a leak, also records the path
 * here: where the resource was acquired, the exit or throwing call that leaves it open, the
 * function's end, and the release that path skips. Records are keyed like the message
 * (file, rule, line, column), and the `leakguard` command reads them in-process
 * ({@link takeLeakPaths}) while writing SARIF.
 *
 * Recording is off unless a host turns it on ({@link collectLeakPaths}): an editor or a
 * plain `eslint` run keeps nothing, so a long-lived process does not grow. Where the rules
 * run in another process or thread (oxlint, `--concurrency`, results from `--cache`) there
 * are no records and the SARIF result has its message and location alone.
 */

type NodeLike = TSESTree.Node;

/** A place on the path, 1-based line and column as ESLint reports them (end exclusive). */
export interface PathLocation {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** One step of the leaking path. */
export interface PathStep extends PathLocation {
  readonly kind: 'acquire' | 'exit' | 'function-exit';
  readonly message: string;
}

/** The path behind one report. */
export interface LeakPath {
  readonly rule: string;
  readonly file: string;
  /** The report's position, as in the ESLint message. */
  readonly line: number;
  readonly column: number;
  /** The function the resource lives in, by name (`handler`, `Repo.save`, `(anonymous)`). */
  readonly functionName: string;
  readonly steps: readonly PathStep[];
  /** The release calls the path skips (none when the resource is never released). */
  readonly skippedReleases: readonly PathLocation[];
}

/** What a lifetime rule hands over as it reports a leak. */
export interface LeakPathInput {
  /** The node reported (the acquisition). */
  readonly node: NodeLike;
  /** The variable holding the resource, as in the message. */
  readonly name: string;
  /** The leak the message describes: its kind and the exit, throwing call or overwrite. */
  readonly leak: { readonly kind: string; readonly at: NodeLike } | undefined;
  /** The release calls the rule knows for the resource. */
  readonly releases: readonly NodeLike[];
}

/** The part of a rule context the channel reads. */
interface ContextLike {
  readonly id: string;
  readonly filename: string;
}

let enabled = false;
const paths: LeakPath[] = [];

/** Turns recording on or off for this process (the command does, for SARIF). */
export function collectLeakPaths(on: boolean): void {
  enabled = on;
  if (!on) {
    paths.length = 0;
  }
}

/** Whether recording is on: a rule may skip building the input when it is not. */
export function isCollectingLeakPaths(): boolean {
  return enabled;
}

function toLocation(node: NodeLike): PathLocation {
  return {
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column + 1,
  };
}

const functionTypes = new Set<string>([
  AST_NODE_TYPES.FunctionDeclaration,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
]);

function findFunction(node: NodeLike): NodeLike | null {
  for (let current = node.parent; current; current = current.parent) {
    if (functionTypes.has(current.type)) {
      return current;
    }
  }
  return null;
}

/** A function's name as a reader finds it: its own, its variable's, or its property's. */
function nameOf(fn: NodeLike | null): string {
  if (fn === null) {
    return '(module)';
  }
  if ('id' in fn && fn.id?.type === AST_NODE_TYPES.Identifier) {
    return fn.id.name;
  }
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id.name;
  }
  if ((parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) && parent.key.type === AST_NODE_TYPES.Identifier) {
    return parent.key.name;
  }
  return '(anonymous)';
}

/** The position of a function's end: its closing brace, or the end of an expression body. */
function endOf(fn: NodeLike | null, fallback: NodeLike): PathLocation {
  const body = fn !== null && 'body' in fn && fn.body !== null && !Array.isArray(fn.body) ? (fn.body as NodeLike) : (fn ?? fallback);
  const { line, column } = body.loc.end;
  // A block's last character is its `}`; an expression body ends where the function does.
  const start = body.type === AST_NODE_TYPES.BlockStatement ? column : column + 1;
  return { line, column: start, endLine: line, endColumn: column + 1 };
}

const exitWords: Record<string, string> = {
  throw: 'can throw here, leaving it open',
  return: 'the function returns here with it open',
  break: 'the `break` leaves with it open',
  continue: 'the `continue` goes on with it open',
  normal: 'the block ends here with it open',
  overwritten: 'it is overwritten here while open',
  abandoned: 'given up here without being settled',
  discarded: 'the value is dropped here',
};

/**
 * Records the path behind a lifetime report, when recording is on; call it right before
 * (or after) `context.report` for the leak, with the same reported node. Cheap when off.
 */
export function recordLeakPath(context: ContextLike, input: LeakPathInput): void {
  if (!enabled) {
    return;
  }
  const fn = findFunction(input.node);
  const steps: PathStep[] = [
    { kind: 'acquire', ...toLocation(input.node), message: `\`${input.name}\` is acquired here` },
  ];
  if (input.leak && input.leak.at !== input.node) {
    const words = exitWords[input.leak.kind] ?? 'the path leaves here with it open';
    steps.push({ kind: 'exit', ...toLocation(input.leak.at), message: `\`${input.name}\`: ${words}` });
  }
  steps.push({ kind: 'function-exit', ...endOf(fn, input.node), message: `\`${nameOf(fn)}\` ends without releasing \`${input.name}\`` });
  const start = toLocation(input.node);
  paths.push({
    rule: context.id,
    file: context.filename,
    line: start.line,
    column: start.column,
    functionName: nameOf(fn),
    steps,
    skippedReleases: input.releases.map(toLocation),
  });
}

/** Returns the paths recorded since the last call, and forgets them. */
export function takeLeakPaths(): LeakPath[] {
  return paths.splice(0, paths.length);
}

/** The key a path and an ESLint message share. */
export function leakPathKey(file: string, rule: string, line: number, column: number): string {
  return `${file}\u0000${rule}\u0000${String(line)}:${String(column)}`;
}
