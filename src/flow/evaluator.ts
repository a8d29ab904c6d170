import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { mergePaths, withOrigin } from './paths.js';
import { appendAll, PathSteps } from './path-steps.js';
import { getValueChildren } from './children.js';
import type { Completions, Path } from './types.js';

export { appendAll, BudgetExceeded } from './path-steps.js';

interface Branches<S> {
  truthy: Path<S>[];
  falsy: Path<S>[];
}

/**
 * The expression half of the interpreter: evaluates expressions (and binding patterns,
 * conditions, class definitions) over a set of paths, adding the paths that throw to the
 * completion record it is given. Statements, loops and `try` live in the classes that
 * extend this one (Statements, Loops, Interpreter).
 */
export abstract class Evaluator<S> extends PathSteps<S> {
  /** Runs statements in sequence (see Statements). */
  protected abstract execStatements(statements: readonly TSESTree.Node[], paths: Path<S>[], outermost?: boolean): Completions<S>;

  /** Default values and computed keys in a binding pattern are evaluated too. */
  protected evalPattern(pattern: TSESTree.Node, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    switch (pattern.type) {
      case AST_NODE_TYPES.AssignmentPattern:
        return mergePaths(
          this.domain,
          paths,
          this.evalPattern(pattern.left, this.evalExpr(pattern.right, paths, out), out),
        );
      case AST_NODE_TYPES.ArrayPattern: {
        let current = paths;
        for (const element of pattern.elements) {
          if (element) {
            current = this.evalPattern(element, current, out);
          }
        }
        return current;
      }
      case AST_NODE_TYPES.ObjectPattern: {
        let current = paths;
        for (const property of pattern.properties) {
          if (property.type === AST_NODE_TYPES.RestElement) {
            current = this.evalPattern(property.argument, current, out);
          } else {
            if (property.computed) {
              current = this.evalExpr(property.key, current, out);
            }
            current = this.evalPattern(property.value, current, out);
          }
        }
        return current;
      }
      case AST_NODE_TYPES.RestElement:
        return this.evalPattern(pattern.argument, paths, out);
      case AST_NODE_TYPES.MemberExpression:
        return this.evalExpr(pattern.object, paths, out);
      default:
        return paths;
    }
  }

