import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { skipTransparentWrappers } from '../util/wrappers.js';

// Owner classes, inferred from their bodies: a class whose method stores a fresh resource
// in a field (`this.pool = mysql.createPool(cfg)`, `this.conn = await pool.getConnection()`)
// and whose `close()` / `disconnect()` / `end()` / `destroy()` / `quit()` / `release()`
// releases that field is itself a resource: acquired by `new C()` when the field is filled
// as the object is built (constructor, field initialiser), else by the method that fills it
// (`await db.connect()`), and released by that closing method. Only the shape is read here;
// what counts as a fresh resource and as its release is the caller's (the models), so this
// layer stays free of library knowledge. Nothing is inferred from names alone: without a
// visible closing method that releases the very field, a class is no owner.

/** Method names that close an owner, in the order a message would suggest them. */
export const OWNER_CLOSE_METHODS: readonly string[] = ['close', 'disconnect', 'end', 'destroy', 'quit', 'release'];

/** What a class owns, as far as its body shows. */
export interface OwnerShape {
  readonly className: string;
  /** The field that holds the resource (`#f` for a private one). */
  readonly field: string;
  /** The method that fills the field, or `null` when the object is built with it filled. */
  readonly opener: string | null;
  /** Methods that release the field (among OWNER_CLOSE_METHODS). */
  readonly closers: readonly string[];
  /** Whether every closer is `async` (the suggested fix awaits it). */
  readonly closeIsAsync: boolean;
}

/**
 * What a value stored in a field is: the release method names of the fresh resource it
 * holds, or `null` when it is nothing the models know as fresh.
 */
export type FreshJudge = (value: TSESTree.Node) => ReadonlySet<string> | null;

/** `this.f` or `this.#f`, non-computed: the field's name (`#f` for a private one). */
export function getThisFieldName(node: TSESTree.Node): string | null {
  const inner = skipTransparentWrappers(node);
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed || inner.object.type !== AST_NODE_TYPES.ThisExpression) {
    return null;
  }
  if (inner.property.type === AST_NODE_TYPES.PrivateIdentifier) {
    return `#${inner.property.name}`;
  }
  return inner.property.name;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Every node under `root` that `pick` accepts, within `root`'s own `this`: arrow functions
 * keep it, other functions and classes bring their own.
 */
export function collectWithOwnThis<T extends TSESTree.Node>(
  root: TSESTree.Node,
  pick: (node: TSESTree.Node) => node is T,
  enterFunctions = false,
): T[] {
  const found: T[] = [];
  const stack: { node: TSESTree.Node; top: boolean }[] = [{ node: root, top: true }];
  while (stack.length > 0) {
    const { node, top } = stack.pop() ?? { node: root, top: true };
    if (
      !top &&
      !enterFunctions &&
      (node.type === AST_NODE_TYPES.FunctionExpression ||
        node.type === AST_NODE_TYPES.FunctionDeclaration ||
        node.type === AST_NODE_TYPES.ClassBody)
    ) {
      continue;
    }
    if (pick(node)) {
      found.push(node);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'parent') {
        continue;
      }
      const children: unknown[] = Array.isArray(child) ? (child as unknown[]) : [child];
      for (let i = children.length - 1; i >= 0; i -= 1) {
        const item = children[i];
        if (isNode(item)) {
          stack.push({ node: item, top: false });
        }
      }
    }
  }
  return found.sort((a, b) => a.range[0] - b.range[0]);
}

/** Every `this.f` expression under `root` whose `this` is `root`'s own. */
export function collectFieldNodes(root: TSESTree.Node, field: string): TSESTree.MemberExpression[] {
  return collectWithOwnThis(
    root,
    (node): node is TSESTree.MemberExpression => node.type === AST_NODE_TYPES.MemberExpression && getThisFieldName(node) === field,
  );
}

