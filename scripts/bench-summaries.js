// What following calls into other modules costs on whole projects: lints each project
// directory three times with the lifetime rules (syntax only): without cross-module
// summaries, with them, and with them but without the provenance of receivers
// (src/provenance); prints the wall time and reports of each, the module cache's figures
// (modules asked for, cache hits, files parsed, time in the parser) and provenance's
// (receivers traced, time spent tracing them, module parses included).
//
//   npm run build
//   node scripts/bench-summaries.js [--json] DIR ...     (default: tests/fixtures/summaries)
//
// Files are found as in scripts/field-test.js (source files, no node_modules/dist/build,
// no declarations, none over 1 MB). One ESLint instance per run, so the module cache is
// the process's, as in a CLI run or an editor session.

import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import plugin from '../dist/src/index.js';
import { setCrossModuleEnabled } from '../dist/src/summaries/callee.js';
import { getSummaryStats, resetSummaryStats } from '../dist/src/summaries/stats.js';
import { getProvenanceStats, resetProvenanceStats, setProvenanceEnabled } from '../dist/src/provenance/index.js';

const SOURCE_FILE = /\.(?:js|mjs|cjs|ts|mts|cts|tsx)$/u;
const DECLARATION_FILE = /\.d\.[cm]?ts$/u;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.git', '.next', 'out']);
const MAX_FILE_BYTES = 1024 * 1024;
const RULES = ['no-leaked-connection', 'no-leaked-cursor', 'no-unsettled-transaction', 'no-use-after-release'];

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const dirs = args.filter((arg) => !arg.startsWith('--'));
if (dirs.length === 0) {
  dirs.push(fileURLToPath(new URL('../tests/fixtures/summaries/', import.meta.url)));
}

function listFiles(dir) {
  const files = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) {
          stack.push(path);
        }
      } else if (SOURCE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name) && statSync(path).size <= MAX_FILE_BYTES) {
        files.push(path);
      }
    }
  }
  return files.sort();
}

async function lint(dir, files, crossModule, provenance = true) {
  setCrossModuleEnabled(crossModule);
  setProvenanceEnabled(provenance);
  resetSummaryStats();
  resetProvenanceStats();
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    ignore: false,
    overrideConfig: [
      {
        files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
        plugins: { leakguard: plugin },
        languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } } },
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
        rules: Object.fromEntries(RULES.map((rule) => [`leakguard/${rule}`, 'error'])),
      },
    ],
  });
  const started = performance.now();
  const results = await eslint.lintFiles(files);
  const ms = performance.now() - started;
  const reports = results.reduce((sum, result) => sum + result.messages.filter((message) => message.ruleId?.startsWith('leakguard/')).length, 0);
  return { ms, reports, stats: getSummaryStats(), provenance: getProvenanceStats() };
}

const rows = [];
for (const dir of dirs.map((path) => resolve(path))) {
  const files = listFiles(dir);
  const off = await lint(dir, files, false);
  const noProvenance = await lint(dir, files, true, false);
  const on = await lint(dir, files, true);
  const { requests, hits, parses, parseMs, parsedChars } = on.stats;
  rows.push({
    project: dir,
    files: files.length,
    msWithout: Math.round(off.ms),
    msWith: Math.round(on.ms),
    reportsWithout: off.reports,
    reportsWith: on.reports,
    msWithoutProvenance: Math.round(noProvenance.ms),
    reportsWithoutProvenance: noProvenance.reports,
    receiversTraced: on.provenance.queries,
    provenanceMs: Math.round(on.provenance.ms),
    moduleRequests: requests,
    cacheHits: hits,
    hitRate: requests === 0 ? null : Number((hits / requests).toFixed(3)),
    modulesParsed: parses,
    parseMs: Math.round(parseMs),
    parsedKB: Math.round(parsedChars / 1024),
  });
}
setCrossModuleEnabled(true);
setProvenanceEnabled(true);

if (asJson) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log(
    'project | files | ms without | ms with | reports without | reports with | ms without provenance | reports without provenance | receivers traced | provenance ms | modules asked | cache hits | hit rate | parsed | parse ms | parsed KB',
  );
  for (const row of rows) {
    console.log(
      [row.project, row.files, row.msWithout, row.msWith, row.reportsWithout, row.reportsWith, row.msWithoutProvenance, row.reportsWithoutProvenance, row.receiversTraced, row.provenanceMs, row.moduleRequests, row.cacheHits, row.hitRate ?? '–', row.modulesParsed, row.parseMs, row.parsedKB].join(' | '),
    );
  }
}
