import type { Linter } from 'eslint';
import { type CliOptions, UsageError } from './args.js';
import { findOxlint, type OxlintBinary } from './oxlint.js';
import { loadTypeScriptParser } from './parser.js';

/** ESLint in-process, on typescript-eslint's parser or (where it cannot load) espree. */
export type EslintEngine =
  | { kind: 'eslint'; parser: 'typescript-eslint'; tsParser: Linter.Parser }
  | { kind: 'eslint'; parser: 'espree'; tsParser: null; parserProblem: string };

/** The linter a run uses, and what it needs. */
export type Engine = { kind: 'oxlint'; oxlint: OxlintBinary } | EslintEngine;

/** The engine, whether types are still asked for, and the notes the choice leaves. */
export interface EngineChoice {
  engine: Engine;
  typeAware: boolean;
  notes: string[];
}

/**
 * What makes a run need ESLint in-process: type information (oxlint gives a JavaScript
 * plugin no parser services), the lint cache, worker threads, and SARIF (its `codeFlows`
 * and `suppressions` come from ESLint's in-process results). Null when nothing does.
 */
function needsEslint(options: CliOptions, typeAware: boolean): string | null {
  if (typeAware) {
    return '--type-aware';
  }
  if (options.cache) {
    return '--cache';
  }
  if (options.concurrency !== 'off') {
    return '--concurrency';
  }
  return options.format === 'sarif' ? '--format sarif' : null;
}

async function eslintEngine(): Promise<EslintEngine> {
  const state = await loadTypeScriptParser();
  return state.parser === null
    ? { kind: 'eslint', parser: 'espree', tsParser: null, parserProblem: state.problem }
    : { kind: 'eslint', parser: 'typescript-eslint', tsParser: state.parser };
}

/**
 * Chooses the engine. `--engine` decides when given. Otherwise oxlint, the faster, runs a
 * syntax-only run when it is installed and the run needs nothing only ESLint gives
 * ({@link needsEslint}); ESLint runs the rest. Where typescript-eslint cannot load (a
 * project on TypeScript 7), `--type-aware` falls back to syntax alone with a one-line
 * note, and TypeScript files go to oxlint when it is there.
 */
export async function chooseEngine(options: CliOptions, cwd: string): Promise<EngineChoice> {
  const notes: string[] = [];
  const oxlint = findOxlint(cwd);
  let typeAware = options.typeAware;
  if (options.engine === 'oxlint') {
    if (typeAware) {
      throw new UsageError('--type-aware needs --engine eslint: oxlint gives plugins no type information');
    }
    if (oxlint === null) {
      throw new UsageError('--engine oxlint: oxlint (1.0 or later) is not installed; npm install --save-dev oxlint');
    }
    if (options.cache) {
      throw new UsageError('--cache needs --engine eslint: oxlint keeps no cache for JavaScript plugins');
    }
    return { engine: { kind: 'oxlint', oxlint }, typeAware, notes };
  }
  const needed = needsEslint(options, typeAware);
  if (options.engine === 'eslint' || needed !== null || oxlint === null) {
    const engine = await eslintEngine();
    if (engine.parser === 'espree' && typeAware) {
      notes.push(
        `--type-aware needs the TypeScript 6 API, which is not here (${engine.parserProblem}); linting on syntax alone`,
      );
      typeAware = false;
    }
    if (engine.parser === 'espree' && options.engine === 'auto' && oxlint !== null) {
      notes.push(`the TypeScript parser cannot load (${engine.parserProblem}); linting with oxlint ${oxlint.version}`);
      return { engine: { kind: 'oxlint', oxlint }, typeAware, notes };
    }
    return { engine, typeAware, notes };
  }
  return { engine: { kind: 'oxlint', oxlint }, typeAware, notes };
}