  /**
   * Evaluates `node` as a condition: the paths on which it is truthy and falsy.
   * `skipOnTruthy` / `skipOnFalsy` are the branches the statement skips on each outcome.
   */
  protected evalCondition(
    node: TSESTree.Expression,
    paths: Path<S>[],
    out: Completions<S>,
    skipOnTruthy: TSESTree.Node | null,
    skipOnFalsy: TSESTree.Node | null,
  ): Branches<S> {
    this.tick();
    if (paths.length === 0) {
      return { truthy: [], falsy: [] };
    }
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        // `while (true)`, `if (0)`: a constant test takes one side only.
        return node.value ? { truthy: paths, falsy: [] } : { truthy: [], falsy: paths };
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === '!') {
          const inner = this.evalCondition(node.argument, paths, out, skipOnFalsy, skipOnTruthy);
          return { truthy: inner.falsy, falsy: inner.truthy };
        }
        break;
      case AST_NODE_TYPES.LogicalExpression: {
        if (node.operator === '&&') {
          const left = this.evalCondition(node.left, paths, out, skipOnTruthy, skipOnFalsy);
          const right = this.evalCondition(node.right, left.truthy, out, skipOnTruthy, skipOnFalsy);
          return { truthy: right.truthy, falsy: mergePaths(this.domain, left.falsy, right.falsy) };
        }
        if (node.operator === '||') {
          const left = this.evalCondition(node.left, paths, out, skipOnTruthy, skipOnFalsy);
          const right = this.evalCondition(node.right, left.falsy, out, skipOnTruthy, skipOnFalsy);
          return { truthy: mergePaths(this.domain, left.truthy, right.truthy), falsy: right.falsy };
        }
        // `a ?? b`: a when a is not nullish, else b.
        const left = this.evalExpr(node.left, paths, out);
        const present = this.narrow(left, (s) => this.domain.assumeNullish(node.left, false, s, node.right));
        const absent = this.narrow(left, (s) => this.domain.assumeNullish(node.left, true, s, null));
        const right = this.evalCondition(node.right, absent, out, skipOnTruthy, skipOnFalsy);
        return {
          truthy: mergePaths(
            this.domain,
            this.narrow(present, (s) => this.domain.assume(node.left, true, s, skipOnTruthy)),
            right.truthy,
          ),
          falsy: mergePaths(
            this.domain,
            this.narrow(present, (s) => this.domain.assume(node.left, false, s, skipOnFalsy)),
            right.falsy,
          ),
        };
      }
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.evalCondition(node.expression, paths, out, skipOnTruthy, skipOnFalsy);
      default:
        break;
    }
    const value = this.evalExpr(node, paths, out);
    return {
      truthy: this.narrow(value, (s) => this.domain.assume(node, true, s, skipOnTruthy)),
      falsy: this.narrow(value, (s) => this.domain.assume(node, false, s, skipOnFalsy)),
    };
  }

  /**
   * Evaluates `node` for its value: returns the paths that complete normally and adds
   * the ones that throw to `out.throw`. `chainExit` collects paths short-circuited by
   * `?.` inside the current optional chain.
   */
  protected evalExpr(
    node: TSESTree.Node,
    paths: Path<S>[],
    out: Completions<S>,
    chainExit: Path<S>[] | null = null,
  ): Path<S>[] {
    this.tick();
    if (paths.length === 0) {
      return paths;
    }
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.Super:
      case AST_NODE_TYPES.MetaProperty:
      case AST_NODE_TYPES.PrivateIdentifier:
        return paths;
      case AST_NODE_TYPES.TemplateLiteral:
        return this.transfer(node, this.evalAll(node.expressions, paths, out));
      case AST_NODE_TYPES.ArrayExpression:
        return this.transfer(node, this.evalAll(node.elements, paths, out));
      case AST_NODE_TYPES.ObjectExpression: {
        let current = paths;
        for (const property of node.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            current = this.evalExpr(property.argument, current, out);
          } else {
            if (property.computed) {
              current = this.evalExpr(property.key, current, out);
            }
            current = this.evalExpr(property.value, current, out);
          }
        }
        return this.transfer(node, current);
      }
      case AST_NODE_TYPES.SpreadElement:
        return this.evalExpr(node.argument, paths, out);
      case AST_NODE_TYPES.SequenceExpression:
        return this.evalAll(node.expressions, paths, out);
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.UpdateExpression:
        return this.transfer(node, this.evalExpr(node.argument, paths, out));
      case AST_NODE_TYPES.BinaryExpression: {
        const left = this.evalExpr(node.left, paths, out);
        return this.transfer(node, this.evalExpr(node.right, left, out));
      }
      case AST_NODE_TYPES.LogicalExpression:
        return this.transfer(node, this.evalLogical(node, paths, out));
      case AST_NODE_TYPES.ConditionalExpression: {
        const branches = this.evalCondition(node.test, paths, out, node.alternate, node.consequent);
        return this.transfer(
          node,
          mergePaths(
            this.domain,
            this.evalExpr(node.consequent, branches.truthy, out),
            this.evalExpr(node.alternate, branches.falsy, out),
          ),
        );
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return this.evalAssignment(node, paths, out);
      case AST_NODE_TYPES.MemberExpression:
        return this.transfer(node, this.evalMember(node, paths, out, chainExit));
      case AST_NODE_TYPES.ChainExpression: {
        const exit: Path<S>[] = [];
        const value = this.evalExpr(node.expression, paths, out, exit);
        return this.transfer(node, mergePaths(this.domain, value, exit));
      }
      case AST_NODE_TYPES.CallExpression:
        return this.evalCall(node, paths, out, chainExit);
      case AST_NODE_TYPES.NewExpression: {
        const callee = this.evalExpr(node.callee, paths, out);
        const args = this.evalAll(node.arguments, callee, out);
        this.throwPoint(node, args, out);
        return this.transfer(node, args);
      }
      case AST_NODE_TYPES.ImportExpression: {
        const source = this.evalExpr(node.source, paths, out);
        this.throwPoint(node, source, out);
        return this.transfer(node, source);
      }
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        const tag = this.evalExpr(node.tag, paths, out);
        const quasi = this.evalAll(node.quasi.expressions, tag, out);
        this.throwPoint(node, quasi, out);
        return this.transfer(node, quasi);
      }
      case AST_NODE_TYPES.AwaitExpression: {
        const argument = this.evalExpr(node.argument, paths, out);
        this.throwPoint(node, argument, out);
        return this.transfer(node, argument);
      }
      case AST_NODE_TYPES.YieldExpression: {
        const argument = node.argument ? this.evalExpr(node.argument, paths, out) : paths;
        // At a `yield` the consumer may throw into the generator, or stop it early
        // (`break` out of for-of calls return()), which runs like a `return` here.
        this.throwPoint(node, argument, out);
        out.return = mergePaths(this.domain, out.return, withOrigin(argument, node));
        return this.transfer(node, argument);
      }
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        return this.transfer(node, this.evalExpr(node.expression, paths, out, chainExit));
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        // A separate body: the domain summarises what creating it means.
        return this.transfer(node, paths);
      case AST_NODE_TYPES.ClassExpression:
        return this.evalClass(node, paths, out);
      default:
        // JSX, and any node type this interpreter does not know: its parts in source order.
        return this.transfer(node, this.evalChildren(node, paths, out));
    }
  }

  /**
   * A class definition runs its `extends` expression, computed keys, static field
   * initialisers and static blocks, in order; methods and instance fields are separate
   * bodies (the domain summarises what creating them means).
   */
  protected evalClass(
    node: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
    paths: Path<S>[],
    out: Completions<S>,
  ): Path<S>[] {
    let current = node.superClass ? this.evalExpr(node.superClass, paths, out) : paths;
    for (const member of node.body.body) {
      if (member.type === AST_NODE_TYPES.StaticBlock) {
        const block = this.leaveAll(member, this.execStatements(member.body, current));
        // Only a throw can leave a static block early.
        out.throw = mergePaths(this.domain, out.throw, block.throw);
        current = block.normal;
        continue;
      }
      if ('computed' in member && member.computed && 'key' in member) {
        current = this.evalExpr(member.key, current, out);
      }
      if (
        (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
        member.static &&
        member.value
      ) {
        current = this.evalExpr(member.value, current, out);
      }
    }
    return this.transfer(node, current);
  }

  /** Evaluates the child nodes of `node` in source order (types and decorators aside). */
  protected evalChildren(node: TSESTree.Node, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    let current = paths;
    for (const child of getValueChildren(node)) {
      current = this.evalExpr(child, current, out);
    }
    return current;
  }

  protected evalAll(nodes: readonly (TSESTree.Node | null)[], paths: Path<S>[], out: Completions<S>): Path<S>[] {
    let current = paths;
    for (const node of nodes) {
      if (node) {
        current = this.evalExpr(node, current, out);
      }
    }
    return current;
  }

  protected evalLogical(node: TSESTree.LogicalExpression, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    if (node.operator === '??') {
      const left = this.evalExpr(node.left, paths, out);
      const present = this.narrow(left, (s) => this.domain.assumeNullish(node.left, false, s, node.right));
      const absent = this.narrow(left, (s) => this.domain.assumeNullish(node.left, true, s, null));
      return mergePaths(this.domain, present, this.evalExpr(node.right, absent, out));
    }
    // `a && b` / `a || b`: the left side decides like a condition (so `!c || c.release()`
    // narrows `c`), and the right side runs on the side that does not short-circuit.
    const isAnd = node.operator === '&&';
    const branches = this.evalCondition(node.left, paths, out, isAnd ? null : node.right, isAnd ? node.right : null);
    const shortCircuit = isAnd ? branches.falsy : branches.truthy;
    const goOn = isAnd ? branches.truthy : branches.falsy;
    return mergePaths(this.domain, shortCircuit, this.evalExpr(node.right, goOn, out));
  }

  protected evalAssignment(node: TSESTree.AssignmentExpression, paths: Path<S>[], out: Completions<S>): Path<S>[] {
    let target = paths;
    if (node.left.type === AST_NODE_TYPES.MemberExpression) {
      target = this.evalExpr(node.left.object, target, out);
      if (node.left.computed) {
        target = this.evalExpr(node.left.property, target, out);
      }
    }
    if (node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') {
      // The right side runs only when the left does not already decide the value.
      const left = node.left;
      let keep: Path<S>[];
      let assign: Path<S>[];
      if (node.operator === '??=') {
        keep = this.narrow(target, (s) => this.domain.assumeNullish(left, false, s, node.right));
        assign = this.narrow(target, (s) => this.domain.assumeNullish(left, true, s, null));
      } else {
        const truthy = node.operator === '||=';
        keep = this.narrow(target, (s) => this.domain.assume(left, truthy, s, node.right));
        assign = this.narrow(target, (s) => this.domain.assume(left, !truthy, s, null));
      }
      // Only the paths that assign see the assignment's effect.
      return mergePaths(this.domain, keep, this.transfer(node, this.evalExpr(node.right, assign, out)));
    }
    let value = this.evalExpr(node.right, target, out);
    if (node.left.type === AST_NODE_TYPES.ObjectPattern || node.left.type === AST_NODE_TYPES.ArrayPattern) {
      value = this.evalPattern(node.left, value, out);
    }
    return this.transfer(node, value);
  }

  protected evalMember(
    node: TSESTree.MemberExpression,
    paths: Path<S>[],
    out: Completions<S>,
    chainExit: Path<S>[] | null,
  ): Path<S>[] {
    let object = this.evalExpr(node.object, paths, out, chainExit);
    if (node.optional) {
      object = this.shortCircuit(node.object, object, chainExit);
    }
    return node.computed ? this.evalExpr(node.property, object, out) : object;
  }

  /** `x?.…`: paths where `x` is nullish leave the chain; the rest go on. */
  protected shortCircuit(object: TSESTree.Expression, paths: Path<S>[], chainExit: Path<S>[] | null): Path<S>[] {
    const parent = object.parent;
    const chain = this.enclosingChainBody(parent);
    if (chainExit) {
      appendAll(chainExit, this.narrow(paths, (s) => this.domain.assumeNullish(object, true, s, chain)));
    }
    return this.narrow(paths, (s) => this.domain.assumeNullish(object, false, s, null));
  }

  /** The rest of the optional chain that a short-circuit at `node` skips. */
  protected enclosingChainBody(node: TSESTree.Node | undefined): TSESTree.Node | null {
    let current = node;
    while (current && current.type !== AST_NODE_TYPES.ChainExpression) {
      current = current.parent;
    }
    return current ?? null;
  }

  protected evalCall(
    node: TSESTree.CallExpression,
    paths: Path<S>[],
    out: Completions<S>,
    chainExit: Path<S>[] | null,
  ): Path<S>[] {
    let callee = this.evalExpr(node.callee, paths, out, chainExit);
    if (node.optional) {
      callee = this.shortCircuit(node.callee, callee, chainExit);
    }
    const args = this.evalAll(node.arguments, callee, out);
    this.throwPoint(node, args, out);
    return this.transfer(node, args);
  }
}
