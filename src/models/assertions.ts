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

/**
 * Assertions of test libraries that pass only when their subject is `null` or
 * `undefined`: after `expect(doc).to.be.null` on the last `cursor.next()`, the cursor was
 * read to its end (or the test failed). Plain data, read by src/lifetime/assertions.ts.
 * A chain with `.not` in it never counts; nor does an equality with a nullish value
 * (`assert.strictEqual(doc, null)`, `expect(doc).toBe(null)`), which counts as well.
 */
export const nullishAssertions = {
  /** Calls whose first argument must be `null` or `undefined`: chai's assert interface. */
  functions: ['assert.isNull', 'assert.isUndefined', 'assert.notExists'],
  /**
   * Members that end an `expect(x)…` chain and need `x` nullish, called (`toBeNull()`) or
   * read (chai's `.to.be.null`, `.to.not.exist` is negated and does not count).
   */
  members: ['null', 'undefined', 'toBeNull', 'toBeUndefined'],
} as const;

/**
 * Assertions of test libraries that pass only when their subject fails: a promise that
 * must reject, a function that must throw or reject. An acquisition whose only outcome is
 * that subject (`assert.rejects(async () => { await oracledb.getConnection(bad) })`) either
 * fails, holding nothing, or fails the test. Plain data, read by src/lifetime/rejections.ts.
 * A chain with `.not` in it never counts.
 */
export const rejectionAssertions = {
  /**
   * Calls whose first argument (a promise, or a function returning one or throwing) must
   * fail: node:assert (also `node:assert/strict`), chai-as-promised's assert interface.
   */
  functions: ['assert.rejects', 'assert.throws', 'assert.isRejected', 'assert.strict.rejects', 'assert.strict.throws'],
  /**
   * Members of an `expect(x)…` or `x.should…` chain that make it require `x` to fail:
   * Jest/Vitest `.rejects` / `.toThrow()`, chai `.throw()`, chai-as-promised `.rejected`,
   * `.rejectedWith(…)`.
   */
  members: ['rejects', 'toThrow', 'toThrowError', 'throw', 'throws', 'Throw', 'rejected', 'rejectedWith'],
  /**
   * Calls that fail the test where they run: the statement after an acquisition in a `try`
   * (`try { await acquire(); assert.fail('connected') } catch (e) { … }`) is reached only
   * when the acquisition succeeded, which the test forbids. A `throw` statement there counts
   * the same. `t.fail()` is ava's and tap's.
   */
  failures: ['assert.fail', 'expect.fail', 'should.fail', 'chai.assert.fail', 'fail', 't.fail'],
} as const;

/**
 * Assertions of test libraries that pass only when a spied method was called: after
 * `t.true(client.quit.called)` or `expect(client.quit).toHaveBeenCalled()` on a release
 * method of the resource, it was released (or the test failed). Plain data, read by
 * src/lifetime/assertions.ts. A chain with `.not` in it never counts.
 */
export const calledAssertions = {
  /** Properties of a sinon spy that are true only once it was called: `client.quit.called`. */
  spyProperties: ['called', 'calledOnce', 'calledTwice', 'calledThrice'],
  /** Calls whose first argument must be truthy: node:assert, chai's assert, ava's and tap's `t`. */
  truthFunctions: ['assert', 'assert.ok', 'assert.isTrue', 'assert.isOk', 't.true', 't.truthy', 't.assert', 't.ok', 'expect.ok'],
  /** Members that end an `expect(x)…` chain and need `x` truthy: `.to.be.true`, `.toBeTruthy()`. */
  truthMembers: ['true', 'ok', 'toBeTruthy'],
  /** Members of an `expect(spy)…` chain that need it called: Jest/Vitest, chai-sinon (`.to.have.been.called`). */
  spyMembers: ['toHaveBeenCalled', 'toBeCalled', 'toHaveBeenCalledOnce', 'toHaveBeenCalledWith', 'toBeCalledWith', 'called', 'calledOnce', 'calledWith'],
  /** Calls that pass only when their first argument, a spy, was called. */
  spyFunctions: ['sinon.assert.called', 'sinon.assert.calledOnce', 'sinon.assert.calledWith', 'assert.called', 'assert.calledOnce', 'assert.calledWith'],
} as const;
