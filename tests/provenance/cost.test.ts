import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { getProvenanceStats, resetProvenanceStats, setProvenanceEnabled } from '../../src/provenance/index.js';
import { FIXTURES } from './helpers.js';

const RULES = ['no-leaked-connection', 'no-leaked-cursor', 'no-unsettled-transaction', 'no-use-after-release'];

function lint(code: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser },
        plugins: { leakguard: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: Object.fromEntries(RULES.map((rule) => [`leakguard/${rule}`, 'error' as const])),
      },
    ],
    { filename: `${FIXTURES}src/service.ts` },
  );
}

describe('what provenance costs', () => {
  it('traces only receivers of acquiring methods, each once for all the lifetime rules', () => {
    let code = `import { replica } from './db.js';
import { pool as lookalike } from './lookalikes.js';
import { Pool } from 'pg';
const local = new Pool();
export async function run(items: { save(): void; get(key: string): unknown }[], q: string) {
`;
    // Calls that acquire nothing are never traced, however many.
    for (let index = 0; index < 50; index += 1) {
      code += `  items[${String(index)}]?.save(); items[0]?.get('${String(index)}');\n`;
    }
    code += `  const a = await replica.connect();
  const b = await lookalike.connect();
  const c = await local.connect();
  await a.query(q); await b.query(q); await c.query(q);
}
`;
    resetProvenanceStats();
    const messages = lint(code);
    // The three receivers of connect(), once each: replica (a pool in ./db), lookalike (a
    // Map), and local, which the file shows is a pool but the stand-alone client model asks
    // about too (`new Pool()` is no `Client`). None of the hundred other calls.
    expect(getProvenanceStats().queries).toBe(3);
    expect(messages.map((message) => message.message.split(' ')[0])).toEqual(['`a`', '`c`']);
  });

  it('can be turned off for a before/after comparison', () => {
    setProvenanceEnabled(false);
    try {
      resetProvenanceStats();
      const messages = lint(`import { replica } from './db.js';
export async function run(q: string) {
  const client = await replica.connect();
  await client.query(q);
}`);
      expect(messages).toEqual([]);
      expect(getProvenanceStats().queries).toBe(0);
    } finally {
      setProvenanceEnabled(true);
    }
  });
});
