// Two hosts, one answer: the plugin run by ESLint and by oxlint's JavaScript plugins must
// report the same findings — rule, message, start and end — on the example service, on
// every example in the rule docs, and on every case of the rule tests (valid and invalid,
// written out as files). Any difference fails the test, with the differing findings shown.
//
// The cases are collected by loading the rule test files with RuleTester replaced by a
// collector, so a case added there is in the corpus without a change here. Both hosts run
// through the `leakguard` command (`--engine eslint` / `--engine oxlint`), which gives them
// the same rules and files; the oxlint side loads the build in dist/ (`test:e2e` builds).

import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/run.js';
import plugin from '../../src/index.js';
import { makeProject, repoRoot } from './helpers.js';

interface Case {
  code: string;
  filename?: string;
}

const collected = vi.hoisted(() => ({ cases: new Map<string, unknown[]>() }));

vi.mock('@typescript-eslint/rule-tester', () => ({
  RuleTester: class {
    static afterAll = (): void => undefined;
    static describe = (): void => undefined;
    static it = (): void => undefined;
    static itOnly = (): void => undefined;
    run(name: string, _rule: unknown, tests: { valid: unknown[]; invalid: unknown[] }): void {
      const list = collected.cases.get(name) ?? [];
      list.push(...tests.valid, ...tests.invalid);
      collected.cases.set(name, list);
    }
  },
}));

function listTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listTests(join(dir, entry.name))
      : entry.name.endsWith('.test.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Writes the corpus into a new project: example service, docs examples, rule-test cases. */
async function writeCorpus(): Promise<{ dir: string; counts: Record<string, number> }> {
  const dir = makeProject({});
  cpSync(join(repoRoot, 'examples/service/src'), join(dir, 'service'), { recursive: true });
  const counts: Record<string, number> = { service: readdirSync(join(dir, 'service'), { recursive: true }).length };
  // Seen on a large service: a bundler config written as a module under a CommonJS name,
  // which oxlint does not parse and ESLint does.
  writeFileSync(
    join(dir, 'service/tsup.config.cjs'),
    `import { defineConfig } from 'tsup';\nexport default defineConfig({ entry: ['src/index.ts'] });\n`,
  );

  const docsDir = join(repoRoot, 'docs/rules');
  counts.docs = 0;
  for (const file of readdirSync(docsDir).filter((name) => name.endsWith('.md'))) {
    const text = readFileSync(join(docsDir, file), 'utf8');
    const blocks = [...text.matchAll(/^```(ts|tsx|js|jsx)\b[^\n]*\n([\s\S]*?)^```/gmu)];
    blocks.forEach((match, index) => {
      const target = join(dir, 'docs', file.replace(/\.md$/u, ''), `${String(index)}.${match[1] ?? 'ts'}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, match[2] ?? '');
      counts.docs = (counts.docs ?? 0) + 1;
    });
  }

  for (const file of listTests(join(repoRoot, 'tests/rules'))) {
    await import(pathToFileURL(file).href);
  }
  counts.cases = 0;
  for (const [rule, cases] of collected.cases) {
    cases.forEach((entry, index) => {
      const testCase: Case = typeof entry === 'string' ? { code: entry } : (entry as Case);
      const extension = /\.(tsx|jsx|js|mjs|cjs|mts|cts)$/u.exec(testCase.filename ?? '')?.[1] ?? 'ts';
      const target = join(dir, 'cases', rule, `${String(index)}.${extension}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, testCase.code);
      counts.cases = (counts.cases ?? 0) + 1;
    });
  }
  return { dir, counts };
}

interface Reported {
  filePath: string;
  messages: { ruleId: string | null; fatal?: boolean; line: number; column: number; endLine?: number; endColumn?: number; message: string }[];
}

/** Every finding as one comparable line; a parse error as the file and the fact alone. */
function findingsOf(stdout: string, dir: string): string[] {
  return (JSON.parse(stdout) as Reported[]).flatMap((result) =>
    result.messages.map((message) => {
      const file = relative(dir, result.filePath);
      return message.ruleId === null
        ? `${file} does not parse`
        : `${file}:${String(message.line)}:${String(message.column)}-${String(message.endLine)}:${String(message.endColumn)} ${message.ruleId} ${message.message}`;
    }),
  );
}

async function lintWith(engine: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  const io = { cwd: dir, env: {}, stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => true } };
  const rules = Object.entries(plugin.rules)
    .filter(([, rule]) => rule.meta.docs?.requiresTypeChecking !== true)
    .map(([name]) => name)
    .join(',');
  const code = await run(['--engine', engine, '--format', 'json', '--rule', rules, '.'], io);
  expect(code, `leakguard --engine ${engine} exit code`).toBe(1);
  return findingsOf(out.join(''), dir);
}

describe('ESLint and oxlint report the same', () => {
  let dir = '';
  let counts: Record<string, number> = {};
  let eslint: string[] = [];
  let oxlint: string[] = [];

  beforeAll(async () => {
    ({ dir, counts } = await writeCorpus());
    eslint = await lintWith('eslint', dir);
    oxlint = await lintWith('oxlint', dir);
    console.log(`parity corpus: ${JSON.stringify(counts)} files, ${String(eslint.length)} findings`);
  }, 600_000);

  it('has a corpus worth the name', () => {
    expect(counts.service).toBeGreaterThan(5);
    expect(counts.docs).toBeGreaterThan(50);
    expect(counts.cases).toBeGreaterThan(300);
    expect(eslint.filter((line) => line.startsWith('service/')).length).toBeGreaterThan(0);
    expect(eslint.filter((line) => line.startsWith('docs/')).length).toBeGreaterThan(20);
    expect(eslint.filter((line) => line.startsWith('cases/')).length).toBeGreaterThan(150);
  });

  it('finds every finding on both hosts, with the same message and range', () => {
    const onlyEslint = eslint.filter((line) => !oxlint.includes(line));
    const onlyOxlint = oxlint.filter((line) => !eslint.includes(line));
    expect({ onlyEslint, onlyOxlint }).toEqual({ onlyEslint: [], onlyOxlint: [] });
    expect(oxlint.length).toBe(eslint.length);
  });
});