/** The name of a class member, when it is a plain identifier. */
function memberName(member: TSESTree.ClassElement): string | null {
  if (
    (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
    !member.computed &&
    member.key.type === AST_NODE_TYPES.Identifier
  ) {
    return member.key.name;
  }
  return null;
}

/** Fields a member fills with a fresh resource: `this.f = fresh` (or `f = fresh` as an initialiser), with the resource's releases. */
function getFreshStores(member: TSESTree.ClassElement, judge: FreshJudge): Map<string, ReadonlySet<string>> {
  const stores = new Map<string, ReadonlySet<string>>();
  if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.static && member.value && !member.computed) {
    const releases = judge(member.value);
    const name = member.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${member.key.name}` : memberName(member);
    if (releases && name !== null) {
      stores.set(name, releases);
    }
    return stores;
  }
  if (member.type !== AST_NODE_TYPES.MethodDefinition || member.static || member.kind === 'get' || member.kind === 'set') {
    return stores;
  }
  const assignments = collectWithOwnThis(
    member.value,
    (node): node is TSESTree.AssignmentExpression =>
      node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && getThisFieldName(node.left) !== null,
  );
  for (const assignment of assignments) {
    const field = getThisFieldName(assignment.left);
    const releases = judge(assignment.right);
    if (field !== null && releases) {
      stores.set(field, releases);
    }
  }
  return stores;
}

/** Whether `member` (a method) calls one of `releases` on `this.<field>`. */
function releasesField(member: TSESTree.MethodDefinition, field: string, releases: ReadonlySet<string>): boolean {
  return collectFieldNodes(member.value, field).some((node) => {
    const parent = node.parent;
    const call = parent.parent;
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== node || call?.type !== AST_NODE_TYPES.CallExpression) {
      return false;
    }
    const name = parent.property.type === AST_NODE_TYPES.Identifier && !parent.computed ? parent.property.name : null;
    return call.callee === parent && name !== null && releases.has(name);
  });
}

/** The class's own (non-static) methods named like a closing method (OWNER_CLOSE_METHODS). */
export function getClosingMethods(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): TSESTree.MethodDefinition[] {
  return node.body.body.filter(
    (member): member is TSESTree.MethodDefinition =>
      member.type === AST_NODE_TYPES.MethodDefinition &&
      member.kind === 'method' &&
      !member.static &&
      OWNER_CLOSE_METHODS.includes(memberName(member) ?? ''),
  );
}

/**
 * The owner shape of a class, from its body (see the note at the top), or `null`. The first
 * field that has both a fresh store and a closing method that releases it decides.
 */
export function inferOwner(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, judge: FreshJudge): OwnerShape | null {
  const className = node.id?.name ?? null;
  if (className === null) {
    return null;
  }
  const members = node.body.body;
  const closing = getClosingMethods(node);
  if (closing.length === 0) {
    return null;
  }
  for (const member of members) {
    if (closing.includes(member as TSESTree.MethodDefinition)) {
      continue;
    }
    for (const [field, releases] of getFreshStores(member, judge)) {
      const closers = closing.filter((closer) => releasesField(closer, field, releases));
      if (closers.length === 0) {
        continue;
      }
      const opener =
        member.type === AST_NODE_TYPES.PropertyDefinition || (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor')
          ? null
          : memberName(member);
      if (opener === null && member.type === AST_NODE_TYPES.MethodDefinition && member.kind !== 'constructor') {
        continue;
      }
      return {
        className,
        field,
        opener,
        closers: closers.map((closer) => memberName(closer) ?? ''),
        closeIsAsync: closers.every((closer) => closer.value.async),
      };
    }
  }
  return null;
}

/** The package names a module imports or requires (any `require('x')` with a literal). */
export function getImportedSources(program: TSESTree.Program): Set<string> {
  const sources = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      sources.add(statement.source.value);
    }
  }
  const requires = collectWithOwnThis(
    program,
    (node): node is TSESTree.CallExpression =>
      node.type === AST_NODE_TYPES.CallExpression &&
      node.callee.type === AST_NODE_TYPES.Identifier &&
      node.callee.name === 'require' &&
      node.arguments[0]?.type === AST_NODE_TYPES.Literal,
    true,
  );
  for (const call of requires) {
    const [argument] = call.arguments;
    if (argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string') {
      sources.add(argument.value);
    }
  }
  return sources;
}

/** The name of the method `call` calls on `this` (`this.getClient()`), or `null`. */
function getThisMethodCall(call: TSESTree.CallExpression): string | null {
  return getThisFieldName(call.callee);
}

/**
 * The methods of a class that open the resource in `field` on demand, for an owner whose
 * field is filled as the object is built: a method that calls one of `opens` on it
 * (`this.client.connect()`), or, with `throughMembers`, queries through one of its
 * properties or passes it on (`this.prisma.user.findMany()`, `seed(this.prisma)`); and, to a
 * fixpoint, a method that calls such a method on `this` (`set()` → `this.getClient()`).
 * Until one of them runs the object holds nothing: node-redis connects on `connect()`, a
 * wrapper that connects in `getClient()` is built idle. Empty when no method opens it.
 */
export function getOpeningMethods(
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
  field: string,
  opens: ReadonlySet<string>,
  throughMembers: boolean,
): string[] {
  const methods = node.body.body.filter(
    (member): member is TSESTree.MethodDefinition =>
      member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method' && !member.static && memberName(member) !== null,
  );
  const opening = new Set<string>();
  const calls = new Map<TSESTree.MethodDefinition, TSESTree.CallExpression[]>();
  for (const method of methods) {
    const found = collectWithOwnThis(method.value, (n): n is TSESTree.CallExpression => n.type === AST_NODE_TYPES.CallExpression);
    calls.set(method, found);
    if (found.some((call) => opensField(call, field, opens, throughMembers))) {
      opening.add(memberName(method) ?? '');
    }
  }
  if (opening.size === 0) {
    return [];
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const method of methods) {
      const name = memberName(method) ?? '';
      if (!opening.has(name) && (calls.get(method) ?? []).some((call) => opening.has(getThisMethodCall(call) ?? ''))) {
        opening.add(name);
        grew = true;
      }
    }
  }
  return [...opening];
}

/** Whether `call` opens `this.<field>` (see getOpeningMethods). */
function opensField(call: TSESTree.CallExpression, field: string, opens: ReadonlySet<string>, throughMembers: boolean): boolean {
  const callee = skipTransparentWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) {
    const object = skipTransparentWrappers(callee.object);
    if (getThisFieldName(object) === field && opens.has(callee.property.name)) {
      return true;
    }
    if (throughMembers && object.type === AST_NODE_TYPES.MemberExpression && getThisFieldName(skipTransparentWrappers(object.object)) === field) {
      return true;
    }
  }
  return throughMembers && call.arguments.some((argument) => getThisFieldName(argument) === field);
}
