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

const identifier = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200C\u200D]*$/u;

/** `returns: { call, methods, derive }`: what a factory's result does not throw on. */
function checkReturns(value: unknown, where: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(where, 'must be an object such as `{ call: true, methods: ["info"], derive: ["child"] }`');
  }
  const record = value as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !['call', 'methods', 'derive'].includes(key));
  if (unknownKey !== undefined) {
    fail(where, `has an unknown property \`${unknownKey}\` (allowed: call, methods, derive)`);
  }
  if (record.call !== undefined && typeof record.call !== 'boolean') {
    fail(`${where}.call`, 'must be true or false');
  }
  for (const key of ['methods', 'derive'] as const) {
    if (record[key] !== undefined) {
      if (!Array.isArray(record[key])) {
        fail(`${where}.${key}`, 'must be an array of method names');
      }
      checkNames(record[key], `${where}.${key}`, identifier);
    }
  }
  if (record.call !== true && record.methods === undefined && record.derive === undefined) {
    fail(where, 'says nothing: give `call: true`, `methods` or `derive`');
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
    const allowed = record.from === 'package' ? ['from', 'name', 'package', 'returns'] : record.from === 'lib' ? ['from', 'name', 'returns'] : ['from', 'name', 'callbacks'];
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
    if (record.returns !== undefined) {
      checkReturns(record.returns, `${where}.returns`);
    }
    if (record.callbacks !== undefined && typeof record.callbacks !== 'boolean') {
      fail(`${where}.callbacks`, 'must be true or false');
    }
  }
  return value as CallSpecifier[];
}
