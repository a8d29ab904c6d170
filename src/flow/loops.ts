import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { addLabelled, asNormal, emptyCompletions, mergePaths, pathKey } from './paths.js';
import { appendAll } from './path-steps.js';
import { Statements } from './statements.js';
import type { LoopNode } from './syntax.js';
import type { Completions, Path } from './types.js';

/**
 * Loops: each runs its body until no new state reaches its head. The domain is finite, so
 * this ends; honest loops need two passes.
 */
export abstract class Loops<S> extends Statements<S> {
  /**
   * Runs a loop to a fixpoint. The states at the loop head only grow and the domain is
   * finite, so this ends; honest loops need two passes.
   */
  protected execLoop(
    node: LoopNode,
    paths: Path<S>[],
    labels: readonly string[],
  ): Completions<S> {
    const out = emptyCompletions<S>();
    let entry = paths;
    if (node.type === AST_NODE_TYPES.ForStatement && node.init) {
      entry =
        node.init.type === AST_NODE_TYPES.VariableDeclaration
          ? this.execDeclaration(node.init, entry, out)
          : this.evalExpr(node.init, entry, out);
    } else if (node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement) {
      entry = this.evalExpr(node.right, entry, out);
      // The loop takes hold of what it iterates (a `for…of` closes its iterator on exit).
      entry = this.transfer(node, entry);
    }

    return this.iterateLoop(node, asNormal(entry), labels, out, []);
  }

  /**
   * Runs a loop's iterations from `head` (the paths at its head) until no new state reaches
   * the head; `exits` holds the paths that left it already.
   */
  protected iterateLoop(
    node: LoopNode,
    start: Path<S>[],
    labels: readonly string[],
    out: Completions<S>,
    exits: Path<S>[],
  ): Completions<S> {
    let head = start;
    const seen = new Set<string>();
    for (;;) {
      const fresh = head.filter((path) => !seen.has(pathKey(this.domain, path)));
      if (fresh.length === 0) {
        break;
      }
      for (const path of fresh) {
        seen.add(pathKey(this.domain, path));
      }
      const body = this.runLoopIteration(node, fresh, out, exits);
      head = this.afterBody(node, body, labels, out, exits);
    }
    out.normal = mergePaths(this.domain, out.normal, exits);
    return out;
  }

  /**
   * Where the completions of one pass through a loop's body go: `break` out of the loop (to
   * `exits`), `continue` and the end of the body back to the head (returned, after the
   * update or do-while test), the rest to `out`.
   */
  protected afterBody(
    node: LoopNode,
    body: Completions<S>,
    labels: readonly string[],
    out: Completions<S>,
    exits: Path<S>[],
  ): Path<S>[] {
    const ownLabels = new Set<string | null>([null, ...labels]);
    // Unlabelled and own-label break leave the loop; continue goes back to the head.
    const next: Path<S>[] = [...body.normal];
    for (const [label, broken] of body.break) {
      if (ownLabels.has(label)) {
        appendAll(exits, asNormal(broken));
      } else {
        addLabelled(this.domain, out.break, label, broken);
      }
    }
    for (const [label, continued] of body.continue) {
      if (ownLabels.has(label)) {
        appendAll(next, asNormal(continued));
      } else {
        addLabelled(this.domain, out.continue, label, continued);
      }
    }
    out.return = mergePaths(this.domain, out.return, body.return);
    out.throw = mergePaths(this.domain, out.throw, body.throw);
    return this.afterIteration(node, asNormal(next), out);
  }

  /** One pass through the loop's test and body; the loop's exits go to `exits`. */
  private runLoopIteration(
    node: LoopNode,
    head: Path<S>[],
    out: Completions<S>,
    exits: Path<S>[],
  ): Completions<S> {
    switch (node.type) {
      case AST_NODE_TYPES.DoWhileStatement:
        // The test runs after the body (see afterIteration); the head is the body's entry.
        return this.execStatement(node.body, head);
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.ForStatement: {
        if (!node.test) {
          return this.execStatement(node.body, head);
        }
        const branches = this.evalCondition(node.test, head, out, null, node.body);
        appendAll(exits, branches.falsy);
        return this.execStatement(node.body, branches.truthy);
      }
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement: {
        // Either the iteration is over, or the next value is bound to the left side.
        appendAll(exits, head);
        let bound = head;
        if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) {
          // Each step awaits the iterator's next(), which may reject.
          this.throwPoint(node, bound, out);
        }
        if (node.left.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of node.left.declarations) {
            bound = this.evalPattern(declarator.id, bound, out);
          }
        } else {
          bound = this.evalPattern(node.left, bound, out);
        }
        bound = this.transfer(node.left, bound);
        return this.execStatement(node.body, bound);
      }
    }
  }

  /** What runs between one iteration and the next: `update`, or do-while's test. */
  private afterIteration(
    node: LoopNode,
    paths: Path<S>[],
    out: Completions<S>,
  ): Path<S>[] {
    if (node.type === AST_NODE_TYPES.ForStatement && node.update) {
      return this.evalExpr(node.update, paths, out);
    }
    if (node.type === AST_NODE_TYPES.DoWhileStatement) {
      const branches = this.evalCondition(node.test, paths, out, null, null);
      out.normal = mergePaths(this.domain, out.normal, branches.falsy);
      return branches.truthy;
    }
    return paths;
  }
}
