// The executor against V8: for generated programs that can be run for real (real-run.ts),
// the executor's endings (normal or throw, with the acquisitions left out) must be exactly
// those of the real runs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeProgram } from './execute.js';
import { programArb } from './generate.js';
import { parseProgram } from './parse.js';
import { printProgram } from './program.js';
import type { Program } from './program.js';
import { executeForReal, isRealRunnable } from './real-run.js';
import { regressions } from './regressions.js';

const options = { loopBound: 2, maxRuns: 3000, connectMayThrow: true };

/** The executor's outcomes, with `return` and falling off the end merged as `normal`. */
function getModelledOutcomes(program: Program): { outcomes: string[]; doubleRelease: boolean } | null {
  const exec = executeProgram(program, options, printProgram(program).lines);
  if (exec.status !== 'complete') return null;
  const outcomes = [...exec.outcomes].map((o) => o.replace(/^(return|end):/, 'normal:'));
  return { outcomes: [...new Set(outcomes)].sort(), doubleRelease: exec.doubleRelease !== null };
}

async function check(program: Program): Promise<void> {
  const modelled = getModelledOutcomes(program);
  if (modelled === null) return;
  const real = await executeForReal(program, options);
  if (real.status !== 'complete') return;
  const message = printProgram(program).source;
  expect(modelled.outcomes, message).toEqual([...real.outcomes].sort());
  expect(modelled.doubleRelease, message).toBe(real.doubleRelease);
}

describe('the executor agrees with real runs', () => {
  it('on generated programs', async () => {
    await fc.assert(
      fc.asyncProperty(programArb().filter(isRealRunnable), check),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 11 },
    );
  }, 600_000);

  it('on the regression cases', async () => {
    for (const r of regressions) {
      const program = parseProgram(r.source);
      if (isRealRunnable(program)) await check(program);
    }
  });
});
