// Labelled field re-run: lints exactly the files named in docs/field-labels.csv, each in place
// in its repository checkout at the recorded commit, with the plugin built from this checkout
// (dist/), and compares the reports of the four resource rules with the labels. It is the
// "after" half of a field measurement whose "before" half is the labels file itself.
//
//   npm run build
//   node scripts/field-labels.js [--json] [--labels FILE] [--field DIR] [--run FILE]
//   npm run field:labels
//
// A label row is: repository (owner/name), commit, file (relative to the repository), line,
// rule (without the `leakguard/` prefix), label, context (product/test/script), cause.
//   TRUE / FALSE / DEBATABLE  a report of the rule at that line, triaged by reading the code;
//   MISS                      an acquisition site that leaks and that the rule did not report;
//   OK-UNREPORTED             an acquisition site that does not leak and was not reported.
//
// The checkout of owner/name is DIR/name (DIR: --field, else $LEAKGUARD_FIELD_DIR, else
// /work/field), a git checkout whose HEAD must be the recorded commit: the script stops with
// exit 2 naming every checkout that is missing or at another commit, and on bad arguments or
// a plugin that cannot be loaded. Otherwise it exits 0 whatever it finds.
//
// A report matches a label when file, rule and line agree; a report within two lines of a
// label that no report matches exactly is taken as the same finding, moved (the report
// location of a finding can change between versions), and listed as such.
//
// --run FILE takes the JSON of a whole field run (scripts/field-test.js, e.g.
// /tmp/field/latest.json) over the same checkouts and lists its resource-rule reports in
// files that carry no label: the labelled files are re-linted here, the rest only there.
//
// Printed: TRUE reports lost, FALSE/DEBATABLE reports that remain, MISS sites now found,
// OK-UNREPORTED sites now reported, reports in the labelled files that no label covers (to
// triage), and precision and recall over the labelled set before and now. Precision counts
// labelled reports only; unlabelled new reports are listed apart until someone triages them.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintSource, makeEslint } from './field-test.js';

const RESOURCE_RULES = new Set([
  'no-leaked-connection',
  'no-leaked-cursor',
  'no-unsettled-transaction',
  'no-use-after-release',
]);
const REPORT_LABELS = new Set(['TRUE', 'FALSE', 'DEBATABLE']);
const SITE_LABELS = new Set(['MISS', 'OK-UNREPORTED']);
const CONTEXTS = new Set(['product', 'test', 'script']);
const COLUMNS = ['repository', 'commit', 'file', 'line', 'rule', 'label', 'context', 'cause'];
/** How far a report may move from its labelled line and still be the same finding. */
const MOVE_TOLERANCE = 2;

