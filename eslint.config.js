// The plugin lints itself: typescript-eslint strict type-checked rules on all TypeScript,
// eslint-plugin-eslint-plugin on the rules, and leakguard's own `all` config everywhere.
// leakguard is loaded from the build (dist/): `npm test` builds before it lints; after
// editing the plugin, run `npm run build` before `npm run lint`.

import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

const { default: leakguard } = await import('./dist/src/index.js').catch((error) => {
  throw new Error('eslint.config.js lints with the built plugin: run `npm run build` first.', { cause: error });
});

/** Node's globals, for the plain JavaScript scripts (there is no `globals` package here). */
const nodeGlobals = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'clearImmediate',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone',
    'TextDecoder',
    'TextEncoder',
    'URL',
    'URLSearchParams',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  // examples/ holds deliberate leaks (linted by `npm start`); tests/fixtures/ holds inputs.
  // cjs/ is the two-line CommonJS entry (a require() of the build, and its type).
  globalIgnores(['dist/', 'coverage/', 'examples/', 'tests/fixtures/', 'cjs/']),

  {
    name: 'leakguard-self/base',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // Messages and test titles routinely embed line numbers and counts; String(n)
      // everywhere would only add noise.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },

  {
    // The JavaScript scripts and this file are not part of tsconfig.json's program.
    name: 'leakguard-self/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: nodeGlobals,
    },
  },

  {
    name: 'leakguard-self/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  {
    name: 'leakguard-self/rules',
    files: ['rules/**/*.ts'],
    extends: [eslintPlugin.configs.recommended],
    rules: {
      'eslint-plugin/no-property-in-node': 'error',
      'eslint-plugin/prefer-placeholders': 'error',
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Disallow|Require|Enforce) ' }],
      'eslint-plugin/require-meta-docs-recommended': 'error',
      // STYLE.md: one sentence, starting upper-case or with a backtick, ending with a period.
      'eslint-plugin/report-message-format': ['error', '^[A-Z`].*\\.$'],
    },
  },

  {
    // What the plugin loads at run time must load without the TypeScript compiler API (a
    // project on TypeScript 7 has none): these packages are type-only here, and the parser,
    // an optional peer dependency, is loaded on demand (src/cli/parser.ts, src/summaries/modules.ts).
    name: 'leakguard-self/runtime-imports',
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        ...['@typescript-eslint/utils', '@typescript-eslint/parser', '@typescript-eslint/typescript-estree', 'typescript'].map((name) => ({
          name,
          message: 'Needs the TypeScript compiler API at run time (a peer range on typescript); import types only, or take it from @typescript-eslint/types or scope-manager.',
          allowTypeImports: true,
        })),
        {
          name: '@typescript-eslint/utils/json-schema',
          message: 'Import types only: @typescript-eslint/utils is a development dependency.',
          allowTypeImports: true,
        },
      ],
    },
  },

  {
    name: 'leakguard-self/tests',
    files: ['tests/**/*.test.ts'],
    extends: [eslintPlugin.configs['tests-recommended']],
  },

  {
    name: 'leakguard-self/dogfood',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    extends: [leakguard.configs.all],
  },
);
