// The generator must only produce well-formed programs (otherwise a disagreement could be
// a syntax error in disguise), and the printer must print what the executor executes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeProgram } from './execute.js';
import { programArb } from './generate.js';
import { parseProgram } from './parse.js';
import { forEachStmt, printProgram } from './program.js';
import { getWellFormednessProblems } from './well-formed.js';

describe('generated programs', () => {
  for (const conditions of ['independent', 'correlated'] as const) {
    it(`are well-formed JavaScript (${conditions} conditions)`, () => {
      fc.assert(
        fc.property(programArb({ conditions }), (program) => {
          expect(getWellFormednessProblems(program), printProgram(program).source).toEqual([]);
        }),
        { numRuns: 300, seed: 7 },
      );
    });
  }

  it('print and parse back to the same program', () => {
    fc.assert(
      fc.property(programArb({ conditions: 'correlated' }), (program) => {
        expect(parseProgram(printProgram(program).source)).toEqual(program);
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('use each flag once, and never inside a loop, with independent conditions', () => {
    fc.assert(
      fc.property(programArb(), (program) => {
        const { source } = printProgram(program);
        for (const flag of program.flags) {
          expect(source.split(new RegExp(`\\b${flag}\\b`)).length - 1).toBe(2); // parameter + one test
        }
        forEachStmt(program.body, (s) => {
          if (s.kind !== 'loop') return;
          expect(s.cond?.kind).not.toBe('flag');
          forEachStmt(s.body, (inner) => {
            if (inner.kind === 'if' || inner.kind === 'guardedRelease' || inner.kind === 'loop') {
              expect(inner.cond?.kind).not.toBe('flag');
            }
          });
        });
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('mostly fit the execution budget, and both leak and not', () => {
    const programs = fc.sample(programArb(), { numRuns: 300, seed: 10 });
    const results = programs.map((p) => executeProgram(p));
    const complete = results.filter((r) => r.status === 'complete');
    expect(complete.length).toBeGreaterThan(programs.length * 0.9);
    expect(complete.filter((r) => r.leaks).length).toBeGreaterThan(programs.length * 0.2);
    expect(complete.filter((r) => !r.leaks && r.doubleRelease === null).length).toBeGreaterThan(programs.length * 0.2);
  });
});