function fail(message) {
  console.error(`field-labels: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    json: false,
    labels: fileURLToPath(new URL('../docs/field-labels.csv', import.meta.url)),
    field: process.env.LEAKGUARD_FIELD_DIR ?? '/work/field',
    run: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--labels' || arg === '--field' || arg === '--run') {
      const value = argv[i + 1];
      if (value === undefined) fail(`${arg} needs a value`);
      options[arg.slice(2)] = resolve(value);
      i += 1;
    } else fail(`unknown argument ${arg} (usage: node scripts/field-labels.js [--json] [--labels FILE] [--field DIR] [--run FILE])`);
  }
  return options;
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
function splitCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

function readLabels(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    fail(`cannot read the labels file ${path}`);
  }
  const lines = text.split(/\r?\n/u).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '');
  if (header.join(',') !== COLUMNS.join(',')) fail(`${path}: the header must be ${COLUMNS.join(',')}`);
  return lines.slice(1).map((line, i) => {
    const cells = splitCsvLine(line);
    const row = Object.fromEntries(COLUMNS.map((c, j) => [c, cells[j] ?? '']));
    const where = `${path}:${i + 2}`;
    row.line = Number(row.line);
    if (cells.length !== COLUMNS.length) fail(`${where}: ${cells.length} columns, expected ${COLUMNS.length}`);
    if (!/^[\w.-]+\/[\w.-]+$/u.test(row.repository)) fail(`${where}: repository must be owner/name`);
    if (!/^[0-9a-f]{40}$/u.test(row.commit)) fail(`${where}: commit must be 40 hex digits`);
    if (!Number.isInteger(row.line) || row.line < 1) fail(`${where}: bad line`);
    if (!RESOURCE_RULES.has(row.rule)) fail(`${where}: rule ${row.rule} is not one of the resource rules`);
    if (!REPORT_LABELS.has(row.label) && !SITE_LABELS.has(row.label)) fail(`${where}: unknown label ${row.label}`);
    if (!CONTEXTS.has(row.context)) fail(`${where}: unknown context ${row.context}`);
    return row;
  });
}

/** Every checkout the labels need, checked: present, a git checkout, at the recorded commit. */
function checkCheckouts(labels, fieldDir) {
  const repos = new Map();
  for (const l of labels) {
    const known = repos.get(l.repository);
    if (known !== undefined && known.commit !== l.commit) {
      fail(`${l.repository} is labelled at two commits (${known.commit}, ${l.commit})`);
    }
    repos.set(l.repository, { repository: l.repository, commit: l.commit, dir: join(fieldDir, l.repository.split('/')[1]) });
  }
  const problems = [];
  for (const repo of repos.values()) {
    if (!existsSync(repo.dir)) {
      problems.push(`${repo.repository}: no checkout at ${repo.dir}`);
      continue;
    }
    let head;
    try {
      head = execFileSync('git', ['-C', repo.dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      problems.push(`${repo.repository}: ${repo.dir} is not a git checkout, so its commit cannot be checked`);
      continue;
    }
    if (head !== repo.commit) problems.push(`${repo.repository}: ${repo.dir} is at ${head}, the labels are for ${repo.commit}`);
  }
  for (const l of labels) {
    const repo = repos.get(l.repository);
    if (existsSync(repo.dir) && !existsSync(join(repo.dir, l.file))) problems.push(`${l.repository}: ${l.file} is missing from ${repo.dir}`);
  }
  if (problems.length > 0) {
    fail(
      `the labelled checkouts are not in place:\n  ${[...new Set(problems)].join('\n  ')}\n` +
        'Recreate them as docs/field-test.md describes (one checkout per repository at the listed commit).',
    );
  }
  return repos;
}

async function lintLabelledFiles(labels, repos, plugin) {
  const reports = [];
  const byRepo = new Map();
  for (const l of labels) {
    const files = byRepo.get(l.repository) ?? new Set();
    files.add(l.file);
    byRepo.set(l.repository, files);
  }
  for (const [repository, files] of byRepo) {
    const { dir } = repos.get(repository);
    const eslintModule = makeEslint(dir, plugin, 'module', null);
    const eslintScript = makeEslint(dir, plugin, 'commonjs', null);
    for (const file of [...files].sort()) {
      const path = join(dir, file);
      const results = await lintSource(eslintModule, eslintScript, path, readFileSync(path, 'utf8'));
      for (const m of results[0]?.messages ?? []) {
        if (m.fatal === true) {
          reports.push({ repository, file, line: m.line, rule: null, message: `parse error: ${m.message}` });
          continue;
        }
        const rule = (m.ruleId ?? '').replace(/^leakguard\//u, '');
        if (RESOURCE_RULES.has(rule)) reports.push({ repository, file, line: m.line, rule, message: m.message });
      }
    }
  }
  return reports;
}

/** Pairs labels with reports: exact line first, then the nearest unclaimed report within the tolerance. */
function match(labels, reports) {
  const claimed = new Set();
  const found = new Map();
  const key = (x) => `${x.repository}\u0000${x.file}\u0000${x.rule}`;
  const reportsByKey = new Map();
  for (const r of reports) {
    if (r.rule === null) continue;
    const list = reportsByKey.get(key(r)) ?? [];
    list.push(r);
    reportsByKey.set(key(r), list);
  }
  for (const pass of [0, MOVE_TOLERANCE]) {
    for (const l of labels) {
      if (found.has(l)) continue;
      let best = null;
      for (const r of reportsByKey.get(key(l)) ?? []) {
        const distance = Math.abs(r.line - l.line);
        if (claimed.has(r) || distance > pass) continue;
        if (best === null || distance < Math.abs(best.line - l.line)) best = r;
      }
      if (best !== null) {
        claimed.add(best);
        found.set(l, best);
      }
    }
  }
  const unlabelled = reports.filter((r) => !claimed.has(r));
  return { found, unlabelled };
}

/** Resource-rule reports of a whole field run in files that no label names. */
function reportsOutsideLabels(runPath, labels) {
  let run;
  try {
    run = JSON.parse(readFileSync(runPath, 'utf8'));
  } catch {
    fail(`cannot read the field run ${runPath}`);
  }
  const repoOf = new Map(labels.map((l) => [l.repository.split('/')[1], l.repository]));
  const labelled = new Set(labels.map((l) => `${l.repository}\u0000${l.file}`));
  return (run.findings ?? [])
    .map((f) => ({ repository: repoOf.get(f.project) ?? f.project, file: f.file, line: f.line, rule: String(f.rule).replace(/^leakguard\//u, ''), message: f.message }))
    .filter((f) => RESOURCE_RULES.has(f.rule) && !labelled.has(`${f.repository}\u0000${f.file}`));
}

function ratio(n, d) {
  return d === 0 ? null : Math.round((1000 * n) / d) / 10;
}

function summarise(labels, found) {
  const reportLabels = labels.filter((l) => REPORT_LABELS.has(l.label));
  const precision = (rows) => {
    const byContext = {};
    for (const context of CONTEXTS) {
      const inContext = rows.filter((l) => l.context === context);
      const t = inContext.filter((l) => l.label === 'TRUE').length;
      byContext[context] = { reports: inContext.length, true: t, precision: ratio(t, inContext.length) };
    }
    return byContext;
  };
  const trueLabels = reportLabels.filter((l) => l.label === 'TRUE');
  const misses = labels.filter((l) => l.label === 'MISS');
  const leaksKnown = trueLabels.length + misses.length;
  const trueKept = trueLabels.filter((l) => found.has(l)).length;
  const missesFound = misses.filter((l) => found.has(l)).length;
  return {
    before: {
      precision: precision(reportLabels),
      recall: { leaksKnown, found: trueLabels.length, recall: ratio(trueLabels.length, leaksKnown) },
    },
    now: {
      precision: precision(reportLabels.filter((l) => found.has(l))),
      recall: { leaksKnown, found: trueKept + missesFound, recall: ratio(trueKept + missesFound, leaksKnown) },
    },
  };
}

function describe(l, report) {
  const moved = report !== undefined && report.line !== l.line ? ` (now at line ${report.line})` : '';
  return `${l.repository.split('/')[1]} ${l.file}:${l.line} ${l.rule} [${l.context}]${moved} — ${l.cause}`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const labels = readLabels(options.labels);
  const repos = checkCheckouts(labels, options.field);
  let plugin;
  try {
    ({ default: plugin } = await import('../dist/src/index.js'));
  } catch (error) {
    fail(`cannot load ../dist/src/index.js; run \`npm run build\` first (${error instanceof Error ? error.message : String(error)})`);
  }
  const started = Date.now();
  const reports = await lintLabelledFiles(labels, repos, plugin);
  const { found, unlabelled } = match(labels, reports);

  const lostTrue = labels.filter((l) => l.label === 'TRUE' && !found.has(l));
  const remaining = labels.filter((l) => (l.label === 'FALSE' || l.label === 'DEBATABLE') && found.has(l));
  const missesFound = labels.filter((l) => l.label === 'MISS' && found.has(l));
  const okReported = labels.filter((l) => l.label === 'OK-UNREPORTED' && found.has(l));
  const movedCount = [...found].filter(([l, r]) => l.line !== r.line).length;
  const summary = summarise(labels, found);
  const parseErrors = reports.filter((r) => r.rule === null);
  const outside = options.run === null ? null : reportsOutsideLabels(options.run, labels);

  if (options.json) {
    const row = (l) => ({ ...l, nowAt: found.get(l)?.line ?? null, message: found.get(l)?.message ?? null });
    const result = {
      plugin: `${plugin.meta.name}@${plugin.meta.version}`,
      labels: options.labels,
      repositories: [...repos.values()],
      files: new Set(labels.map((l) => `${l.repository}:${l.file}`)).size,
      timeMs: Date.now() - started,
      summary,
      lostTrue: lostTrue.map(row),
      remainingFalseOrDebatable: remaining.map(row),
      missesFound: missesFound.map(row),
      okSitesNowReported: okReported.map(row),
      unlabelledReports: unlabelled.filter((r) => r.rule !== null),
      parseErrors,
      reportsOutsideLabelledFiles: outside,
      moved: movedCount,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  const out = [];
  const section = (title, rows, line) => {
    out.push('', `${title}: ${rows.length}`);
    for (const r of rows) out.push(`  - ${line(r)}`);
  };
  out.push(`plugin: ${plugin.meta.name}@${plugin.meta.version}; labels: ${options.labels}`);
  out.push(
    `${labels.length} labels over ${new Set(labels.map((l) => `${l.repository}:${l.file}`)).size} files in ${repos.size} checkouts; ` +
      `${reports.length - parseErrors.length} resource-rule reports now (${movedCount} matched at a moved line); ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  section('TRUE reports lost', lostTrue, (l) => describe(l));
  section('FALSE/DEBATABLE reports that remain', remaining, (l) => `${l.label} ${describe(l, found.get(l))}`);
  section('labelled misses now found', missesFound, (l) => describe(l, found.get(l)));
  section('OK (unreported) sites now reported', okReported, (l) => `${describe(l, found.get(l))}\n      ${found.get(l).message}`);
  section('reports no label covers (triage them)', unlabelled.filter((r) => r.rule !== null), (r) => `${r.repository.split('/')[1]} ${r.file}:${r.line} ${r.rule}\n      ${r.message}`);
  if (outside !== null) section(`reports of ${options.run} in files no label names (triage them)`, outside, (r) => `${r.repository.split('/')[1]} ${r.file}:${r.line} ${r.rule}\n      ${r.message}`);
  if (parseErrors.length > 0) section('parse errors', parseErrors, (r) => `${r.repository.split('/')[1]} ${r.file}:${r.line} ${r.message}`);
  out.push('', 'precision (labelled reports; TRUE / reports):');
  for (const context of CONTEXTS) {
    const b = summary.before.precision[context];
    const n = summary.now.precision[context];
    out.push(`  ${context.padEnd(8)} before ${b.true}/${b.reports} (${b.precision ?? '-'} %)   now ${n.true}/${n.reports} (${n.precision ?? '-'} %)`);
  }
  const rb = summary.before.recall;
  const rn = summary.now.recall;
  out.push(`recall (TRUE reports + labelled misses): before ${rb.found}/${rb.leaksKnown} (${rb.recall} %)   now ${rn.found}/${rn.leaksKnown} (${rn.recall} %)`);
  console.log(out.join('\n'));
}

await main();
