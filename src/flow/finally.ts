import type { Completions, Path } from './types.js';

// How a `finally` block knows where each path goes on: every path entering it carries a tag
// (`resume`) naming the completion it resumes when the block completes normally, one tag per
// enclosing `finally` being run. See Interpreter.runFinally.

/** Levels of `finally` nesting at which paths remember exactly which completion they resume. */
export const EXACT_FINALLY_DEPTH = 2;
/** The tag of a path that resumes as every completion that entered its `finally`. */
export const WILDCARD = '*';
const TAG_SEPARATOR = '\u0001';

/** `resume` with `tag` pushed for one more enclosing `finally`. */
export function pushTag(resume: string | undefined, tag: string): string {
  return resume === undefined ? tag : `${resume}${TAG_SEPARATOR}${tag}`;
}

/** The innermost tag of `resume` and the tags around it. */
export function popTag(resume: string | undefined): { top: string; rest: string | undefined } {
  const at = resume?.lastIndexOf(TAG_SEPARATOR) ?? -1;
  if (resume === undefined || at < 0) {
    return { top: resume ?? WILDCARD, rest: undefined };
  }
  return { top: resume.slice(at + 1), rest: resume.slice(0, at) };
}

/** A path leaving a `finally` abruptly: it no longer resumes what entered the block. */
export function dropTag<S>(path: Path<S>): Path<S> {
  const { rest } = popTag(path.resume);
  return { state: path.state, origin: path.origin, ...(rest === undefined ? {} : { resume: rest }) };
}

/** Every path of `completions` mapped by `map`. */
export function mapCompletions<S>(completions: Completions<S>, map: (path: Path<S>) => Path<S>): Completions<S> {
  const out: Completions<S> = {
    normal: completions.normal.map(map),
    return: completions.return.map(map),
    throw: completions.throw.map(map),
    break: new Map(),
    continue: new Map(),
  };
  for (const [label, paths] of completions.break) {
    out.break.set(label, paths.map(map));
  }
  for (const [label, paths] of completions.continue) {
    out.continue.set(label, paths.map(map));
  }
  return out;
}
