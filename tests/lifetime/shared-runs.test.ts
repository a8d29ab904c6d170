// Sites of one function that differ only in where they acquire share their runs of
// statements (src/lifetime/shared-runs.ts): each must still get exactly its own leaks.

import { describe, expect, it } from 'vitest';
import { type DomainEffect, EffectRecorder, siteClassKey } from '../../src/lifetime/shared-runs.js';
import type { Leak, UseAfterRelease } from '../../src/lifetime/state.js';
import { analyzeCode, header, printLeaks } from './helpers.js';

const loop = (branches: string): string =>
  `${header}export async function run(xs) {\n  let c = await pool.connect();\n  for (const x of xs) {\n${branches}    await c.query('q');\n  }\n  c.release();\n}\n`;

describe('sites that share runs keep their own results', () => {
  it('re-acquiring sites in one loop are one class; the site before the loop is another', () => {
    const { reports } = analyzeCode(
      loop(`    if (x === 0) { c.release(); c = await pool.connect(); continue; }\n    if (x === 1) { c.release(); c = await pool.connect(); continue; }\n`),
    );
    const [before, first, second] = reports.map((report) => siteClassKey(report.site));
    expect(first).toBe(second);
    expect(before).not.toBe(first);
  });

  it('each site in the loop is reported for what happens after its own acquisition only', () => {
    // The same results as each site interpreted alone: the connections of lines 4 and 6
    // can be open when line 7 overwrites them (or its connect() throws); the one of line 8
    // is open at its `return`. After the sites of lines 7 and 9 the loop skips releases
    // under conditions unrelated to their own branch, so whether they leak is undecided
    // (see undecidedBySkip) and they are not reported.
    const { reports } = analyzeCode(
      loop(
        [
          `    if (x === 0) { c.release(); c = await pool.connect(); continue; }`,
          `    if (x === 1) { c = await pool.connect(); continue; }`,
          `    if (x === 2) { c.release(); c = await pool.connect(); return; }`,
          `    if (x === 3) { c.release(); c = await pool.connect(); continue; }`,
          '',
        ].join('\n'),
      ),
    );
    expect(printLeaks(reports)).toEqual([
      'c: overwritten@7 throw@7',
      'c: overwritten@7 throw@7',
      'c: ok',
      'c: return@8',
      'c: ok',
    ]);
  });
});

describe('recorded effects', () => {
  const leak = (name: string): Leak => ({ name }) as unknown as Leak;
  const use = (name: string): UseAfterRelease => ({ name }) as unknown as UseAfterRelease;
  const target = (): { leaks: Map<string, Leak>; usesAfterRelease: Map<number, UseAfterRelease>; settled: boolean } => ({
    leaks: new Map(),
    usesAfterRelease: new Map(),
    settled: false,
  });

  it('keeps each effect once, so a replay costs what differs, not the statements it covers', () => {
    const effects: DomainEffect[] = [
      ...Array.from({ length: 50 }, (): DomainEffect => 'settled'),
      { key: 'a', leak: leak('first a') },
      { key: 'a', leak: leak('second a') },
      { use: use('first use'), at: 7 },
      { use: use('last use'), at: 7 },
      { key: 'b', leak: leak('b') },
    ];
    const direct = target();
    const recorder = new EffectRecorder(direct, null);
    recorder.begin();
    recorder.begin();
    for (const effect of effects) {
      recorder.record(effect);
    }
    const inner = recorder.end();
    const outer = recorder.end();
    expect(inner.effects).toHaveLength(4);
    expect(outer.effects).toEqual(inner.effects);
    // Replayed, they leave a target as the effects one by one did: the first leak of a key,
    // the last use at a position.
    const replayed = target();
    new EffectRecorder(replayed, null).replay(outer.effects);
    expect(replayed).toEqual(direct);
    expect(replayed.leaks.get('a')).toEqual(leak('first a'));
    expect(replayed.usesAfterRelease.get(7)).toEqual(use('last use'));
  });

  it('re-acquiring sites of one holder share what the holder says', () => {
    const { reports } = analyzeCode(
      loop(`    if (x === 0) { c.release(); c = await pool.connect(); continue; }\n    if (x === 1) { c.release(); c = await pool.connect(); continue; }\n`),
    );
    const [before, first, second] = reports.map((report) => report.site);
    expect(first?.releaseCalls).toHaveLength(3);
    expect(first?.releaseCalls).toBe(second?.releaseCalls);
    expect(before?.releaseCalls).toBe(first?.releaseCalls);
  });
});
