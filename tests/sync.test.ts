// Keeps the places that name the rules in step: rule files, rules/index.ts, the plugin's
// configs, docs/rules/*.md, the README's rule table and tests/rules/*.test.ts (or a folder
// tests/rules/<rule>/ of test files split by construct). A rule added in one place and
// forgotten in another fails here, not in a user's config.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import plugin from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const ruleFileNames = readdirSync(join(root, 'rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => basename(file, '.ts'))
  .sort();

const docFileNames = (existsSync(join(root, 'docs/rules')) ? readdirSync(join(root, 'docs/rules')) : [])
  .filter((file) => file.endsWith('.md'))
  .map((file) => basename(file, '.md'))
  .sort();

const ruleEntries = Object.entries(rules);
const ruleNames = Object.keys(rules);

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

type AnyRule = (typeof rules)[keyof typeof rules];

/** A rule's meta.docs, which every leakguard rule must declare. */
function getDocs(rule: AnyRule): NonNullable<AnyRule['meta']['docs']> {
  const { docs } = rule.meta;
  if (docs === undefined) {
    throw new Error('meta.docs is missing');
  }
  return docs;
}

function normaliseSpace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().toLowerCase();
}

describe('rules/index.ts', () => {
  it('has at least one rule', () => {
    expect(ruleNames.length).toBeGreaterThan(0);
  });

  it('lists every rule file in rules/, and nothing else', () => {
    expect([...ruleNames].sort()).toEqual(ruleFileNames);
  });

  it('lists the rules in alphabetical order', () => {
    expect(ruleNames).toEqual([...ruleNames].sort());
  });

  it('is what the plugin exports', () => {
    expect(plugin.rules).toBe(rules);
  });
});

describe('plugin meta', () => {
  it('matches package.json and uses the leakguard namespace', () => {
    expect(plugin.meta).toEqual({
      name: packageJson.name,
      version: packageJson.version,
      namespace: 'leakguard',
    });
  });
});

describe('configs', () => {
  const expectedAll = Object.fromEntries(ruleNames.map((name) => [`leakguard/${name}`, 'error']));
  const expectedRecommended = Object.fromEntries(
    ruleEntries
      .filter(([, rule]) => rule.meta.docs?.recommended === true)
      .map(([name]) => [`leakguard/${name}`, 'error']),
  );

  it('all enables every rule', () => {
    expect(plugin.configs.all.rules).toEqual(expectedAll);
  });

  it('recommended enables exactly the rules whose docs.recommended is true', () => {
    expect(plugin.configs.recommended.rules).toEqual(expectedRecommended);
  });

  it('recommended-type-checked enables the same rules (they read types wherever a program exists)', () => {
    expect(plugin.configs['recommended-type-checked'].rules).toEqual(expectedRecommended);
  });

  it('strict enables the recommended rules, asking lifetime rules for releases in finally', () => {
    const takesRequireFinally = (name: string): boolean => {
      const rule = rules[name as keyof typeof rules];
      const [schema] = rule.meta.schema as readonly { properties?: Record<string, unknown> }[];
      return schema?.properties?.requireFinally !== undefined;
    };
    expect(plugin.configs.strict.rules).toEqual(
      Object.fromEntries(
        Object.keys(expectedRecommended).map((id) => [
          id,
          takesRequireFinally(id.slice('leakguard/'.length)) ? ['error', { requireFinally: true }] : 'error',
        ]),
      ),
    );
    expect(plugin.configs.strict.rules?.['leakguard/no-leaked-connection']).toEqual(['error', { requireFinally: true }]);
  });

  it.each(Object.entries(plugin.configs))('%s registers the plugin and names only its rules', (_name, config) => {
    expect(config.plugins?.leakguard).toBe(plugin);
    for (const ruleId of Object.keys(config.rules ?? {})) {
      expect(ruleId).toMatch(/^leakguard\//u);
      expect(ruleNames).toContain(ruleId.slice('leakguard/'.length));
    }
  });
});

describe('docs/rules', () => {
  it('has a page for every rule, and no page without a rule', () => {
    expect(docFileNames).toEqual([...ruleNames].sort());
  });
});

describe('README.md', () => {
  const readmePath = join(root, 'README.md');

  it('exists', () => {
    expect(existsSync(readmePath)).toBe(true);
  });

  it.each(ruleEntries)('lists %s in a table row with its docs link and description', (name, rule) => {
    const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
    const rows = readme.split('\n').filter((line) => line.trimStart().startsWith('|'));
    const row = rows.find((line) => new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`, 'u').test(line));
    expect(row, `no README table row names ${name}`).toBeDefined();
    expect(row).toContain(`docs/rules/${name}.md`);
    expect(normaliseSpace(row ?? '')).toContain(normaliseSpace(getDocs(rule).description));
  });
});

describe.each(ruleEntries)('%s', (name, rule) => {
  const { meta } = rule;
  const docs = (): ReturnType<typeof getDocs> => getDocs(rule);
  const docPath = join(root, 'docs/rules', `${name}.md`);

  it('has a description starting with Disallow/Require/Enforce and no final period', () => {
    expect(docs().description).toMatch(/^(?:Disallow|Require|Enforce) \S/u);
    expect(docs().description).not.toMatch(/\.$/u);
  });

  it('says whether it is recommended', () => {
    expect(typeof docs().recommended).toBe('boolean');
  });

  it('links to its docs page', () => {
    expect(docs().url).toMatch(new RegExp(`/docs/rules/${escapeRegExp(name)}\\.md$`, 'u'));
  });

  it('has a type, messages and a schema', () => {
    expect(['problem', 'suggestion', 'layout']).toContain(meta.type);
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    expect(meta.schema).toBeDefined();
  });

  it('names its suggestion messages *Suggestion', () => {
    // Only checkable when the rule declares suggestions; then at least one messageId
    // must follow the house naming for suggestions.
    if (meta.hasSuggestions === true) {
      expect(Object.keys(meta.messages).some((id) => id.endsWith('Suggestion'))).toBe(true);
    }
  });

  it('has a docs page titled with its name that states its description', () => {
    expect(existsSync(docPath), `${docPath} is missing`).toBe(true);
    const doc = readFileSync(docPath, 'utf8');
    const title = doc.split('\n', 1)[0] ?? '';
    expect(title).toMatch(new RegExp(`^# \`?(?:leakguard/)?${escapeRegExp(name)}\`?(?:$|[\\s:(—–-])`, 'u'));
    expect(normaliseSpace(doc)).toContain(normaliseSpace(docs().description));
  });

  it('has a test file, or a folder of test files split by construct', () => {
    const folder = join(root, 'tests/rules', name);
    const split = existsSync(folder) && readdirSync(folder).some((file) => file.endsWith('.test.ts'));
    expect(existsSync(join(root, 'tests/rules', `${name}.test.ts`)) || split).toBe(true);
  });
});
