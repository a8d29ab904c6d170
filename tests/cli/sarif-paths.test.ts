// SARIF that carries the path: codeFlows (acquisition, the exit that leaves the resource
// open, the function's end), relatedLocations (that exit, the release the path skips),
// partialFingerprints that survive unrelated edits, and help from the rule docs.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { isCollectingLeakPaths } from '../../src/trace.js';
import { leakySource, makeProject } from '../e2e/helpers.js';

async function sarif(dir: string, args: string[] = []): Promise<Log> {
  const out: string[] = [];
  const io = { cwd: dir, env: {}, stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => true } };
  expect(await run(['--format', 'sarif', ...args], io)).toBe(1);
  return JSON.parse(out.join('')) as Log;
}

function steps(result: Result | undefined): [number | undefined, string | undefined][] {
  return (result?.codeFlows?.[0]?.threadFlows[0]?.locations ?? []).map((entry) => [
    entry.location?.physicalLocation?.region?.startLine,
    entry.location?.message?.text,
  ]);
}

describe('SARIF leak paths', () => {
  it('gives a lifetime finding its path and related locations', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    const [result] = (await sarif(dir)).runs[0]?.results ?? [];
    expect(steps(result)).toEqual([
      [4, '`client` is acquired here'],
      [5, '`client`: can throw here, leaving it open'],
      [8, '`count` ends without releasing `client`'],
    ]);
    expect(result?.relatedLocations?.map((entry) => [entry.physicalLocation?.region?.startLine, entry.message?.text])).toEqual([
      [5, 'the exit that leaves it open'],
      [6, 'the release this path skips'],
    ]);
    expect(isCollectingLeakPaths()).toBe(false);
  });

  it('keeps partialFingerprints when unrelated code moves the finding', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    const before = (await sarif(dir)).runs[0]?.results?.[0];
    writeFileSync(join(dir, 'src/leaky.js'), `// a comment\n\nexport const unrelated = 1;\n${leakySource}`);
    const after = (await sarif(dir)).runs[0]?.results?.[0];
    expect(after?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(7);
    expect(after?.partialFingerprints).toEqual(before?.partialFingerprints);
    expect(Object.keys(before?.partialFingerprints ?? {})).toEqual(['leakguard/v1']);
  });

  it('tells two identical findings in one file apart', async () => {
    const second = leakySource.replace('count', 'count2').replace(/^import.*\n.*\n/u, '');
    const dir = makeProject({ 'src/leaky.js': `${leakySource}${second}` });
    const results = (await sarif(dir)).runs[0]?.results ?? [];
    expect(results).toHaveLength(2);
    expect(results[0]?.partialFingerprints).not.toEqual(results[1]?.partialFingerprints);
  });

  it('gives each rule a full description and markdown help from its doc page', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    const rule = (await sarif(dir)).runs[0]?.tool.driver.rules?.find((entry) => entry.id === 'leakguard/no-leaked-connection');
    expect(rule?.fullDescription?.text).toBe(
      'Disallow database connections that are not released on every path out of a function.',
    );
    expect(rule?.help?.markdown).toMatch(/^## Rule details\n/u);
    expect(rule?.help?.markdown).toContain('```ts');
    expect(rule?.help?.markdown).toMatch(/\[Documentation\]\(https:\/\/.*no-leaked-connection\.md\)$/u);
  });

  it('has no path with oxlint, where the rules run in another process, but the same fingerprint', async () => {
    const dir = makeProject({ 'src/leaky.js': leakySource });
    const viaEslint = (await sarif(dir)).runs[0]?.results?.[0];
    const viaOxlint = (await sarif(dir, ['--engine', 'oxlint'])).runs[0]?.results?.[0];
    expect(viaOxlint?.codeFlows).toBeUndefined();
    expect(viaOxlint?.partialFingerprints).toEqual(viaEslint?.partialFingerprints);
    expect(viaOxlint?.locations).toEqual(viaEslint?.locations);
  });
});
