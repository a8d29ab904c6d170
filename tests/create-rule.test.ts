import { describe, expect, it } from 'vitest';
import { applyRuleDefaults, createRule, ruleDocsUrl } from '../src/create-rule.js';
import { packageMeta } from '../src/package-meta.js';
import { rules } from '../rules/index.js';

describe('applyRuleDefaults', () => {
  it('lays configured objects over the defaults key by key, recursively', () => {
    const defaults = [{ resources: [], requireFinally: false, nested: { a: 1, b: 2 } }] as const;
    expect(applyRuleDefaults(defaults, [{ requireFinally: true, nested: { b: 3 } }])).toEqual([
      { resources: [], requireFinally: true, nested: { a: 1, b: 3 } },
    ]);
  });

  it('keeps the defaults where nothing is configured, and takes arrays and scalars as given', () => {
    expect(applyRuleDefaults([{ names: ['res'] }], [])).toEqual([{ names: ['res'] }]);
    expect(applyRuleDefaults([{ names: ['res'] }], [{ names: ['reply'] }])).toEqual([{ names: ['reply'] }]);
    expect(applyRuleDefaults([{ names: ['res'] }], [{ names: undefined }])).toEqual([{ names: ['res'] }]);
    expect(applyRuleDefaults(['off'], ['on', 2])).toEqual(['on', 2]);
  });

  it('does not change the defaults it was given', () => {
    const defaults = [{ nested: { a: 1 } }];
    applyRuleDefaults(defaults, [{ nested: { a: 2 } }]);
    expect(defaults).toEqual([{ nested: { a: 1 } }]);
  });
});

describe('createRule', () => {
  it("points docs.url at the rule's page at the installed version's tag", () => {
    expect(ruleDocsUrl('no-leaked-cursor')).toBe(
      `https://github.com/leakguard/eslint-plugin-leakguard/blob/v${packageMeta.version}/docs/rules/no-leaked-cursor.md`,
    );
    for (const [name, rule] of Object.entries(rules)) {
      expect(rule.meta.docs?.url).toBe(ruleDocsUrl(name));
      expect(rule.name).toBe(name);
    }
  });

  it("hands create the options with the defaults applied, and leaves ESLint's context alone", () => {
    const seen: unknown[] = [];
    const rule = createRule<[{ a?: number; b?: number }], 'm'>({
      name: 'probe',
      meta: { type: 'problem', docs: { description: 'Disallow nothing.' }, messages: { m: 'M.' }, schema: [], defaultOptions: [{ a: 1, b: 2 }] },
      create(context, options) {
        seen.push(options, context.options);
        return {};
      },
    });
    rule.create({ options: [{ b: 5 }] } as unknown as Parameters<typeof rule.create>[0]);
    expect(seen).toEqual([[{ a: 1, b: 5 }], [{ b: 5 }]]);
    expect(rule.meta.defaultOptions).toEqual([{ a: 1, b: 2 }]);
  });
});
