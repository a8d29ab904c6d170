// With types on, no case that is clean in syntax-only mode may start to report, and the
// reports of the other cases stay the same. This replays every case of every rule's
// syntax-only RuleTester file (tests/rules/<rule>.test.ts, or tests/rules/<rule>/*.test.ts with
// their shared fixtures.ts) in the type-aware fixture
// project, against the real libraries' declarations, and compares the two modes.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { fixtureDir } from './testers.js';

const rulesDir = fileURLToPath(new URL('../rules', import.meta.url));

interface ReplayedCase {
  readonly code: string;
  readonly options: unknown[];
  readonly valid: boolean;
  readonly line: number;
}

/** The value of a string or template literal, with `${CONST}` parts read from top-level constants. */
function evaluateString(node: TSESTree.Node, constants: ReadonlyMap<string, TSESTree.Node>): string | null {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') {
    return node.value;
  }
  if (node.type !== AST_NODE_TYPES.TemplateLiteral) {
    return null;
  }
  let text = '';
  for (const [index, quasi] of node.quasis.entries()) {
    if (quasi.value.cooked === null) {
      return null;
    }
    text += quasi.value.cooked;
    const expression = node.expressions[index];
    if (expression) {
      const target = expression.type === AST_NODE_TYPES.Identifier ? constants.get(expression.name) : undefined;
      const value = target ? evaluateString(target, constants) : null;
      if (value === null) {
        return null;
      }
      text += value;
    }
  }
  return text;
}

function parseModule(source: string): TSESTree.Program {
  return tsParser.parse(source, { range: true, loc: true, sourceType: 'module', ecmaVersion: 'latest' });
}

/** Top-level (and exported) constants of a module, by name. */
function collectConstants(program: TSESTree.Program, constants: Map<string, TSESTree.Node>): void {
  for (const node of program.body) {
    const statement = node.type === AST_NODE_TYPES.ExportNamedDeclaration && node.declaration ? node.declaration : node;
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) {
          constants.set(declarator.id.name, declarator.init);
        }
      }
    }
  }
}

/**
 * The cases of the `ruleTester.run(…)` call in a test file that the replay can rebuild. A
 * file in a rule's folder also sees the constants of the folder's `fixtures.ts`.
 */
function collectCases(file: string): { cases: ReplayedCase[]; skipped: number } {
  const source = readFileSync(file, 'utf8');
  const program = parseModule(source);
  const constants = new Map<string, TSESTree.Node>();
  const fixtures = join(dirname(file), 'fixtures.ts');
  if (dirname(file) !== rulesDir && existsSync(fixtures)) {
    collectConstants(parseModule(readFileSync(fixtures, 'utf8')), constants);
  }
  collectConstants(program, constants);
  const cases: ReplayedCase[] = [];
  let skipped = 0;
  for (const statement of program.body) {
    if (
      statement.type !== AST_NODE_TYPES.ExpressionStatement ||
      statement.expression.type !== AST_NODE_TYPES.CallExpression ||
      statement.expression.callee.type !== AST_NODE_TYPES.MemberExpression ||
      statement.expression.callee.property.type !== AST_NODE_TYPES.Identifier ||
      statement.expression.callee.property.name !== 'run'
    ) {
      continue;
    }
    const tests = statement.expression.arguments[2];
    if (tests?.type !== AST_NODE_TYPES.ObjectExpression) {
      continue;
    }
    for (const property of tests.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.key.type !== AST_NODE_TYPES.Identifier) {
        continue;
      }
      const valid = property.key.name === 'valid';
      if (property.value.type !== AST_NODE_TYPES.ArrayExpression) {
        continue;
      }
      for (const element of property.value.elements) {
        const replayed = element ? rebuildCase(element, valid, constants, source) : null;
        if (replayed) {
          cases.push(replayed);
        } else {
          skipped++;
        }
      }
    }
  }
  return { cases, skipped };
}

/**
 * A data literal (options are plain data in the test files), which may name top-level
 * constants holding data literals; `undefined` when it is anything else.
 */
function evaluateData(node: TSESTree.Node, constants: ReadonlyMap<string, TSESTree.Node>, source: string): unknown {
  const text = (target: TSESTree.Node): string => source.slice(target.range[0], target.range[1]).replace(/\s+as\s+const\b/g, '');
  const context: Record<string, unknown> = {};
  for (const [name, value] of constants) {
    if (value.type === AST_NODE_TYPES.ArrayExpression || value.type === AST_NODE_TYPES.ObjectExpression || value.type === AST_NODE_TYPES.TSAsExpression) {
      try {
        context[name] = runInNewContext(`(${text(value)})`);
      } catch {
        // Not plain data: left undefined, so a case naming it is skipped.
      }
    }
  }
  try {
    return runInNewContext(`(${text(node)})`, context);
  } catch {
    return undefined;
  }
}

