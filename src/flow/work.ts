// A deterministic count of the interpreter's work, for the benches and the tests that pin
// linear growth on generated shapes (time on a shared machine is too noisy to decide by).
// One counter for the process: reading it costs nothing, and nothing decides by it.

let steps = 0;

/** Adds `units` to the count (see getInterpreterSteps). */
export function countSteps(units: number): void {
  steps += units;
}

/**
 * The interpreter's work so far in this process: one unit per node run, per path a node's
 * effect is applied to, per shared run looked up or replayed (and per effect replayed).
 * Read it before and after an analysis; the difference is that analysis's work.
 */
export function getInterpreterSteps(): number {
  return steps;
}
