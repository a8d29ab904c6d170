// `leakguard examples/service` (what `npm start` runs) must report exactly what the marker
// comments in the example say (examples/service/README.md):
//
//   // LEAK (leakguard/<rule>, …)   each named rule reports once inside the next statement
//   // BUG (leakguard/<rule>, …)    the same, for failures answered with 200
//   // OK …                         nothing is reported inside the next statement
//
// and nothing is reported outside a LEAK or BUG statement. A marker naming a rule the
// plugin does not have fails.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@typescript-eslint/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { type Finding, parseFindings, repoRoot, runLeakguard } from './helpers.js';

const serviceDir = join(repoRoot, 'examples/service');

interface Marker {
  kind: 'LEAK' | 'BUG' | 'OK';
  rules: string[];
  file: string;
  /** The line of the marker comment. */
  line: number;
  /** The lines of the statement the marker is about. */
  start: number;
  end: number;
}

const markerLine = /^\s*\*?\s*(LEAK|BUG|OK)\b(?:\s*\(([^)]*)\))?/u;

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The markers of one file, each tied to the first top-level statement after it. */
function readMarkers(path: string): Marker[] {
  const program = parse(readFileSync(path, 'utf8'), { comment: true, loc: true, range: true, sourceType: 'module' });
  const markers: Marker[] = [];
  for (const comment of program.comments) {
    const match = comment.value.split('\n').map((line) => markerLine.exec(line)).find((found) => found !== null);
    if (!match) {
      continue;
    }
    const statement = program.body.find((node) => node.range[0] >= comment.range[1]);
    if (!statement) {
      throw new Error(`${path}:${comment.loc.start.line}: a marker with no statement after it`);
    }
    const kind = match[1] as Marker['kind'];
    const named = (match[2] ?? '').split(',').map((rule) => rule.trim()).filter(Boolean);
    if (kind !== 'OK' && (named.length === 0 || !named.every((rule) => rule.startsWith('leakguard/')))) {
      throw new Error(`${path}:${comment.loc.start.line}: ${kind} must name its rules, as ${kind} (leakguard/<rule>)`);
    }
    markers.push({
      kind,
      rules: named,
      file: relative(serviceDir, path).split('\\').join('/'),
      line: comment.loc.start.line,
      start: statement.loc.start.line,
      end: statement.loc.end.line,
    });
  }
  return markers;
}

const markers = listSources(join(serviceDir, 'src')).flatMap(readMarkers);
const reported = markers.filter((marker) => marker.kind !== 'OK');
const expectations = reported.flatMap((marker) => marker.rules.map((rule) => ({ marker, rule })));
const isInPlugin = (rule: string): boolean => rule.slice('leakguard/'.length) in rules;

function isInside(finding: Finding, marker: Marker): boolean {
  return finding.file === marker.file && finding.line >= marker.start && finding.line <= marker.end;
}

describe('examples/service', () => {
  let findings: Finding[] = [];
  let code: number | null = null;
  beforeAll(async () => {
    const run = await runLeakguard(['--format', 'json', '.'], serviceDir);
    code = run.code;
    findings = parseFindings(run.stdout, serviceDir);
  });

  it('has LEAK, BUG and OK markers', () => {
    expect(reported.length).toBeGreaterThan(0);
    expect(markers.some((marker) => marker.kind === 'OK')).toBe(true);
  });

  it('makes the command exit 1, with every finding from a rule, none a parse error', () => {
    expect(code).toBe(1);
    expect(findings.filter((finding) => finding.ruleId === null)).toEqual([]);
  });

  it('has no finding outside a LEAK or BUG statement naming its rule', () => {
    const stray = findings.filter(
      (finding) =>
        !reported.some((marker) => isInside(finding, marker) && marker.rules.includes(finding.ruleId ?? '')),
    );
    expect(stray).toEqual([]);
  });

  it('has no finding inside an OK statement', () => {
    const inOk = markers
      .filter((marker) => marker.kind === 'OK')
      .flatMap((marker) => findings.filter((finding) => isInside(finding, marker)));
    expect(inOk).toEqual([]);
  });

  it('names only rules the plugin has in its markers', () => {
    expect(expectations.filter(({ rule }) => !isInPlugin(rule)).map(({ marker, rule }) => `${marker.file}:${String(marker.line)} ${rule}`)).toEqual([]);
  });

  for (const { marker, rule } of expectations) {
    it(`${rule} reports the ${marker.kind} marked at ${marker.file}:${marker.line} once`, () => {
      const inside = findings.filter((finding) => finding.ruleId === rule && isInside(finding, marker));
      expect(inside).toHaveLength(1);
    });
  }
});
