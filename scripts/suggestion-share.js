// The share of leak findings that come with a suggestion: runs no-leaked-connection,
// no-leaked-cursor and no-unsettled-transaction (syntax only) over source files and over
// the code blocks of Markdown files, and counts the reports and those with at least one
// suggestion, per rule and per suggestion kind. A measuring tool, not part of `npm test`.
//
//   npm run build
//   node scripts/suggestion-share.js [--list] PATH ...
//
// A PATH is a file or a directory (searched for .js/.mjs/.cjs/.ts/.mts/.cts/.tsx and .md,
// skipping node_modules, dist, build, coverage and .git). In Markdown, every fenced block
// in js/ts/jsx/tsx/mjs/cjs/mts/cts is linted except those marked `correct` (the docs'
// ✅ examples). --list prints each report without a suggestion, to see what is missing.
//
// Examples: the docs' ❌ examples, the README and the example service —
//   node scripts/suggestion-share.js docs/rules/no-leaked-connection.md \
//     docs/rules/no-leaked-cursor.md docs/rules/no-unsettled-transaction.md README.md examples

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';

const RULES = ['no-leaked-connection', 'no-leaked-cursor', 'no-unsettled-transaction'];
const SOURCE_FILE = /\.(?:js|mjs|cjs|ts|mts|cts|tsx|jsx)$/u;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.git']);
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*(\w+)?\s*(.*)$/u;
const LANGS = new Set(['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts']);

const { default: plugin } = await import('../dist/src/index.js').catch((error) => {
  throw new Error('run `npm run build` first', { cause: error });
});

const args = process.argv.slice(2);
const list = args.includes('--list');
const paths = args.filter((arg) => arg !== '--list');
if (paths.length === 0) {
  console.error('usage: node scripts/suggestion-share.js [--list] PATH ...');
  process.exit(2);
}

/** Every source and Markdown file under `path`. */
function collectFiles(path, out = []) {
  const stat = statSync(path);
  if (stat.isFile()) {
    out.push(path);
    return out;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) {
      collectFiles(join(path, entry.name), out);
    } else if (entry.isFile() && (SOURCE_FILE.test(entry.name) || entry.name.endsWith('.md'))) {
      out.push(join(path, entry.name));
    }
  }
  return out;
}

/** The units to lint in a file: the file itself, or a Markdown file's code blocks. */
function collectUnits(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.md')) {
    return [{ where: file, code: text, tsx: /x$/u.test(extname(file)) }];
  }
  const units = [];
  const lines = text.split(/\r?\n/u);
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index]);
    if (!open) {
      continue;
    }
    const [, fence, lang = '', info] = open;
    const body = [];
    let end = index + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) {
      body.push(lines[end]);
      end += 1;
    }
    if (LANGS.has(lang) && !/\bcorrect\b/u.test(info) || (LANGS.has(lang) && /\bincorrect\b/u.test(info))) {
      units.push({ where: `${file}:${index + 1}`, code: body.join('\n'), tsx: lang.endsWith('x') });
    }
    index = end;
  }
  return units;
}

const linter = new Linter({ configType: 'flat' });
const config = (tsx) => [
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { leakguard: plugin },
    rules: Object.fromEntries(RULES.map((rule) => [`leakguard/${rule}`, 'error'])),
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: tsx } },
    },
  },
];

const totals = Object.fromEntries(RULES.map((rule) => [rule, { findings: 0, withSuggestion: 0 }]));
const kinds = {};
let unparsable = 0;
for (const file of paths.flatMap((path) => collectFiles(path))) {
  for (const unit of collectUnits(file)) {
    const messages = linter.verify(unit.code, config(unit.tsx), { filename: unit.tsx ? 'file.tsx' : 'file.ts' });
    if (messages.some((message) => message.fatal)) {
      unparsable += 1;
      continue;
    }
    for (const message of messages) {
      const rule = message.ruleId?.replace('leakguard/', '');
      if (!rule || !totals[rule]) {
        continue;
      }
      totals[rule].findings += 1;
      const suggestions = message.suggestions ?? [];
      if (suggestions.length > 0) {
        totals[rule].withSuggestion += 1;
        for (const suggestion of suggestions) {
          kinds[suggestion.messageId] = (kinds[suggestion.messageId] ?? 0) + 1;
        }
      } else if (list) {
        console.log(`${unit.where} +${message.line}: ${rule}: ${message.message}`);
      }
    }
  }
}

const percent = (part, whole) => (whole === 0 ? '-' : `${Math.round((100 * part) / whole)} %`);
let findings = 0;
let withSuggestion = 0;
for (const rule of RULES) {
  const row = totals[rule];
  findings += row.findings;
  withSuggestion += row.withSuggestion;
  console.log(`${rule.padEnd(26)} ${String(row.withSuggestion).padStart(5)} of ${String(row.findings).padStart(5)} findings with a suggestion (${percent(row.withSuggestion, row.findings)})`);
}
console.log(`${'all'.padEnd(26)} ${String(withSuggestion).padStart(5)} of ${String(findings).padStart(5)} findings with a suggestion (${percent(withSuggestion, findings)})`);
console.log(`suggestions offered, by kind: ${JSON.stringify(kinds)}${unparsable > 0 ? `; ${unparsable} unparsable units skipped` : ''}`);
