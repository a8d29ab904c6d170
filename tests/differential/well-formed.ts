// Whether a program is well-formed JavaScript: espree rejects a stray `break`/`continue`
// or an unknown label, and ESLint's core scope rules catch a connection variable used
// outside its declaration's scope, before it, or declared twice.

import { Linter } from 'eslint';
import { forEachStmt, printProgram } from './program.js';
import type { Cond, Program } from './program.js';

const linter = new Linter({ configType: 'flat' });

/** The opaque functions a program calls (`f`, `h`, `g0`, …), declared as globals for no-undef. */
function getCallees(program: Program): Record<string, 'readonly'> {
  const names: Record<string, 'readonly'> = { f: 'readonly', h: 'readonly' };
  const add = (cond: Cond | null): void => {
    if (cond?.kind === 'call') names[cond.name] = 'readonly';
  };
  forEachStmt(program.body, (s) => {
    if (s.kind === 'if' || s.kind === 'guardedRelease' || s.kind === 'loop') add(s.cond);
  });
  return names;
}

/** The syntax and scope problems of the printed program (none for a well-formed one). */
export function getWellFormednessProblems(program: Program): string[] {
  const { source } = printProgram(program);
  const messages = linter.verify(source, {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: getCallees(program) },
    rules: {
      'no-undef': 'error',
      'no-use-before-define': 'error',
      'no-redeclare': 'error',
      'no-shadow': 'error',
      'no-const-assign': 'error',
    },
  });
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'parse'}: ${m.message}`);
}
