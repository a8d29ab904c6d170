import { parseArgs } from 'node:util';

/** How many worker threads ESLint lints with: a number, `auto`, or `off` (the main thread). */
export type Concurrency = number | 'auto' | 'off';

/** Which linter runs the rules: chosen by the command (`auto`), or named. */
export type EngineChoice = 'auto' | 'oxlint' | 'eslint';

/** The command line, parsed and checked. Rule names are plain (`no-leaked-connection`). */
export interface CliOptions {
  paths: string[];
  typeAware: boolean;
  engine: EngineChoice;
  /** List the functions the analysis gave up on (`--verbose`). */
  verbose: boolean;
  format: string;
  outputFile: string | undefined;
  maxWarnings: number | undefined;
  rules: string[];
  noRules: string[];
  warn: boolean;
  quiet: boolean;
  concurrency: Concurrency;
  cache: boolean;
  cacheLocation: string | undefined;
  cacheStrategy: 'metadata' | 'content';
  ignorePatterns: string[];
  /** Lint vendored, bundled, minified, transpiled and generated files too (`--include-generated`). */
  includeGenerated: boolean;
}

/** What the command line asks for: a lint run, or one of the informational commands. */
export type CliCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'lint'; options: CliOptions };

/** A mistake on the command line: reported in one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const optionSpec = {
  'type-aware': { type: 'boolean' },
  engine: { type: 'string' },
  verbose: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'no-rule': { type: 'string', multiple: true },
  warn: { type: 'boolean' },
  quiet: { type: 'boolean' },
  concurrency: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  'cache-strategy': { type: 'string' },
  'ignore-pattern': { type: 'string', multiple: true },
  'include-generated': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * The usage text. The rule list is passed in (read from the plugin), so the help never
 * goes stale when a rule is added.
 */
export function getHelpText(ruleNames: readonly string[], defaultRuleNames: readonly string[]): string {
  const defaults = new Set(defaultRuleNames);
  const ruleLines = ruleNames.map((name) => `  ${defaults.has(name) ? '*' : ' '} ${name}`);
  return [
    'Usage: leakguard [options] [paths...]',
    '',
    "Lints the JavaScript and TypeScript files under the paths (default: .) with leakguard's",
    "recommended rules. The project's own ESLint configuration is neither read nor changed.",
    'Files ignored by .gitignore, node_modules/ and dist/ are skipped, and so are vendored and',
    'generated files (vendor/, .yarn/, minified, bundled, transpiled, @generated headers) and',
    'the inputs and outputs of code transforms (__testfixtures__/, fixtures/*.input.ts).',
    '',
    'Options:',
    '  --type-aware              Use type information from the project\'s tsconfig (projectService)',
    '  --engine <oxlint|eslint>  The linter that runs the rules (default: oxlint when installed and the',
    '                            run needs nothing only ESLint gives; see docs/cli.md)',
    '  -f, --format <name>       stylish (default), json, sarif, or another ESLint formatter',
    '  -o, --output-file <file>  Write the report to a file instead of stdout',
    '  --max-warnings <n>        Exit 1 when there are more than n warnings',
    '  --rule <name>             Run this rule (repeatable, or comma-separated); replaces the default set',
    '  --no-rule <name>          Do not run this rule (repeatable, or comma-separated)',
    '  --warn                    Report findings as warnings instead of errors',
    '  --quiet                   Report errors only, and print no progress or notes on stderr',
    '  --concurrency <n|auto|off>  Lint in n worker threads (ESLint 9.34 or later); default off',
    '  --cache                   Only re-lint files that changed since the last run',
    '  --cache-location <path>   Cache file or directory (default: node_modules/.cache/leakguard/)',
    '  --cache-strategy <s>      metadata (default) or content: how the cache detects a changed file',
    '  --ignore-pattern <glob>   Skip files matching this .gitignore-style pattern (repeatable)',
    '  --include-generated       Lint vendored and generated files and transform fixtures too',
    '  --verbose                 List the functions the analysis gave up on (too large or too deep)',
    '                            and the vendored, generated or fixture files skipped',
    '  -h, --help                Show this help',
    '  -v, --version             Show the version',
    '',
    'Rules (* = run by default):',
    ...ruleLines,
    '',
    'Exit codes: 0 no findings, 1 findings (or too many warnings, or a file that does not parse),',
    '2 usage error, nothing to lint, a directory that cannot be read, or a crash.',
  ].join('\n');
}

