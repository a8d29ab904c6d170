import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import type { ResourceModel } from '../models/index.js';
import { universalReleaseMethods } from '../models/ownership.js';
import {
  getClosingMethods,
  getImportedSources,
  getOpeningMethods,
  inferOwner,
  OWNER_CLOSE_METHODS,
  type OwnerShape,
} from '../summaries/owners.js';
import { skipTransparentWrappers } from '../util/wrappers.js';
import { getCallName, indexModels, type Match } from './recognize.js';

type Variable = TSESLint.Scope.Variable;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** A class found for `new C(…)`, with the program it is written in. */
export interface FoundClass {
  readonly node: ClassNode;
  readonly program: TSESTree.Program;
}

/**
 * Owner classes as models (see src/summaries/owners.ts): for each `new C(…)` of the file
 * whose class is in view (this file, or another module the lookup reads), the class's shape
 * decides, and an owner becomes a model of its own — acquired by `new C()` or by its
 * opening method on an instance, released by its closing method. A value is fresh for the
 * class when it is an acquisition or a receiver (a pool) made by a model whose package the
 * class's module imports: names alone never make an owner.
 */
export class OwnerModels {
  private readonly shapes = new Map<ClassNode, OwnerShape | null>();
  private readonly sources = new WeakMap<TSESTree.Program, Set<string>>();
  private readonly index: Map<string, Match[]>;

  constructor(private readonly models: readonly ResourceModel[]) {
    this.index = indexModels(models);
  }

  /**
   * The models for the owner classes `creations` construct (each class once), and the
   * creations of classes that have a closing method but show no fresh resource it releases:
   * those stay silent, and the caller says so on the debug channel.
   */
  modelsFor(
    creations: readonly TSESTree.NewExpression[],
    findClass: (call: TSESTree.NewExpression) => FoundClass | null,
  ): { models: ResourceModel[]; undecided: { creation: TSESTree.NewExpression; className: string }[] } {
    const out = new Map<ClassNode, ResourceModel>();
    const undecided: { creation: TSESTree.NewExpression; className: string }[] = [];
    for (const creation of creations) {
      const found = findClass(creation);
      if (!found) {
        continue;
      }
      const shape = this.shapeOf(found);
      if (shape && !out.has(found.node)) {
        out.set(found.node, toModel(shape, this.openersOf(found, shape)));
      } else if (!shape && getClosingMethods(found.node).length > 0) {
        undecided.push({ creation, className: found.node.id?.name ?? 'class' });
      }
    }
    return { models: [...out.values()], undecided };
  }

  private shapeOf(found: FoundClass): OwnerShape | null {
    let shape = this.shapes.get(found.node);
    if (shape === undefined) {
      const imported = this.importsOf(found.program);
      shape = inferOwner(found.node, (value) => this.judge(value, imported));
      this.shapes.set(found.node, shape);
    }
    return shape;
  }

  /**
   * For an owner built with its field filled: the methods that open that field on demand
   * (see getOpeningMethods), by the opening methods of the models its module imports
   * (`opensOn`, `reopenedBy`: node-redis's `connect()`). Empty when it is open as built.
   */
  private openersOf(found: FoundClass, shape: OwnerShape): string[] {
    if (shape.opener !== null) {
      return [];
    }
    const imported = this.importsOf(found.program);
    const models = this.models.filter((model) => model.packages.some((source) => imported.has(source)));
    const opens = new Set(models.flatMap((model) => [...(model.opensOn ?? []), ...(model.reopenedBy ?? [])]));
    if (opens.size === 0) {
      return [];
    }
    const throughMembers = models.some((model) => model.opensThroughMembers === true);
    return getOpeningMethods(found.node, shape.field, opens, throughMembers);
  }

  private importsOf(program: TSESTree.Program): Set<string> {
    let sources = this.sources.get(program);
    if (!sources) {
      sources = getImportedSources(program);
      this.sources.set(program, sources);
    }
    return sources;
  }

  /** The release methods of what `value` makes, when a model the module imports makes it fresh. */
  private judge(value: TSESTree.Node, imported: ReadonlySet<string>): ReadonlySet<string> | null {
    let inner = skipTransparentWrappers(value);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) {
      inner = skipTransparentWrappers(inner.argument);
    }
    if (inner.type !== AST_NODE_TYPES.CallExpression && inner.type !== AST_NODE_TYPES.NewExpression) {
      return null;
    }
    const name = getCallName(inner);
    const method = name?.startsWith('new ') === true ? name.slice(4) : name;
    if (name === null || method === null) {
      return null;
    }
    const releases = new Set<string>();
    for (const match of this.index.get(name) ?? []) {
      if (match.model.packages.some((source) => imported.has(source))) {
        for (const pattern of match.model.release) {
          releases.add(typeof pattern === 'string' ? pattern : pattern.method);
        }
        for (const universal of universalReleaseMethods) {
          releases.add(universal);
        }
      }
    }
    // A receiver the models build (`mysql.createPool()`, `new Pool()`): closed as a whole.
    const makesReceiver = this.models.some(
      (model) =>
        model.packages.some((source) => imported.has(source)) &&
        model.acquire.some((spec) =>
          inner.type === AST_NODE_TYPES.NewExpression
            ? spec.receiver?.constructors?.includes(method) === true
            : spec.receiver?.factories?.includes(method) === true,
        ),
    );
    if (makesReceiver) {
      for (const close of OWNER_CLOSE_METHODS) {
        releases.add(close);
      }
    }
    return releases.size > 0 ? releases : null;
  }
}

/**
 * The model an owner shape stands for. With `openers`, the object is built idle and holds
 * something only once one of them ran: reading its members (`kv.client.listenerCount(…)`)
 * opens nothing, and neither, as far as this can tell, does passing it on.
 */
function toModel(shape: OwnerShape, openers: readonly string[]): ResourceModel {
  const what = `${shape.className} (holds a resource in \`${shape.field}\`)`;
  return {
    ...(openers.length > 0 ? { opensOn: openers } : {}),
    library: shape.className,
    packages: [],
    kind: 'connection',
    what,
    acquire: shape.opener === null
      ? [{ method: shape.className, construct: 'anywhere' }]
      : [{ method: shape.opener, resource: 'receiver', receiver: { constructors: [shape.className] } }],
    release: shape.closers,
    releaseIsAsync: shape.closeIsAsync,
  };
}

/** The class a same-file `new C(…)` constructs: a class declaration, or a `const C = class …`. */
export function findSameFileClass(
  call: TSESTree.NewExpression,
  resolve: (identifier: TSESTree.Identifier) => Variable | null,
  program: TSESTree.Program,
): FoundClass | null {
  const callee = skipTransparentWrappers(call.callee);
  const variable = callee.type === AST_NODE_TYPES.Identifier ? resolve(callee) : null;
  for (const definition of variable?.defs ?? []) {
    if (definition.type === DefinitionType.ClassName) {
      return { node: definition.node, program };
    }
    if (definition.type === DefinitionType.Variable && definition.node.init?.type === AST_NODE_TYPES.ClassExpression) {
      return { node: definition.node.init, program };
    }
  }
  return null;
}
