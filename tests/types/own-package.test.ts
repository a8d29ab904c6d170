import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import connectionRule from '../../rules/no-leaked-connection.js';

// A library linted from its own source declares the model's types itself: TypeORM's
// `QueryRunner` lives in its src/, not in node_modules/typeorm. The fixture project
// (tests/fixtures/types-own) is a package named `typeorm` with its own `QueryRunner` and
// `DataSource`: with type information its types are the package's, as they are for a user of
// the package, so the runner's leak is reported in both modes; a type of the same project
// with another name is not the runner.
const dir = fileURLToPath(new URL('../fixtures/types-own', import.meta.url));
const filename = `${dir}/src/file.ts`;
// Not a test file, though it lies under tests/: throw paths count.
const settings = { leakguard: { testFiles: [] } };

const typed = new RuleTester({
  settings,
  languageOptions: {
    parserOptions: { projectService: { allowDefaultProject: [], defaultProject: 'tsconfig.json' }, tsconfigRootDir: dir },
  },
});
const syntaxOnly = new RuleTester({ settings });

const leaking = {
  filename,
  // The query may throw before the release.
  code: `import type { DataSource } from './data-source.js';
export async function find(dataSource: DataSource, sql: string) {
  const runner = dataSource.createQueryRunner();
  await runner.query(sql);
  await runner.release();
}`,
  errors: [
    {
      messageId: 'leakOnThrow' as const,
      data: { name: 'runner', what: 'query runner from `dataSource.createQueryRunner()`', exit: 'if `runner.query(…)` on line 4 throws' },
      line: 3,
      column: 18,
      endLine: 3,
      endColumn: 48,
      suggestions: [
        {
          messageId: 'wrapInTryFinallySuggestion' as const,
          data: { release: 'await runner.release()' },
          output: `import type { DataSource } from './data-source.js';
export async function find(dataSource: DataSource, sql: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(sql);
  } finally {
    await runner.release();
  }
}`,
        },
      ],
    },
  ],
};

for (const [mode, tester] of [
  ['with types', typed],
  ['syntax only', syntaxOnly],
] as const) {
  tester.run(`no-leaked-connection: a library's own types (${mode})`, connectionRule, {
    valid: [
      // Released in a finally.
      {
        filename,
        code: `import type { DataSource } from './data-source.js';
export async function find(dataSource: DataSource, sql: string) {
  const runner = dataSource.createQueryRunner();
  try {
    return await runner.query(sql);
  } finally {
    await runner.release();
  }
}`,
      },
    ],
    invalid: [leaking],
  });
}

typed.run("no-leaked-connection: a library's own type of another name", connectionRule, {
  valid: [
    // `createQueryRunner()` here returns the project's `Socket`, not its `QueryRunner`: the
    // type says this is no query runner (syntax alone would take it for one).
    {
      filename,
      code: `import type { Socket } from './data-source.js';
export async function probe(factory: { createQueryRunner(): Socket }) {
  const socket = factory.createQueryRunner();
  await socket.connect();
}`,
    },
  ],
  invalid: [],
});
