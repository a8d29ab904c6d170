// `--cache --type-aware` remembers the files the project service turned down, so the next
// run does not try them with types again (ESLint's cache keeps no result that failed to
// parse); editing their tsconfig makes them be tried again. Each run is its own process, as
// users run it: typescript-eslint's project service lives as long as the process and would
// not see the edited tsconfig within one.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getOutsideMemoryPath, loadOutsideProjectMemory } from '../../src/cli/outside-project.js';
import { leakySource, makeProject, parseFindings, runLeakguard } from './helpers.js';

const leakyTs = leakySource.replace('count(day)', 'count(day: string)');

async function lint(dir: string): Promise<{ code: number | null; findings: string[]; err: string }> {
  const result = await runLeakguard(['--type-aware', '--cache', '--cache-location', '.cache/', '--format', 'json'], dir);
  const findings = parseFindings(result.stdout, dir).map((finding) => `${finding.file}:${String(finding.line)} ${finding.ruleId ?? 'fatal'}`);
  return { code: result.code, findings, err: result.stderr };
}

describe('--cache --type-aware and files outside the project', () => {
  it('remembers them under an unchanged tsconfig and tries them again after it changes', async () => {
    const dir = makeProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }),
      'src/leaky.ts': leakyTs,
      'tools/tool.ts': leakyTs,
    });
    const tool = join(dir, 'tools/tool.ts');
    const memoryPath = getOutsideMemoryPath(join(dir, '.cache/'));
    const expected = ['src/leaky.ts:4 leakguard/no-leaked-connection', 'tools/tool.ts:4 leakguard/no-leaked-connection'];

    const first = await lint(dir);
    expect(first).toEqual({ code: 1, findings: expected, err: 'leakguard: 1 file is in no tsconfig; linted without type information.\n' });
    expect(loadOutsideProjectMemory(memoryPath).isKnownOutside(tool)).toBe(true);

    const second = await lint(dir);
    expect(second).toEqual(first);
    expect(Object.keys((JSON.parse(readFileSync(memoryPath, 'utf8')) as { files: object }).files)).toEqual([tool]);

    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src', 'tools'] }));
    expect(loadOutsideProjectMemory(memoryPath).isKnownOutside(tool)).toBe(false);
    const third = await lint(dir);
    expect(third).toEqual({ code: 1, findings: expected, err: '' });
    expect((JSON.parse(readFileSync(memoryPath, 'utf8')) as { files: object }).files).toEqual({});
  });
});
