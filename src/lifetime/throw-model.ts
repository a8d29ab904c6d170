import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { type CallSpecifier, type NonThrowingValue, nonThrowingSpecifiers, processExits } from '../models/non-throwing.js';
import { getImportBinding, getRequiredSource, getSingleInit } from '../util/imports.js';
import { searchNode } from '../util/walk.js';
import { skipTransparentWrappers } from '../util/wrappers.js';

type Variable = TSESLint.Scope.Variable;
type Resolve = (node: TSESTree.Node) => Variable | null;

/**
 * The project function a call runs, with how names resolve in its module, and the same for
 * calls made there: `logger.debugContext('db')` reaching a method that returns
 * `createDebug(…)`. `null` when the callee is not known.
 */
export type FollowCall = (call: TSESTree.CallExpression) => {
  readonly fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
  readonly resolve: Resolve;
  readonly follow: FollowCall;
} | null;

/** How many bindings and `derive` calls a factory's value is followed through. */
const MAX_VALUE_DEPTH = 6;

/** The factories of one `returns` entry: the exports whose result is `returns`. */
interface Factory {
  readonly index: SpecifierIndex;
  readonly returns: NonThrowingValue;
}

/** One list of specifiers, indexed for look-ups by callee path. */
interface SpecifierIndex {
  /** Global paths (`Date.now`), and `Math` for `Math.*`. */
  readonly lib: Set<string>;
  readonly libPrefixes: Set<string>;
  /** `package\0name` pairs. */
  readonly packages: Set<string>;
  /** Packages whose every export and member is listed (`name: '*'`). */
  readonly wholePackages: Set<string>;
  readonly methods: Set<string>;
  /** Methods that throw only what the function they are given throws (`callbacks: true`). */
  readonly callbackMethods: Set<string>;
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function indexSpecifiers(specifiers: readonly CallSpecifier[]): SpecifierIndex {
  const index: SpecifierIndex = {
    lib: new Set(),
    libPrefixes: new Set(),
    packages: new Set(),
    wholePackages: new Set(),
    methods: new Set(),
    callbackMethods: new Set(),
  };
  for (const specifier of specifiers) {
    if (specifier.from !== 'method' && specifier.returns) {
      // A factory: the call itself is not described (see ThrowModel's factories).
      continue;
    }
    for (const name of toList(specifier.name)) {
      if (specifier.from === 'lib') {
        if (name.endsWith('.*')) {
          index.libPrefixes.add(name.slice(0, -2));
        } else {
          index.lib.add(name);
        }
      } else if (specifier.from === 'method') {
        (specifier.callbacks === true ? index.callbackMethods : index.methods).add(name);
      } else {
        for (const pkg of toList(specifier.package)) {
          if (name === '*') {
            index.wholePackages.add(pkg);
          } else {
            index.packages.add(`${pkg}\0${name}`);
          }
        }
      }
    }
  }
  return index;
}

/**
 * The throw model of one configuration: the built-in data of src/models/non-throwing.ts
 * plus what `settings.leakguard.nonThrowing` adds, indexed once.
 */
export class ThrowModel {
  /** Per node: whether it cannot throw (see cannotThrow in throws.ts), worked out once. */
  readonly cache = new WeakMap<TSESTree.Node, boolean>();
  private readonly nonThrowing: SpecifierIndex;
  private readonly exits: SpecifierIndex;
  private readonly factories: readonly Factory[];

  constructor(extra: readonly CallSpecifier[] = []) {
    const all = [...nonThrowingSpecifiers, ...extra];
    this.nonThrowing = indexSpecifiers(all);
    this.exits = indexSpecifiers(processExits);
    this.factories = all.flatMap((specifier) =>
      specifier.from !== 'method' && specifier.returns
        ? [{ index: indexSpecifiers([{ ...specifier, returns: undefined }]), returns: specifier.returns }]
        : [],
    );
  }

  /**
   * Whether calling (or `new`-ing) `callee` does not throw, by the model: a listed function,
   * or a value a listed factory made (`log(…)` and `log.info(…)` after `const log =
   * createDebug('app')`).
   */
  isNonThrowingCallee(callee: TSESTree.Node, resolve: Resolve, follow?: FollowCall): boolean {
    if (matches(this.nonThrowing, callee, resolve)) {
      return true;
    }
    if (this.factories.length === 0) {
      return false;
    }
    const inner = skipTransparentWrappers(callee);
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      const name = !inner.computed && inner.property.type === AST_NODE_TYPES.Identifier ? inner.property.name : null;
      const value = name === null ? null : this.valueOf(inner.object, resolve, 0, follow);
      return name !== null && value !== null && (value.methods?.includes(name) === true || value.derive?.includes(name) === true);
    }
    return this.valueOf(inner, resolve, 0, follow)?.call === true;
  }

