import { isAbsolute } from 'node:path';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { recordGiveUp } from '../debug.js';
import { getPropertyName } from '../flow/syntax.js';
import { getImportBinding, getRequiredSource } from '../util/imports.js';
import { getVariableResolver, type ModuleLookup } from '../summaries/callee.js';
import { getModuleTable } from '../summaries/exports.js';
import { FileProbe } from '../summaries/files.js';
import { getModuleThisPackage } from './module-this.js';
import type { ParsedModule } from '../summaries/modules.js';
import type { Binding } from '../summaries/table.js';
import { findCalledFunction, findClassField, findClassFieldValues, findEnclosingClass, findSuperClass, getReturnedValues } from './classes.js';
import {
  getProgramCalls,
  getCalleeName,
  getDeclaredType,
  getPromisedType,
  getPatternPath,
  getProgram,
  getTypeNames,
  getTypeQueries,
  isClassNode,
  isProjectSpecifier,
  unwrapParameter,
} from './syntax.js';
import { climbTransparentWrappers, skipAwaitAndWrappers } from '../util/wrappers.js';
import { type Budget, type Origin, type Place, TRACE_LIMITS } from './origins.js';

type Variable = TSESLint.Scope.Variable;

export { type Origin, type Place, TRACE_LIMITS } from './origins.js';

const INSTALLED = /[\\/]node_modules[\\/]/;

/**
 * Follows a value back to where it is made, across aliases and destructuring, class fields
 * (of the class and its superclasses in view), module exports and parameters whose call
 * sites are in the same file. Reads other modules through the summaries' lookup (same
 * parse cache and budgets) and never enters a package's own sources.
 */
export class Tracer {
  private readonly places = new WeakMap<ParsedModule, Place>();
  private readonly probe = new FileProbe();

  constructor(
    private readonly lookup: ModuleLookup | null,
    private readonly linted: Place,
  ) {}

  /** Resolves identifiers of the file this tracer starts in. */
  readonly resolveLinted = (identifier: TSESTree.Identifier): Variable | null => this.linted.resolve(identifier);

  /** Where `node` (in `place`) comes from; an empty list when nothing could be followed. */
  trace(node: TSESTree.Node, place: Place = this.linted): Origin[] {
    const budget: Budget = { steps: TRACE_LIMITS.maxSteps, seen: new Set(), exhausted: false };
    const origins = this.value(node, place, budget);
    if (budget.exhausted) {
      this.giveUp(node, `its provenance has more than ${TRACE_LIMITS.maxSteps} links; the rest was not followed`);
    }
    if (origins.length > TRACE_LIMITS.maxOrigins) {
      this.giveUp(node, `it may come from more than ${TRACE_LIMITS.maxOrigins} places; the first ones decide`);
    }
    return origins.slice(0, TRACE_LIMITS.maxOrigins);
  }

  /** The place of another module. */
  placeOf(module: ParsedModule | null): Place {
    if (!module) {
      return this.linted;
    }
    let place = this.places.get(module);
    if (!place) {
      place = { module, resolve: getVariableResolver(module.scopeManager) };
      this.places.set(module, place);
    }
    return place;
  }