function splitList(option: string, values: readonly string[] | undefined): string[] {
  const names = (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim());
  if (names.includes('')) {
    // `--rule ''` would otherwise mean "no --rule": the default set, not what was asked.
    throw new UsageError(`${option} needs a rule name, not an empty string`);
  }
  return names;
}

function parseEngine(value: string | undefined): EngineChoice {
  if (value === undefined || value === 'auto' || value === 'oxlint' || value === 'eslint') {
    return value ?? 'auto';
  }
  throw new UsageError(`--engine must be 'oxlint', 'eslint' or 'auto', not '${value}'`);
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  // ESLint treats -1 as "no limit"; accept it for the same meaning.
  if (!/^-?\d+$/u.test(value) || Number(value) < -1) {
    throw new UsageError(`--max-warnings needs a whole number of 0 or more, not '${value}'`);
  }
  const limit = Number(value);
  return limit === -1 ? undefined : limit;
}

function parseConcurrency(value: string | undefined): Concurrency {
  if (value === undefined || value === 'off') {
    return 'off';
  }
  if (value === 'auto') {
    return 'auto';
  }
  if (!/^\d+$/u.test(value) || Number(value) < 1) {
    throw new UsageError(`--concurrency needs a positive number, 'auto' or 'off', not '${value}'`);
  }
  return Number(value);
}

function parseCacheStrategy(value: string | undefined): CliOptions['cacheStrategy'] {
  if (value === undefined || value === 'metadata' || value === 'content') {
    return value ?? 'metadata';
  }
  throw new UsageError(`--cache-strategy must be 'metadata' or 'content', not '${value}'`);
}

/**
 * Parses the arguments after `leakguard`. Throws a {@link UsageError} for unknown options
 * and bad values; rule names are checked later, against the plugin.
 */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  // parseArgs takes a value that starts with '-' for an option; ESLint's `--max-warnings -1`
  // is a number, so it is joined to its option first.
  const args = argv.flatMap((arg, index) =>
    arg === '--max-warnings' && /^-\d+$/u.test(argv[index + 1] ?? '')
      ? [`${arg}=${argv[index + 1] ?? ''}`]
      : index > 0 && argv[index - 1] === '--max-warnings' && /^-\d+$/u.test(arg)
        ? []
        : [arg],
  );
  let parsed;
  try {
    parsed = parseArgs({ args, options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages are already one line and name the option.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    return { kind: 'help' };
  }
  if (values.version === true) {
    return { kind: 'version' };
  }
  return {
    kind: 'lint',
    options: {
      paths: positionals.length > 0 ? positionals : ['.'],
      typeAware: values['type-aware'] === true,
      engine: parseEngine(values.engine),
      verbose: values.verbose === true,
      format: values.format ?? 'stylish',
      outputFile: values['output-file'],
      maxWarnings: parseMaxWarnings(values['max-warnings']),
      rules: splitList('--rule', values.rule),
      noRules: splitList('--no-rule', values['no-rule']),
      warn: values.warn === true,
      quiet: values.quiet === true,
      concurrency: parseConcurrency(values.concurrency),
      cache: values.cache === true,
      cacheLocation: values['cache-location'],
      cacheStrategy: parseCacheStrategy(values['cache-strategy']),
      ignorePatterns: values['ignore-pattern'] ?? [],
      includeGenerated: values['include-generated'] === true,
    },
  };
}