/** One case, or `null` when it sets up its own parser, file name or anything else the replay cannot copy. */
function rebuildCase(
  element: TSESTree.Node,
  valid: boolean,
  constants: ReadonlyMap<string, TSESTree.Node>,
  source: string,
): ReplayedCase | null {
  const direct = evaluateString(element, constants);
  if (direct !== null) {
    return { code: direct, options: [], valid, line: element.loc.start.line };
  }
  if (element.type !== AST_NODE_TYPES.ObjectExpression) {
    return null;
  }
  let code: string | null = null;
  let options: unknown[] = [];
  for (const property of element.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.key.type !== AST_NODE_TYPES.Identifier) {
      return null;
    }
    switch (property.key.name) {
      case 'code':
        code = evaluateString(property.value, constants);
        break;
      case 'options': {
        const value = evaluateData(property.value, constants, source);
        if (!Array.isArray(value)) {
          return null;
        }
        options = value;
        break;
      }
      case 'errors':
      case 'output':
      case 'name':
        break;
      default:
        return null;
    }
  }
  return code === null ? null : { code, options, valid, line: element.loc.start.line };
}

const syntaxLinter = new Linter({ configType: 'flat' });
const typedLinter = new Linter({ configType: 'flat' });

function lint(linter: Linter, typed: boolean, name: string, testCase: ReplayedCase): string[] {
  const messages = linter.verify(
    testCase.code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser,
          parserOptions: typed
            ? { projectService: { allowDefaultProject: [], defaultProject: 'tsconfig.json' }, tsconfigRootDir: fixtureDir }
            : { ecmaVersion: 'latest', sourceType: 'module' },
        },
        plugins: { leakguard: { rules } as never },
        rules: { [`leakguard/${name}`]: ['error', ...testCase.options] },
      },
    ],
    { filename: join(fixtureDir, 'file.ts') },
  );
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal) {
    throw new Error(`line ${testCase.line}: ${fatal.message}`);
  }
  return messages.map((message) => `${message.line}:${message.column} ${message.messageId ?? message.message}`);
}

/** A test file's rule: `no-leaked-connection` for `no-leaked-connection/loops-for.test.ts`. */
function getRuleName(file: string): string {
  const [first = ''] = file.split('/');
  return basename(first, '.test.ts').split('.')[0] ?? '';
}

/** Rule test files relative to tests/rules: `<rule>.test.ts` and `<rule>/*.test.ts`. */
const ruleTestFiles = readdirSync(rulesDir)
  .flatMap((entry) =>
    statSync(join(rulesDir, entry)).isDirectory()
      ? readdirSync(join(rulesDir, entry)).map((file) => `${entry}/${file}`)
      : [entry],
  )
  .filter((file) => file.endsWith('.test.ts') && getRuleName(file) in rules)
  .sort();

describe('the replay', () => {
  it('lints with type information in the typed mode', () => {
    // A helper in db.ts that is only declared (no body to read) to return a pool
    // connection: only types can see it. (\`getClient\` has a body, which the syntax-only
    // mode reads since summaries follow imports.)
    const probe: ReplayedCase = {
      code: `import { getConnection } from './db.js';
export async function probe() {
  const client = await getConnection();
  await client.query('select 1');
}`,
      options: [],
      valid: false,
      line: 0,
    };
    expect(lint(syntaxLinter, false, 'no-leaked-connection', probe)).toEqual([]);
    expect(lint(typedLinter, true, 'no-leaked-connection', probe)).toEqual(['3:24 neverReleased']);
  });
});

describe.each(ruleTestFiles)('types on, %s replayed', (file) => {
  const name = getRuleName(file);
  const { cases, skipped } = collectCases(join(rulesDir, file));

  it('replays most of the cases', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(skipped).toBeLessThan(cases.length / 10);
  });

  it('reports nothing new on a valid case, and the same on an invalid one', () => {
    const differences: string[] = [];
    for (const testCase of cases) {
      const withoutTypes = lint(syntaxLinter, false, name, testCase);
      const withTypes = lint(typedLinter, true, name, testCase);
      if (withTypes.join('\n') !== withoutTypes.join('\n')) {
        differences.push(
          `${testCase.valid ? 'valid' : 'invalid'} case on line ${testCase.line}: syntax [${withoutTypes.join('; ')}] types [${withTypes.join('; ')}]`,
        );
      }
    }
    expect(differences).toEqual([]);
  }, 600_000);
});
