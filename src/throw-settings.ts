import type { CallSpecifier } from './models/non-throwing.js';

/**
 * The settings of the precision policy, beside `resources` in `settings.leakguard`:
 * `nonThrowing` (calls that cannot throw, added to the built-in throw model) and
 * `testFiles` (globs of test files, replacing the defaults).
 */
export interface ThrowSettings {
  readonly nonThrowing: readonly CallSpecifier[];
  readonly testFiles: readonly string[] | null;
}

/** The keys of `settings.leakguard` read here (settings.ts accepts them). */
export const THROW_SETTING_KEYS: readonly string[] = ['nonThrowing', 'testFiles'];

const EMPTY: ThrowSettings = { nonThrowing: [], testFiles: null };
const checked = new WeakMap<object, ThrowSettings>();

const dotted = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200C\u200D]*(\.([\p{ID_Start}_$][\p{ID_Continue}$\u200C\u200D]*|\*))*$/u;

/**
 * Reads and checks `settings.leakguard.nonThrowing` and `testFiles`, once per settings
 * object. A bad entry throws an error naming it, which ESLint shows as a configuration error.
 */
export function readThrowSettings(settings: Readonly<Record<string, unknown>>): ThrowSettings {
  const leakguard = settings.leakguard;
  if (typeof leakguard !== 'object' || leakguard === null || Array.isArray(leakguard)) {
    // settings.ts reports a malformed `settings.leakguard`.
    return EMPTY;
  }
  const cached = checked.get(leakguard);
  if (cached) {
    return cached;
  }
  const { nonThrowing, testFiles } = leakguard as Record<string, unknown>;
  const result: ThrowSettings = {
    nonThrowing: checkSpecifiers(nonThrowing),
    testFiles: checkGlobs(testFiles),
  };
  checked.set(leakguard, result);
  return result;
}

function fail(where: string, problem: string): never {
  throw new Error(`leakguard: \`settings.leakguard.${where}\` ${problem}. See docs/configuration.md.`);
}

function checkGlobs(value: unknown): readonly string[] | null {
  if (value === undefined) {
    return null;
  }
  if (!Array.isArray(value)) {
    fail('testFiles', 'must be an array of glob patterns, such as `["**/*.test.*"]`');
  }
  for (let index = 0; index < value.length; index++) {
    const glob: unknown = value[index];
    if (typeof glob !== 'string' || glob === '') {
      fail(`testFiles[${String(index)}]`, 'must be a non-empty glob pattern');
    }
  }
  return value as string[];
}

function checkNames(value: unknown, where: string, pattern: RegExp | null): void {
  const names: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [undefined];
  if (names.length === 0) {
    fail(where, 'must name at least one function');
  }
  for (let index = 0; index < names.length; index++) {
    const name = names[index];
    if (typeof name !== 'string' || name === '' || (pattern !== null && !pattern.test(name))) {
      fail(where, `has ${JSON.stringify(name)}, which is not a valid name`);
    }
  }
}

function checkSpecifiers(value: unknown): readonly CallSpecifier[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    fail('nonThrowing', 'must be an array of specifiers such as `{ from: "lib", name: "Date.now" }`');
  }
  for (let index = 0; index < value.length; index++) {
    const where = `nonThrowing[${String(index)}]`;
    const entry: unknown = value[index];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      fail(where, 'must be an object with `from` and `name`');
    }
    const record = entry as Record<string, unknown>;
    const allowed = record.from === 'package' ? ['from', 'name', 'package'] : ['from', 'name'];
    const unknownKey = Object.keys(record).find((key) => !allowed.includes(key));
    if (unknownKey !== undefined) {
      fail(where, `has an unknown property \`${unknownKey}\` (allowed: ${allowed.join(', ')})`);
    }
    if (record.from !== 'lib' && record.from !== 'package' && record.from !== 'method') {
      fail(where, `has \`from: ${JSON.stringify(record.from)}\`; it must be "lib", "package" or "method"`);
    }
    checkNames(record.name, `${where}.name`, record.from === 'package' ? null : dotted);
    if (record.from === 'package') {
      checkNames(record.package, `${where}.package`, null);
    }
  }
  return value as CallSpecifier[];
}
