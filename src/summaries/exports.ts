import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { FunctionLike } from '../util/functions.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import type { ParsedModule } from './modules.js';
import { getRequiredSource } from '../util/imports.js';
import { type Binding, getKeyName, type ImportRequest, type ModuleTable, readTable } from './table.js';

/**
 * A value another module defines, as far as syntax tells: a function (what summaries are
 * made of), an object literal or class or instance whose members are functions, or a module
 * namespace (`import * as db`, `require('./db')`).
 */
export type { ImportRequest };

export type ModuleValue =
  | { readonly kind: 'function'; readonly fn: FunctionLike; readonly module: ParsedModule }
  | { readonly kind: 'object'; readonly node: TSESTree.ObjectExpression; readonly module: ParsedModule }
  | { readonly kind: 'class' | 'instance'; readonly node: TSESTree.ClassDeclaration | TSESTree.ClassExpression; readonly module: ParsedModule }
  | { readonly kind: 'namespace'; readonly module: ParsedModule };

/** Loads the module a specifier in `from` names; `null` when it cannot (or may not) be had. */
export type ModuleLoader = (from: ParsedModule | string, specifier: string) => ParsedModule | null;

const tables = new WeakMap<ParsedModule, ModuleTable>();

/** Bounds one resolution: module hops (re-export chains, barrels) and a cycle guard. */
export interface ResolutionBudget {
  readonly load: ModuleLoader;
  /** Module hops still allowed. */
  hops: number;
  /** Called once when the hop bound is reached. */
  readonly onTooDeep: (module: ParsedModule) => void;
  readonly seen: Set<string>;
}

/** The value `request` names in `module`, following re-exports and aliases within the budget. */
export function resolveRequest(module: ParsedModule, request: ImportRequest, budget: ResolutionBudget): ModuleValue | null {
  return request.kind === 'module' ? moduleValue(module, budget) : exportOf(module, request.name, budget);
}

/** The value of a member of a value: an object's property, a class's static method, an instance's method, a namespace's export. */
export function memberOf(value: ModuleValue | null, name: string, budget: ResolutionBudget): ModuleValue | null {
  if (!value) {
    return null;
  }
  switch (value.kind) {
    case 'namespace':
      return exportOf(value.module, name, budget);
    case 'object':
      return propertyOf(value.module, value.node, name, budget);
    case 'class':
    case 'instance': {
      const wantStatic = value.kind === 'class';
      for (const member of value.node.body.body) {
        if (
          member.type === AST_NODE_TYPES.MethodDefinition &&
          member.kind === 'method' &&
          member.static === wantStatic &&
          getKeyName(member.key, member.computed) === name
        ) {
          return { kind: 'function', fn: member.value as FunctionLike, module: value.module };
        }
      }
      return null;
    }
    case 'function':
      return null;
  }
}

function moduleValue(module: ParsedModule, budget: ResolutionBudget): ModuleValue | null {
  const table = getTable(module);
  if (table.commonjsRoot) {
    return expressionValue(module, table.commonjsRoot, budget);
  }
  return { kind: 'namespace', module };
}

function exportOf(module: ParsedModule, name: string, budget: ResolutionBudget): ModuleValue | null {
  const key = `${module.path}#${name}`;
  if (budget.seen.has(key)) {
    return null;
  }
  budget.seen.add(key);
  const table = getTable(module);
  const binding = table.exports.get(name);
  if (binding) {
    return bindingValue(module, binding, budget);
  }
  if (table.commonjsRoot) {
    // `import db from './db.cjs'` and TypeScript's interop give `module.exports` itself.
    const root = expressionValue(module, table.commonjsRoot, budget);
    return name === 'default' ? root : memberOf(root, name, budget);
  }
  const property = table.commonjsProperties.get(name);
  if (property) {
    return expressionValue(module, property, budget);
  }
  if (name === 'default' && table.commonjsProperties.size > 0) {
    return { kind: 'namespace', module };
  }
  if (name !== 'default') {
    for (const specifier of table.stars) {
      const target = load(module, specifier, budget);
      const found = target ? exportOf(target, name, budget) : null;
      if (found) {
        return found;
      }
    }
  }
  return null;
}

