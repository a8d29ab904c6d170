// HTTP field labels against a field run: compares the `no-error-200` / `no-rate-limit-200`
// reports of a whole run of scripts/field-test.js (its JSON, e.g. /tmp/field-http/latest.json)
// with the labels in docs/field-labels-http.csv. It is the "after" half of the HTTP field
// measurement whose "before" half is the labels file. A measuring tool, not part of `npm test`;
// it stops being needed once scripts/field-labels.js reads the HTTP rules' labels too.
//
//   node scripts/field-http-labels.js [LABELS.csv] RUN.json
//
// A report matches a label when project (the checkout's directory name, i.e. the repository
// name), file and rule agree and the line is equal or within two lines (a moved finding).
// Printed: labelled reports (TRUE/DEBATABLE/FALSE) no longer reported, MISS rows now found,
// OK-UNREPORTED rows now reported, and reports no label covers (to triage). Exits 0 whenever it
// ran, 2 on bad arguments.

import { readFileSync } from 'node:fs';
const args = process.argv.slice(2);
if (args.length < 1 || args.length > 2) {
  console.error('usage: node scripts/field-http-labels.js [LABELS.csv] RUN.json');
  process.exit(2);
}
const runFile = args.at(-1);
const labelsFile = args.length === 2 ? args[0] : new URL('../docs/field-labels-http.csv', import.meta.url);
const rows = readFileSync(labelsFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const run = JSON.parse(readFileSync(runFile, 'utf8'));
const http = run.findings.filter((f) => /no-error-200|no-rate-limit-200/.test(f.rule));
const key = (p, f, r) => `${p}\u0000${f}\u0000${r}`;
const labels = new Map();
for (const [repo, , file, line, rule, label] of rows) {
  const k = key(repo.split('/')[1], file, rule);
  if (!labels.has(k)) labels.set(k, []);
  labels.get(k).push({ line: Number(line), label, used: false });
}
const out = { matched: {}, unlabelled: [] };
for (const f of http) {
  const rule = f.rule.replace('leakguard/', '');
  const cands = labels.get(key(f.project, f.file, rule)) ?? [];
  const hit = cands.find((c) => c.line === f.line) ?? cands.find((c) => Math.abs(c.line - f.line) <= 2);
  if (hit) { hit.used = true; out.matched[hit.label] = (out.matched[hit.label] ?? 0) + 1; }
  else out.unlabelled.push(`${f.project} ${f.file}:${f.line} ${rule}`);
}
const lost = [];
for (const [k, cs] of labels) for (const c of cs) if (!c.used && ['TRUE', 'DEBATABLE', 'FALSE'].includes(c.label)) lost.push(`${k.replaceAll('\u0000', ' ')}:${c.line} ${c.label}`);
const found = out.matched.MISS ?? 0, okNow = out.matched['OK-UNREPORTED'] ?? 0;
const missTotal = rows.filter((r) => r[5] === 'MISS').length;
console.log(`HTTP reports: ${http.length}; matched labels: ${JSON.stringify(out.matched)}`);
console.log(`reported labels no longer reported: ${lost.length}`); for (const l of lost) console.log('  ' + l);
console.log(`MISS now found: ${found} of ${missTotal}; OK-UNREPORTED now reported: ${okNow}`);
console.log(`reports with no label (triage these): ${out.unlabelled.length}`); for (const u of out.unlabelled) console.log('  ' + u);
const trueNow = out.matched.TRUE ?? 0;
const judged = trueNow + (out.matched.DEBATABLE ?? 0) + (out.matched.FALSE ?? 0);
const defects = rows.filter((r) => r[5] === 'TRUE' || r[5] === 'MISS').length;
console.log(`precision over labelled reports: ${trueNow}/${judged}; recall over labelled defects (TRUE + MISS rows): ${trueNow + found}/${defects}`);
