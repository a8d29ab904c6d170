import tsParser from '@typescript-eslint/parser';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';

// A manual iterator over a value the file cannot see (a parameter: it may be a generator
// with a `finally`), closed under guards that ask the iterator itself or a flag recording
// whether it was used up: Babel's `_iterableToArrayLimit` helper, as bundled into vendored
// scripts, is the shape. Beside it, the same loops that do leave the iterator open.

const plugin = { rules } as unknown as ESLint.Plugin;

function lint(code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: '/repo' });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.js'],
          languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
          plugins: { leakguard: plugin },
          rules: { 'leakguard/no-leaked-cursor': 'error' },
        },
      ],
      '/repo/src/helpers.js',
    )
    .map((message) => `${String(message.line)}: ${message.message}`);
}

/** A loop taking up to `limit` values, and `close` in its `finally`. */
function takeSome(close: string, flag = '_n'): string {
  return `export function take(arr, limit) {
  var out = [];
  var ${flag} = true;
  var it = arr[Symbol.iterator](), step;
  try {
    for (; !(${flag} = (step = it.next()).done); ${flag} = true) {
      out.push(step.value);
      if (out.length === limit) break;
    }
  } finally {
    ${close}
  }
  return out;
}`;
}

describe('guarded closes of a manual iterator', () => {
  it("Babel's _iterableToArrayLimit is not reported", () => {
    expect(
      lint(`export function _iterableToArrayLimit(arr, i) {
  var _arr = [];
  var _n = true;
  var _d = false;
  var _e = undefined;
  try {
    for (var _i = arr[Symbol.iterator](), _s; !(_n = (_s = _i.next()).done); _n = true) {
      _arr.push(_s.value);
      if (i && _arr.length === i) break;
    }
  } catch (err) {
    _d = true;
    _e = err;
  } finally {
    try {
      if (!_n && _i["return"] != null) _i["return"]();
    } finally {
      if (_d) throw _e;
    }
  }
  return _arr;
}`),
    ).toEqual([]);
  });

  it.each([
    ['a nullish test of its own method', 'if (it.return != null) it.return();'],
    ['a strict undefined test', 'if (it["return"] !== undefined) it["return"]();'],
    ['a typeof test', "if (typeof it.return === 'function') it.return();"],
    ['the used-up flag alone', 'if (!_n) it.return();'],
    ['the used-up flag and a nullish test', 'if (!_n && it.return != null) it.return();'],
  ])('%s', (_name, close) => {
    expect(lint(takeSome(close))).toEqual([]);
  });

  it.each([
    ['no close at all', ''],
    ['a test of something else', 'if (limit != null) it.return();'],
    ['a flag that is not the iterator\'s', 'if (!limit) it.return();'],
  ])('%s still leaves it open on the break', (_name, close) => {
    const found = lint(takeSome(close));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('`it` (iterator from `arr[Symbol.iterator]()`)');
  });
});