  private value(node: TSESTree.Node, place: Place, budget: Budget): Origin[] {
    const inner = skipAwaitAndWrappers(node);
    if (budget.seen.has(inner)) {
      return [];
    }
    if (budget.steps <= 0) {
      budget.exhausted = true;
      return [];
    }
    budget.steps -= 1;
    budget.seen.add(inner);
    switch (inner.type) {
      case AST_NODE_TYPES.Identifier:
        return this.identifier(inner, place, budget);
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(inner);
        return name === null ? [] : this.member(inner.object, name, place, budget);
      }
      case AST_NODE_TYPES.LogicalExpression:
        return [...this.value(inner.left, place, budget), ...this.value(inner.right, place, budget)];
      case AST_NODE_TYPES.ConditionalExpression:
        return [...this.value(inner.consequent, place, budget), ...this.value(inner.alternate, place, budget)];
      case AST_NODE_TYPES.CallExpression: {
        const specifier = getRequiredSource(inner);
        if (specifier !== null) {
          return this.module(specifier, null, place, budget);
        }
        const returned = this.returned(inner, place, budget);
        return returned.length > 0 ? returned : [{ kind: 'expression', node: inner, place }];
      }
      case AST_NODE_TYPES.ThisExpression:
        return this.moduleThis(inner, place);
      case AST_NODE_TYPES.Literal:
        // `this.pool = null` until `init()` runs: says nothing of what the field holds later.
        return inner.value === null ? [] : [{ kind: 'expression', node: inner, place }];
      default:
        return [{ kind: 'expression', node: inner, place }];
    }
  }

  /** `this` as the module object of a package's entry: the package (module-this.ts). */
  private moduleThis(node: TSESTree.ThisExpression, place: Place): Origin[] {
    const path = place.module?.path ?? this.lookup?.file;
    const name = path === undefined ? null : getModuleThisPackage(node, path, place.resolve, this.probe);
    return name === null ? [] : [{ kind: 'package', source: name, member: null }];
  }

  /** What `this.getClient()` / `getPool()` of the file gives back: declared type, else its `return`s. */
  private returned(call: TSESTree.CallExpression, place: Place, budget: Budget): Origin[] {
    const fn = findCalledFunction(call, place.resolve);
    if (!fn) {
      return [];
    }
    // An `async` function's result is a promise of its `return` values: they are the value only
    // where the call is awaited (`const client = await this.getClient()`), and its declared
    // `Promise<Client>` then says `Client`.
    const awaited = climbTransparentWrappers(call).parent?.type === AST_NODE_TYPES.AwaitExpression;
    if (fn.async && !awaited) {
      return [];
    }
    const type = fn.returnType ? (fn.async ? getPromisedType(fn.returnType.typeAnnotation) : fn.returnType.typeAnnotation) : null;
    const declared = type ? getTypeNames(type).flatMap((name) => this.typeName(name, place, budget)) : [];
    return declared.length > 0 ? declared : getReturnedValues(fn, awaited).flatMap((value) => this.value(value, place, budget));
  }

  private identifier(node: TSESTree.Identifier, place: Place, budget: Budget): Origin[] {
    if (node.name === 'undefined') {
      return [];
    }
    const variable = place.resolve(node);
    if (!variable || variable.defs.length === 0) {
      return [{ kind: 'name', name: node.name }];
    }
    const binding = getImportBinding(variable);
    if (binding) {
      return this.module(binding.source, binding.imported === '*' ? null : binding.imported, place, budget);
    }
    const definition = variable.defs[0];
    if (!definition) {
      return [];
    }
    switch (definition.type) {
      case DefinitionType.Parameter:
        return definition.name.type === AST_NODE_TYPES.Identifier
          ? this.parameter(definition.name, definition.node, place, budget)
          : [{ kind: 'name', name: node.name }];
      case DefinitionType.ClassName:
      case DefinitionType.FunctionName:
        return [{ kind: 'expression', node: definition.node, place }];
      case DefinitionType.Variable: {
        const declarator = definition.node;
        const declared = this.declared(declarator.id, place, budget);
        if (declared.length > 0) {
          return declared;
        }
        if (declarator.id.type !== AST_NODE_TYPES.Identifier) {
          // `const { pool } = ctx`, `const { db: { pool } } = app`: members of the initialiser.
          const path = getPatternPath(declarator.id, variable.name);
          return declarator.init && path ? this.path(declarator.init, path, place, budget) : [];
        }
        const origins: Origin[] = [];
        for (const reference of variable.references) {
          if (reference.writeExpr) {
            origins.push(...this.value(reference.writeExpr, place, budget));
          }
        }
        return origins.length > 0 ? origins : [{ kind: 'name', name: node.name }];
      }
      default:
        return [{ kind: 'name', name: node.name }];
    }
  }

  private path(node: TSESTree.Node, path: readonly string[], place: Place, budget: Budget): Origin[] {
    const [first, ...rest] = path;
    if (first === undefined) {
      return this.value(node, place, budget);
    }
    if (rest.length === 0) {
      return this.member(node, first, place, budget);
    }
    return this.member(node, first, place, budget).flatMap((origin) =>
      origin.kind === 'expression' ? this.path(origin.node, rest, origin.place, budget) : [],
    );
  }

  /** `object.name`: a class field, an export, an object literal's property, a package's export. */
  private member(object: TSESTree.Node, name: string, place: Place, budget: Budget): Origin[] {
    const inner = skipAwaitAndWrappers(object);
    if (inner.type === AST_NODE_TYPES.ThisExpression) {
      const found = findEnclosingClass(inner);
      return found ? this.field(found, name, place, budget) : [{ kind: 'name', name }];
    }
    const origins: Origin[] = [];
    for (const origin of this.value(inner, place, budget)) {
      origins.push(...this.memberOfOrigin(origin, name, budget));
    }
    return origins.length > 0 ? origins : [{ kind: 'name', name }];
  }

  private memberOfOrigin(origin: Origin, name: string, budget: Budget): Origin[] {
    if (origin.kind === 'package') {
      // `pg.Pool` of `require('pg')`, of `import * as pg` and of `import pg from 'pg'` alike.
      return origin.member === null || origin.member === 'default' ? [{ kind: 'package', source: origin.source, member: name }] : [];
    }
    if (origin.kind === 'name' || origin.kind === 'typed') {
      return [];
    }
    const { node, place } = origin;
    if (node.type === AST_NODE_TYPES.ObjectExpression) {
      return this.property(node, name, place, budget);
    }
    if (node.type === AST_NODE_TYPES.Program) {
      // A module's namespace (`import * as db`, `require('./db')` of ESM exports).
      return this.exported(place, name, budget);
    }
    if (node.type === AST_NODE_TYPES.NewExpression) {
      // `const db = new Database(); db.pool.connect()`: the field of a class in view.
      const classes = this.value(node.callee, place, budget);
      return classes.flatMap((created) =>
        created.kind === 'expression' && isClassNode(created.node) ? this.field(created.node, name, created.place, budget) : [],
      );
    }
    return [];
  }

  private property(object: TSESTree.ObjectExpression, name: string, place: Place, budget: Budget): Origin[] {
    for (let index = object.properties.length - 1; index >= 0; index -= 1) {
      const property = object.properties[index];
      if (!property) {
        continue;
      }
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const spread = this.member(property.argument, name, place, budget);
        if (spread.some((origin) => origin.kind !== 'name')) {
          return spread;
        }
        continue;
      }
      const key = property.key;
      const keyName = property.computed ? null : key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.Literal ? String(key.value) : null;
      if (keyName === name) {
        return this.value(property.value, place, budget);
      }
    }
    return [];
  }

  /** A field of a class and of its superclasses in view. */
  private field(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string, place: Place, budget: Budget): Origin[] {
    const member = findClassField(classNode, name);
    const declared = member ? this.declared(member, place, budget) : [];
    if (declared.length > 0) {
      return declared;
    }
    const origins: Origin[] = [];
    for (const value of findClassFieldValues(classNode, name)) {
      origins.push(...this.value(value, place, budget));
    }
    const superClass = findSuperClass(classNode);
    if (superClass && (origins.length === 0 || origins.every((origin) => origin.kind === 'name'))) {
      for (const found of this.value(superClass, place, budget)) {
        if (found.kind === 'expression' && isClassNode(found.node)) {
          origins.push(...this.field(found.node, name, found.place, budget));
        }
      }
    }
    return origins.length > 0 ? origins : [{ kind: 'name', name }];
  }

  /**
   * A parameter: the arguments passed at the call sites in the same file (`new Manager(require('pg'))`,
   * `createManager(pg)`). Callers in other files are not searched: the parameter is then known by its name.
   */
  private parameter(node: TSESTree.Identifier, fn: TSESTree.Node, place: Place, budget: Budget): Origin[] {
    const declared = this.declared(node.parent.type === AST_NODE_TYPES.TSParameterProperty ? node.parent : node, place, budget);
    if (declared.length > 0) {
      return declared;
    }
    if (fn.type !== AST_NODE_TYPES.FunctionDeclaration && fn.type !== AST_NODE_TYPES.FunctionExpression && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) {
      return [{ kind: 'name', name: node.name }];
    }
    const index = fn.params.findIndex((param) => unwrapParameter(param) === node);
    const callee = getCalleeName(fn);
    if (index < 0 || callee === null) {
      return [{ kind: 'name', name: node.name }];
    }
    const origins: Origin[] = [];
    for (const call of getProgramCalls(getProgram(node))) {
      if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== callee.name) {
        continue;
      }
      if ((call.type === AST_NODE_TYPES.NewExpression) !== callee.byNew) {
        continue;
      }
      const argument = call.arguments[index];
      if (argument && argument.type !== AST_NODE_TYPES.SpreadElement) {
        origins.push(...this.value(argument, place, budget));
      }
    }
    return origins.length > 0 ? origins : [{ kind: 'name', name: node.name }];
  }

  /**
   * What a declaration's stated type says the value is: a package's type, directly or
   * through a project class, interface or alias that extends it. Empty when it states no
   * type, or one that leads nowhere known (`any`, a type of another project module): the
   * values assigned then decide.
   */
  private declared(declaration: TSESTree.Node, place: Place, budget: Budget): Origin[] {
    const type = getDeclaredType(declaration);
    return type ? this.declaredType(type, place, budget) : [];
  }

  /** What a stated type says a value is: the types it names, and the values it names with `typeof`. */
  private declaredType(type: TSESTree.TypeNode, place: Place, budget: Budget): Origin[] {
    return [
      ...getTypeNames(type).flatMap((name) => this.typeName(name, place, budget)),
      ...getTypeQueries(type).flatMap((name) =>
        name.type === AST_NODE_TYPES.TSQualifiedName ? this.member(name.left, name.right.name, place, budget) : this.value(name, place, budget),
      ),
    ];
  }

  private typeName(name: TSESTree.EntityName, place: Place, budget: Budget): Origin[] {
    if (name.type === AST_NODE_TYPES.TSQualifiedName) {
      // `pg.Pool`: a member of a package's namespace.
      return name.left.type === AST_NODE_TYPES.Identifier ? this.typed(budget, this.member(name.left, name.right.name, place, budget)) : [];
    }
    if (name.type !== AST_NODE_TYPES.Identifier) {
      return [];
    }
    if (budget.steps <= 0) {
      budget.exhausted = true;
      return [];
    }
    budget.steps -= 1;
    const variable = place.resolve(name);
    if (!variable || variable.defs.length === 0) {
      return [{ kind: 'typed', source: null, name: name.name }];
    }
    const binding = getImportBinding(variable);
    if (binding) {
      return this.typed(budget, this.module(binding.source, binding.imported === '*' ? null : binding.imported, place, budget));
    }
    const definition = variable.defs[0]?.node;
    switch (definition?.type) {
      case AST_NODE_TYPES.ClassDeclaration:
        return definition.superClass ? this.typed(budget, this.value(definition.superClass, place, budget)) : [];
      case AST_NODE_TYPES.TSInterfaceDeclaration:
        return definition.extends.flatMap((heritage) => {
          const expression = heritage.expression;
          if (expression.type === AST_NODE_TYPES.Identifier) {
            return this.typeName(expression, place, budget);
          }
          if (expression.type !== AST_NODE_TYPES.MemberExpression) {
            return [];
          }
          const property = getPropertyName(expression);
          return property === null ? [] : this.typed(budget, this.member(expression.object, property, place, budget));
        });
      case AST_NODE_TYPES.TSTypeAliasDeclaration:
        // `type Lib = typeof Pg`: the alias of a value's type is that value.
        return this.declaredType(definition.typeAnnotation, place, budget);
      default:
        return [];
    }
  }

  /** Values that are types (a package's export, a class in view) read as the type of an instance. */
  private typed(budget: Budget, origins: Origin[]): Origin[] {
    return origins.flatMap((origin): Origin[] => {
      if (origin.kind === 'package' && origin.member !== null && origin.member !== 'default') {
        return [{ kind: 'typed', source: origin.source, name: origin.member }];
      }
      if (origin.kind === 'expression' && isClassNode(origin.node) && origin.node.superClass) {
        return this.typed(budget, this.value(origin.node.superClass, origin.place, budget));
      }
      return origin.kind === 'typed' ? [origin] : [];
    });
  }

  /** What `specifier` (a module or one export of it) is: followed into project modules, kept as a package otherwise. */
  private module(specifier: string, exported: string | null, place: Place, budget: Budget): Origin[] {
    const target = this.load(place, specifier);
    if (!target) {
      return isProjectSpecifier(specifier) ? [] : [{ kind: 'package', source: specifier, member: exported }];
    }
    const targetPlace = this.placeOf(target);
    if (exported === null) {
      const table = getModuleTable(target);
      return table.commonjsRoot
        ? this.value(table.commonjsRoot, targetPlace, budget)
        : [{ kind: 'expression', node: target.ast, place: targetPlace }];
    }
    return this.exported(targetPlace, exported, budget);
  }

  private exported(place: Place, name: string, budget: Budget): Origin[] {
    const { module } = place;
    if (!module) {
      return [];
    }
    const table = getModuleTable(module);
    const binding = table.exports.get(name);
    if (binding) {
      return this.binding(binding, place, budget);
    }
    if (table.commonjsRoot) {
      return name === 'default' ? this.value(table.commonjsRoot, place, budget) : this.member(table.commonjsRoot, name, place, budget);
    }
    const property = table.commonjsProperties.get(name);
    if (property) {
      return this.value(property, place, budget);
    }
    for (const specifier of table.stars) {
      const found = this.module(specifier, name, place, budget);
      if (found.length > 0) {
        return found;
      }
    }
    return [];
  }

  private binding(binding: Binding, place: Place, budget: Budget): Origin[] {
    switch (binding.kind) {
      case 'node': {
        const { node } = binding;
        if (node.type === AST_NODE_TYPES.VariableDeclarator) {
          return node.id.type === AST_NODE_TYPES.Identifier ? this.value(node.id, place, budget) : [];
        }
        return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.FunctionDeclaration
          ? [{ kind: 'expression', node, place }]
          : this.value(node, place, budget);
      }
      case 'local': {
        const local = place.module ? getModuleTable(place.module).locals.get(binding.name) : undefined;
        return local ? this.binding(local, place, budget) : [];
      }
      case 'import':
        return this.module(binding.specifier, binding.request.kind === 'module' ? null : binding.request.name, place, budget);
    }
  }

  /**
   * Says on the debug channel where a trace stopped short. The receiver is then judged by
   * what was found, and by its name as before provenance.
   */
  private giveUp(node: TSESTree.Node, detail: string): void {
    if (this.lookup) {
      recordGiveUp({
        rule: this.lookup.rule,
        file: this.lookup.file,
        line: node.loc.start.line,
        column: node.loc.start.column,
        name: 'the provenance of a receiver',
        reason: 'budget',
        detail,
      });
    }
  }

  private load(place: Place, specifier: string): ParsedModule | null {
    if (!this.lookup) {
      return null;
    }
    const from = place.module ?? this.lookup.file;
    const module = isAbsolute(typeof from === 'string' ? from : from.path) ? this.lookup.load(from, specifier) : null;
    // An installed package is named, not entered: what `pg` or `axios` exports is known by
    // its name, and its sources would only lose that name (a workspace package, resolved to
    // its own directory, is entered like any module of the project).
    return module && !isProjectSpecifier(specifier) && INSTALLED.test(module.path) ? null : module;
  }
}

