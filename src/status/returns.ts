import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { type FunctionLike, getFunctionName, isFunctionLike } from '../util/functions.js';
import type { Variable } from '../util/imports.js';
import { searchNode } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { HelperReturns, InitReader } from './body.js';
import type { StatusScope } from './scope.js';

/**
 * A function in another module, found from a call in the linted file, with the name
 * resolution of the module it lives in (its identifiers are not the linted file's).
 */
export interface ForeignFunction {
  readonly fn: FunctionLike;
  readonly resolve: (identifier: TSESTree.Identifier) => Variable | null;
}

/**
 * Finds the function a call reaches through an import (`resReturn(…)` imported from
 * `./commons`), or `null`. Supplied by whoever can read other modules (the cross-module
 * summaries); without one, only same-file helpers are read.
 */
export type ImportedFunctionLookup = (call: TSESTree.CallExpression) => ForeignFunction | null;

/** Nodes visited at most when listing a helper's returns; a bigger helper is left unread, and says so. */
const MAX_HELPER_NODES = 2000;

/**
 * Summaries of what helpers return, for the body reader: `ctx.body = resReturn(null, 401,
 * e.message)` sends what `resReturn` returns for those arguments. A summary is the list of
 * the helper's returned expressions (a value per `return`, the expression of an arrow, and
 * "nothing" where the body can end without one), read later with the call's arguments in
 * place of the parameters. One summary per function, made once per file; the reader bounds
 * how deep helpers are followed into helpers, so a recursive helper costs a few reads.
 */
export class ReturnSummaries implements InitReader {
  private readonly summaries = new Map<FunctionLike, HelperReturns | null>();

  constructor(
    private readonly scope: StatusScope,
    private readonly imported: ImportedFunctionLookup | null = null,
  ) {}

  getInit(identifier: TSESTree.Identifier): TSESTree.Expression | null {
    return this.scope.getInit(identifier);
  }

  /** What the function `call` reaches returns: a same-file function, else one an import leads to. */
  getHelper(call: TSESTree.CallExpression, within: HelperReturns | null): HelperReturns | null {
    const callee = skipTransparentWrappers(call.callee);
    // Inside a helper from another module, names resolve in that module.
    if (within?.foreign === true) {
      const fn = callee.type === AST_NODE_TYPES.Identifier ? resolveForeignFunction(callee, within.resolve) : null;
      return fn ? this.summarise(fn, within.resolve, true) : null;
    }
    const local = this.scope.resolveFunction(callee);
    if (local) {
      return this.summarise(local, (identifier) => this.scope.resolve(identifier), false);
    }
    const foreign = this.imported?.(call) ?? null;
    return foreign ? this.summarise(foreign.fn, foreign.resolve, true) : null;
  }

  private summarise(fn: FunctionLike, resolve: (identifier: TSESTree.Identifier) => Variable | null, foreign: boolean): HelperReturns | null {
    if (this.summaries.has(fn)) {
      return this.summaries.get(fn) ?? null;
    }
    const summary = makeSummary(fn, resolve, foreign, (detail) => {
      this.scope.giveUp(fn, detail);
    });
    this.summaries.set(fn, summary);
    return summary;
  }
}

/** A function declaration or a `const f = (…) => …` of another module, by its name there. */
function resolveForeignFunction(identifier: TSESTree.Identifier, resolve: (identifier: TSESTree.Identifier) => Variable | null): FunctionLike | null {
  const definitions = resolve(identifier)?.defs ?? [];
  const definition = definitions[0];
  if (definition?.type === DefinitionType.FunctionName) {
    // An overloaded function is defined by its signatures first (bodiless `TSDeclareFunction`s):
    // what it returns is read in the implementation, the one with a body.
    const implementation = definitions.find((candidate) => isFunctionLike(candidate.node));
    return implementation ? (implementation.node as FunctionLike) : null;
  }
  const init = definition?.type === DefinitionType.Variable ? definition.node.init : null;
  const inner = init ? skipTransparentWrappers(init) : null;
  return inner && (inner.type === AST_NODE_TYPES.ArrowFunctionExpression || inner.type === AST_NODE_TYPES.FunctionExpression) ? inner : null;
}

function makeSummary(
  fn: FunctionLike,
  resolve: (identifier: TSESTree.Identifier) => Variable | null,
  foreign: boolean,
  giveUp: (detail: string) => void,
): HelperReturns | null {
  const name = getFunctionName(fn) ?? 'a helper';
  const returns: (TSESTree.Expression | null)[] = [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    returns.push(fn.body);
  } else {
    const search = searchNode(
      fn.body,
      (node) => {
        if (node.type === AST_NODE_TYPES.ReturnStatement) {
          returns.push(node.argument);
        }
        return false;
      },
      { limit: MAX_HELPER_NODES },
    );
    if (search.exhausted) {
      giveUp(`what \`${name}\` returns: more than ${String(MAX_HELPER_NODES)} nodes`);
      return null;
    }
    const last = fn.body.body.at(-1);
    // The body can end without a value: that path returns nothing.
    if (last?.type !== AST_NODE_TYPES.ReturnStatement && last?.type !== AST_NODE_TYPES.ThrowStatement) {
      returns.push(null);
    }
  }
  return returns.length === 0 ? null : describeHelper(fn, resolve, foreign, returns);
}

/**
 * A helper as the body reader binds it: its parameters stand for a call's arguments, its
 * other names resolve where it lives. `returns` is what it returns, where that is asked.
 */
export function describeHelper(
  fn: FunctionLike,
  resolve: (identifier: TSESTree.Identifier) => Variable | null,
  foreign: boolean,
  returns: readonly (TSESTree.Expression | null)[] = [],
): HelperReturns {
  return {
    fn,
    name: getFunctionName(fn) ?? 'a helper',
    returns,
    foreign,
    resolve,
    paramIndex: (identifier) => getBoundParam(fn, resolve(identifier)),
    getInit: (identifier) => {
      const definition = resolve(identifier)?.defs[0];
      return definition?.type === DefinitionType.Variable ? definition.node.init : null;
    },
  };
}

/**
 * The index of the parameter of `fn` a variable is, when the argument passed there is what
 * it holds: never written, or written only to give it a default (`num = num || 0`).
 */
function getBoundParam(fn: FunctionLike, variable: Variable | null): number {
  const definition = variable?.defs[0];
  if (!variable || definition?.type !== DefinitionType.Parameter || definition.node !== fn) {
    return -1;
  }
  const index = fn.params.findIndex((param) => {
    const inner = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    return inner.type === AST_NODE_TYPES.Identifier && inner.name === variable.name;
  });
  const writesKeepArgument = variable.references.every((reference) => {
    if (!reference.isWrite() || reference.init === true) {
      return true;
    }
    const write = reference.identifier.parent;
    if (write.type !== AST_NODE_TYPES.AssignmentExpression) {
      return false;
    }
    if (['||=', '??='].includes(write.operator)) {
      return true;
    }
    const value = skipTransparentWrappers(write.right);
    return (
      write.operator === '=' &&
      value.type === AST_NODE_TYPES.LogicalExpression &&
      skipTransparentWrappers(value.left).type === AST_NODE_TYPES.Identifier &&
      (skipTransparentWrappers(value.left) as TSESTree.Identifier).name === variable.name
    );
  });
  return writesKeepArgument ? index : -1;
}