  /**
   * What a listed factory's result does not throw on, when `node` is that result: a call
   * of the factory (`createDebug('app')`, `require('debug')('app')`), a `derive` method of
   * such a value (`log.child({…})`), or a variable bound once to one of those.
   */
  private valueOf(node: TSESTree.Node, resolve: Resolve, depth: number, follow?: FollowCall): NonThrowingValue | null {
    if (depth > MAX_VALUE_DEPTH) {
      return null;
    }
    const inner = skipTransparentWrappers(node);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      const init = getSingleInit(resolve(inner));
      return init ? this.valueOf(init, resolve, depth + 1, follow) : null;
    }
    if (inner.type !== AST_NODE_TYPES.CallExpression) {
      return null;
    }
    const callee = skipTransparentWrappers(inner.callee);
    // `require('debug')('app')`: the package's export called where it is required.
    const required =
      callee.type === AST_NODE_TYPES.CallExpression && callee.callee.type === AST_NODE_TYPES.Identifier && !resolve(callee.callee)?.defs.length
        ? getRequiredSource(callee)
        : null;
    const factory = this.factories.find((candidate) =>
      required !== null ? candidate.index.packages.has(`${required}\0default`) : matches(candidate.index, callee, resolve),
    );
    if (factory) {
      return factory.returns;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
      const base = this.valueOf(callee.object, resolve, depth + 1, follow);
      if (base?.derive?.includes(callee.property.name) === true) {
        return base;
      }
    }
    return this.returnedValue(inner, depth, follow);
  }

  /**
   * A project function that only returns what a listed factory made is such a factory too:
   * `debugContext(name) { return createDebug(`app:${name}`); }` (sequelize's logger), read
   * in its own module. An `async` function returns a promise, never the value itself.
   */
  private returnedValue(call: TSESTree.CallExpression, depth: number, follow: FollowCall | undefined): NonThrowingValue | null {
    const target = follow?.(call);
    if (!target || target.fn.async || target.fn.generator) {
      return null;
    }
    const returned = getReturnedExpressions(target.fn);
    let value: NonThrowingValue | null = null;
    for (const expression of returned) {
      const next = this.valueOf(expression, target.resolve, depth + 1, target.follow);
      if (next === null || (value !== null && next !== value)) {
        return null;
      }
      value = next;
    }
    return value;
  }

  /**
   * Whether `callee` is a method that throws only what the callback it is given throws
   * (`rows.forEach(…)`, `items.map(…)`): the caller reads the callback.
   */
  runsOnlyCallbacks(callee: TSESTree.Node): boolean {
    const inner = skipTransparentWrappers(callee);
    return (
      inner.type === AST_NODE_TYPES.MemberExpression &&
      !inner.computed &&
      inner.property.type === AST_NODE_TYPES.Identifier &&
      this.nonThrowing.callbackMethods.has(inner.property.name)
    );
  }

  /** Whether calling `callee` ends the process (`process.exit()`). */
  isExit(callee: TSESTree.Node, resolve: Resolve): boolean {
    return matches(this.exits, callee, resolve);
  }
}

/** What a function returns: its expression body, or each `return`'s argument outside nested functions; empty if a `return` has none. */
export function getReturnedExpressions(fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return [fn.body];
  }
  const returned: TSESTree.Node[] = [];
  // A bare `return` gives back `undefined`, which no factory made.
  const found = searchNode(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.ReturnStatement) {
        return false;
      }
      if (node.argument) {
        returned.push(node.argument);
      }
      return node.argument === null;
    },
    { limit: 1000 },
  );
  return found.node !== null || found.exhausted ? [] : returned;
}

/** `a.b.c` as `['a', 'b', 'c']` with the root identifier; `null` for computed or other shapes. */
function getPath(node: TSESTree.Node): { root: TSESTree.Identifier; path: string[] } | null {
  const inner = skipTransparentWrappers(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return { root: inner, path: [inner.name] };
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed && inner.property.type === AST_NODE_TYPES.Identifier) {
    const object = getPath(inner.object);
    return object ? { root: object.root, path: [...object.path, inner.property.name] } : null;
  }
  return null;
}

function matches(index: SpecifierIndex, callee: TSESTree.Node, resolve: Resolve): boolean {
  const inner = skipTransparentWrappers(callee);
  if (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    !inner.computed &&
    inner.property.type === AST_NODE_TYPES.Identifier &&
    index.methods.has(inner.property.name)
  ) {
    return true;
  }
  const found = getPath(inner);
  if (!found) {
    return false;
  }
  const variable = resolve(found.root);
  if (variable === null || variable.defs.length === 0) {
    // A global no declaration shadows.
    const full = found.path.join('.');
    return index.lib.has(full) || (found.path.length > 1 && index.libPrefixes.has(found.path.slice(0, -1).join('.')));
  }
  const binding = getImportBinding(variable);
  if (!binding) {
    return false;
  }
  if (index.wholePackages.has(binding.source)) {
    return true;
  }
  const rest = found.path.slice(1);
  const whole = binding.imported === '*' || binding.imported === 'default';
  if (!whole) {
    // `import { Transform } from 'stream'`: the export; with `name: 'Logger.*'`, the
    // members of it (`Logger.log(…)`).
    return rest.length === 0
      ? index.packages.has(`${binding.source}\0${binding.imported}`)
      : rest.length === 1 && index.packages.has(`${binding.source}\0${binding.imported}.*`);
  }
  if (rest.length === 1) {
    // `_.uniqueId()` on the module object.
    return index.packages.has(`${binding.source}\0${rest[0] ?? ''}`);
  }
  if (rest.length === 0) {
    // `require('lodash/uniqueId')`, or a default export called as it is.
    if (index.packages.has(`${binding.source}\0default`)) {
      return true;
    }
    const slash = binding.source.lastIndexOf('/');
    return slash > 0 && index.packages.has(`${binding.source.slice(0, slash)}\0${binding.source.slice(slash + 1)}`);
  }
  return false;
}

const models = new WeakMap<readonly CallSpecifier[], ThrowModel>();
const builtin = new ThrowModel();

/** The throw model for the user's additions (`settings.leakguard.nonThrowing`), built once per list. */
export function getThrowModel(extra: readonly CallSpecifier[]): ThrowModel {
  if (extra.length === 0) {
    return builtin;
  }
  let model = models.get(extra);
  if (!model) {
    model = new ThrowModel(extra);
    models.set(extra, model);
  }
  return model;
}
