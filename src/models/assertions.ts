/**
 * Assertions of test libraries (node:assert, chai, expect.js, Jest/Vitest `expect`,
 * should) that pass only when their subject is present: after `expect(err).to.be.an(Error)`
 * a driver callback's error is set, so no resource was handed over. Plain data, read by
 * src/lifetime/assertions.ts. A chain with `.not` in it never counts.
 */
export const presenceAssertions = {
  /** Calls whose first argument must be truthy: `assert(err)`, `assert.ok(err)`. */
  functions: ['assert', 'assert.ok', 'should.exist', 'expect.exist'],
  /** Matchers of `expect(x)…` that need `x` present, whatever their argument. */
  matchers: [
    'ok',
    'exist',
    'an',
    'a',
    'instanceOf',
    'instanceof',
    'Error',
    'error',
    'toBeTruthy',
    'toBeDefined',
    'toBeInstanceOf',
    'toHaveProperty',
    'toMatchObject',
    'property',
    'contain',
    'include',
    'match',
    'toMatch',
    'toContain',
  ],
  /**
   * Matchers of `expect(x)…` that compare `x` with their argument: they need `x` present
   * unless the argument is `null`, `undefined` or another falsy literal.
   */
  comparisons: ['be', 'equal', 'equals', 'eql', 'toBe', 'toEqual', 'toStrictEqual', 'strictEqual', 'deepEqual'],
  /** Calls that pass only when their two arguments are the same value: `assert.strictEqual(a, b)`. */
  equalities: ['assert.equal', 'assert.strictEqual', 'assert.deepEqual', 'assert.deepStrictEqual', 'expect.equal'],
} as const;
