// Lints the examples in docs/rules/<rule>.md with <rule>, so the docs cannot drift from
// what the rule does.
//
// Convention for doc writers:
//
//   ```ts incorrect        the block must get at least one report from the page's rule
//   ```ts correct          the block must get no report from the page's rule
//
// The language may be ts, tsx, js, jsx, mts, cts, mjs or cjs; other fenced blocks (plain
// ```ts, ```json, ```sh …) are not linted. Every page needs at least one incorrect and
// one correct block. Blocks are parsed with @typescript-eslint/parser as ES modules
// (ecmaVersion latest, JSX for tsx/jsx), without type information, and only the page's
// rule is enabled. Rule options and shared settings may be given in HTML comments on the
// lines just above the fence (blank lines in between are allowed):
//
//   <!-- options: { "resources": [] } -->        the rule's first option; a JSON array
//                                                 is taken as the whole options list
//   <!-- settings: { "leakguard": { … } } -->    ESLint shared settings
//   <!-- types: true -->                          lint with type information, as `file.ts`
//                                                 of the project in tests/fixtures/types
//                                                 (real library declarations; its db.ts
//                                                 is the `./db.js` examples import)
//
// All must be valid JSON on one line.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const docsDir = join(root, 'docs/rules');
const typesFixtureDir = join(root, 'tests/fixtures/types');

type Verdict = 'correct' | 'incorrect';

interface Example {
  verdict: Verdict;
  lang: string;
  /** 1-based line of the opening fence, for failure messages. */
  line: number;
  code: string;
  options: unknown[];
  settings: Record<string, unknown>;
  types: boolean;
}

const LINTED_LANGS = new Set(['ts', 'tsx', 'js', 'jsx', 'mts', 'cts', 'mjs', 'cjs']);
const OPENING_FENCE = /^ {0,3}(?<fence>`{3,}|~{3,})\s*(?<info>.*)$/u;
const ANNOTATION = /^<!--\s*(?<key>options|settings|types)\s*:\s*(?<json>.*?)\s*-->$/u;

/** Reads the `<!-- options: … -->` / `<!-- settings: … -->` lines right above a fence. */
function collectAnnotations(
  lines: readonly string[],
  fenceIndex: number,
  where: string,
): Pick<Example, 'options' | 'settings' | 'types'> {
  let options: unknown[] = [];
  let settings: Record<string, unknown> = {};
  let types = false;
  for (let index = fenceIndex - 1; index >= 0; index--) {
    const text = (lines[index] ?? '').trim();
    if (text === '') {
      continue;
    }
    const match = ANNOTATION.exec(text);
    if (!match?.groups) {
      break;
    }
    const { key = '', json = '' } = match.groups;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new Error(`${where}, line ${String(index + 1)}: ${key} is not valid JSON`, { cause: error });
    }
    if (key === 'options') {
      options = Array.isArray(value) ? value : [value];
    } else if (key === 'types') {
      types = value === true;
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      settings = value as Record<string, unknown>;
    } else {
      throw new Error(`${where}, line ${String(index + 1)}: settings must be a JSON object`);
    }
  }
  return { options, settings, types };
}

/** Extracts the fenced blocks marked `correct` / `incorrect` from a markdown page. */
function collectExamples(markdown: string, where: string): Example[] {
  const lines = markdown.split(/\r?\n/u);
  const examples: Example[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = OPENING_FENCE.exec(lines[index] ?? '');
    if (!opening?.groups) {
      continue;
    }
    const { fence = '', info = '' } = opening.groups;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${String(fence.length)},}\\s*$`, 'u');
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !closing.test(lines[index] ?? ''); index++) {
      body.push(lines[index] ?? '');
    }
    const [lang = '', verdict] = info.trim().split(/\s+/u);
    if (LINTED_LANGS.has(lang) && (verdict === 'correct' || verdict === 'incorrect')) {
      examples.push({
        verdict,
        lang,
        line: start + 1,
        code: `${body.join('\n')}\n`,
        ...collectAnnotations(lines, start, where),
      });
    }
  }
  return examples;
}

const docs = (existsSync(docsDir) ? readdirSync(docsDir) : [])
  .filter((file) => file.endsWith('.md'))
  .sort()
  .map((file) => {
    const ruleName = basename(file, '.md');
    const where = `docs/rules/${file}`;
    return { ruleName, where, examples: collectExamples(readFileSync(join(docsDir, file), 'utf8'), where) };
  });

const linter = new Linter({ configType: 'flat' });

function lint(ruleName: string, example: Example): Linter.LintMessage[] {
  const jsx = example.lang === 'tsx' || example.lang === 'jsx';
  const config: Linter.Config = {
    files: ['**/*.{ts,tsx,js,jsx,mts,cts,mjs,cjs}'],
    // The plugin's rules are typed for typescript-eslint's RuleContext, which ESLint's own
    // Plugin type does not know about; at run time the two are the same objects.
    plugins: { leakguard: plugin as unknown as ESLint.Plugin },
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: example.types
        ? { projectService: { allowDefaultProject: [], defaultProject: 'tsconfig.json' }, tsconfigRootDir: typesFixtureDir }
        : { ecmaFeatures: { jsx } },
    },
    // The typed examples are linted as a file of the fixture project under tests/, which the
    // default test-file globs would take for a test: the docs show product code.
    settings: example.types
      ? { ...example.settings, leakguard: { testFiles: [], ...(example.settings.leakguard as object | undefined) } }
      : example.settings,
    rules: { [`leakguard/${ruleName}`]: ['error', ...example.options] },
  };
  const filename = example.types ? join(typesFixtureDir, 'file.ts') : `example.${example.lang}`;
  return linter.verify(example.code, config, { filename });
}

it('finds docs pages to check', () => {
  expect(docs.map(({ ruleName }) => ruleName)).not.toEqual([]);
});

describe.each(docs)('$where', ({ ruleName, where, examples }) => {
  it('documents a rule that exists', () => {
    expect(Object.keys(plugin.rules)).toContain(ruleName);
  });

  it('has at least one incorrect and one correct example', () => {
    expect(examples.filter((example) => example.verdict === 'incorrect').length).toBeGreaterThan(0);
    expect(examples.filter((example) => example.verdict === 'correct').length).toBeGreaterThan(0);
  });

  // it.each needs a non-empty table; the test above already reports an empty page.
  const cases = examples.map((example) => ({ ...example, title: `${example.verdict} block at line ${String(example.line)}` }));
  if (cases.length === 0) {
    return;
  }

  it.each(cases)('$title', (example) => {
    const ruleId = `leakguard/${ruleName}`;
    const messages = lint(ruleName, example);
    // Anything else is a parse error or a configuration problem of the harness.
    const others = messages.filter((message) => message.ruleId !== ruleId);
    expect(others, `${where}:${String(example.line)} could not be linted`).toEqual([]);
    const reports = messages.filter((message) => message.ruleId === ruleId);
    if (example.verdict === 'incorrect') {
      expect(reports.length, `${where}:${String(example.line)} should be reported by ${ruleName}`).toBeGreaterThan(0);
    } else {
      expect(
        reports.map((report) => `line ${String(report.line)}: ${report.message}`),
        `${where}:${String(example.line)} should not be reported by ${ruleName}`,
      ).toEqual([]);
    }
  });
});
