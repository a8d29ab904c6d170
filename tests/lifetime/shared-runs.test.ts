// Sites of one function that differ only in where they acquire share their runs of
// statements (src/lifetime/shared-runs.ts): each must still get exactly its own leaks.

import { describe, expect, it } from 'vitest';
import { siteClassKey } from '../../src/lifetime/shared-runs.js';
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
