// RuleTesters for the type-aware tests: one project (tests/fixtures/types) shared by every
// case, so TypeScript loads the real libraries' declarations once per test file.

import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';

/** The fixture project: its tsconfig, `file.ts` (each case's code) and `db.ts` (helpers "from another file"). */
export const fixtureDir = fileURLToPath(new URL('../fixtures/types', import.meta.url));

/** Lints each case as `file.ts` of the fixture project, with type information. */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: [], defaultProject: 'tsconfig.json' },
      tsconfigRootDir: fixtureDir,
    },
  },
});

/** The same files without type information: the syntax-only mode. */
export const syntaxRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});