function load(module: ParsedModule, specifier: string, budget: ResolutionBudget): ParsedModule | null {
  if (budget.hops <= 0) {
    budget.onTooDeep(module);
    return null;
  }
  budget.hops -= 1;
  return budget.load(module, specifier);
}

function bindingValue(module: ParsedModule, binding: Binding, budget: ResolutionBudget): ModuleValue | null {
  switch (binding.kind) {
    case 'node':
      return nodeValue(module, binding.node, budget);
    case 'local':
      return localValue(module, binding.name, budget);
    case 'import': {
      const target = load(module, binding.specifier, budget);
      return target ? resolveRequest(target, binding.request, budget) : null;
    }
  }
}

function localValue(module: ParsedModule, name: string, budget: ResolutionBudget): ModuleValue | null {
  const key = `${module.path}@${name}`;
  if (budget.seen.has(key)) {
    return null;
  }
  budget.seen.add(key);
  const binding = getTable(module).locals.get(name);
  return binding ? bindingValue(module, binding, budget) : null;
}

/** A declaration's value: a function, a class, or a variable's initialiser. */
function nodeValue(module: ParsedModule, node: TSESTree.Node, budget: ResolutionBudget): ModuleValue | null {
  switch (node.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
      return { kind: 'function', fn: node, module };
    case AST_NODE_TYPES.ClassDeclaration:
      return { kind: 'class', node, module };
    case AST_NODE_TYPES.VariableDeclarator:
      return node.init ? expressionValue(module, node.init, budget) : null;
    default:
      return expressionValue(module, node, budget);
  }
}

function expressionValue(module: ParsedModule, expression: TSESTree.Node, budget: ResolutionBudget): ModuleValue | null {
  const node = skipTransparentWrappers(expression);
  switch (node.type) {
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.FunctionDeclaration:
      return { kind: 'function', fn: node, module };
    case AST_NODE_TYPES.ObjectExpression:
      return { kind: 'object', node, module };
    case AST_NODE_TYPES.ClassExpression:
    case AST_NODE_TYPES.ClassDeclaration:
      return { kind: 'class', node, module };
    case AST_NODE_TYPES.Identifier:
      return localValue(module, node.name, budget);
    case AST_NODE_TYPES.NewExpression: {
      // `export const db = new Database()`: the instance's methods.
      const created = expressionValue(module, node.callee, budget);
      return created?.kind === 'class' ? { ...created, kind: 'instance' } : null;
    }
    case AST_NODE_TYPES.CallExpression: {
      const specifier = getRequiredSource(node);
      if (specifier === null) {
        return null;
      }
      const target = load(module, specifier, budget);
      return target ? moduleValue(target, budget) : null;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = getKeyName(node.property, node.computed);
      return name === null ? null : memberOf(expressionValue(module, node.object, budget), name, budget);
    }
    default:
      return null;
  }
}

function propertyOf(module: ParsedModule, object: TSESTree.ObjectExpression, name: string, budget: ResolutionBudget): ModuleValue | null {
  // The last property of that name wins, as at run time; a later spread may override it.
  for (let index = object.properties.length - 1; index >= 0; index -= 1) {
    const property = object.properties[index];
    if (!property) {
      continue;
    }
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = memberOf(expressionValue(module, property.argument, budget), name, budget);
      if (spread) {
        return spread;
      }
      continue;
    }
    if (getKeyName(property.key, property.computed) === name) {
      return expressionValue(module, property.value, budget);
    }
  }
  return null;
}

/** What a module's top level binds and exports, read once per parsed module and kept with it. */
export function getModuleTable(module: ParsedModule): ModuleTable {
  return getTable(module);
}

function getTable(module: ParsedModule): ModuleTable {
  let table = tables.get(module);
  if (!table) {
    table = readTable(module.ast);
    tables.set(module, table);
  }
  return table;
}
