// Giving up is an explicit result: a function the interpreter stops short on is not read
// as "no leak" and not as dead code; the rules stay silent on it and say so on the debug
// channel. The step budget grows with the function's size, so no shape found so far
// reaches it; these tests lower it (AnalysisOptions.stepBudget) to pin what happens then.

import type { TSESLint } from '@typescript-eslint/utils';
import { afterEach, describe, expect, it } from 'vitest';
import { takeDebugRecords } from '../../src/debug.js';
import { recordGiveUps } from '../../src/lifetime/shared.js';
import { analyzeCode, header, printLeaks } from './helpers.js';

const leaky = `${header}
export async function leaky(q) {
  const c = await pool.connect();
  try {
    await c.query(q);
  } finally {
    try {
      await c.query('log');
    } finally {
      await c.query('audit');
    }
  }
}
export async function fine(q) {
  const c = await pool.connect();
  try {
    return await c.query(q);
  } finally {
    c.release();
  }
}`;

afterEach(() => {
  takeDebugRecords();
});

describe('giving up', () => {
  it('with the default budget the leak is found', () => {
    const { reports, collector } = analyzeCode(leaky);
    expect(printLeaks(reports)).toEqual(['c: throw@7 normal@15', 'c: ok']);
    expect(collector.giveUps()).toEqual([]);
  });

  it('past the budget: no leak reported for the function, and the report says it gave up', () => {
    const { reports, collector } = analyzeCode(leaky, { stepBudget: 20 });
    // `fine` fits in the same budget: the budget is per function.
    expect(printLeaks(reports)).toEqual(['c: ok', 'c: ok']);
    expect(reports.map((report) => report.gaveUp?.reason ?? null)).toEqual(['budget', null]);
    expect(collector.giveUps().map(({ fn, kind, reason }) => [fn.loc.start.line, kind, reason])).toEqual([
      [4, 'connection', 'budget'],
    ]);
  });

  it('a rule puts each function it gave up on on the debug channel once, with its name and position', () => {
    const { collector } = analyzeCode(leaky, { stepBudget: 20 });
    const context = {
      id: 'leakguard/no-leaked-connection',
      filename: 'src/orders.ts',
      sourceCode: { getText: () => '' },
    } as unknown as TSESLint.RuleContext<string, readonly unknown[]>;
    recordGiveUps(context, collector, new Set(['connection']));
    recordGiveUps(context, collector, new Set(['connection']));
    const records = takeDebugRecords();
    expect(records.map(({ rule, file, line, column, name, reason }) => ({ rule, file, line, column, name, reason }))).toEqual([
      { rule: 'leakguard/no-leaked-connection', file: 'src/orders.ts', line: 4, column: 7, name: "async function 'leaky'", reason: 'budget' },
    ]);
    expect(records[0]?.detail).toMatch(/^20 interpreter steps spent on \d+ characters$/);
  });

  it('a rule for another kind of resource records nothing', () => {
    const { collector } = analyzeCode(leaky, { stepBudget: 20 });
    const context = {
      id: 'leakguard/no-leaked-cursor',
      filename: 'src/orders.ts',
      sourceCode: { getText: () => '' },
    } as unknown as TSESLint.RuleContext<string, readonly unknown[]>;
    recordGiveUps(context, collector, new Set(['cursor']));
    expect(takeDebugRecords()).toEqual([]);
  });

  it('a summary that gives up is unknown: the caller stays silent, and the callee is recorded', () => {
    const { reports, collector } = analyzeCode(
      `${header}
function done(c) {
  try { c.x(); } finally { c.release(); }
}
export function run() {
  const c = pool.connect();
  done(c);
}`,
      { stepBudget: 8 },
    );
    // `run` itself fits in 8 steps; `done` does not, so whether it releases is unknown.
    expect(printLeaks(reports)).toEqual(['c: ok']);
    expect(reports.map((report) => report.gaveUp)).toEqual([null]);
    expect(collector.giveUps().map(({ fn, reason }) => [fn.loc.start.line, reason])).toEqual([[4, 'summary']]);
  });
});
