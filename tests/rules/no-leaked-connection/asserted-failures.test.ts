// no-leaked-connection in tests: an acquisition asserted to fail holds nothing on any path
// where the test passes; one whose success the assertion allows still counts.

import rule from '../../../rules/no-leaked-connection.js';
import { PG, ruleTester } from './fixtures.js';

const ORACLE = `import oracledb from 'oracledb';
import assert from 'node:assert/strict';`;

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // node:assert: the acquisition is the whole body of the function asserted to reject.
    {
      code: `${ORACLE}
it('refuses a bad password', async function () {
  await assert.rejects(async () => { await oracledb.getConnection({ user: 'bad' }); }, /ORA-01017:/);
});`,
    },
    // The same without an argument, and as an arrow's expression body or a returned promise.
    {
      code: `${ORACLE}
it('has no default pool', async function () {
  await assert.rejects(async () => { await oracledb.getConnection(); }, /NJS-047:/);
  await assert.rejects(async () => await oracledb.getConnection({ user: 'bad' }), /NJS-047:/);
  await assert.rejects(() => oracledb.getConnection({ user: 'bad' }));
  await assert.rejects(function () { return oracledb.getConnection({ user: 'bad' }); });
});`,
    },
    // The promise itself given to the assertion; setup statements before the acquisition.
    {
      code: `${ORACLE}
it('times out', async function () {
  await assert.rejects(oracledb.getConnection({ user: 'bad' }), /NJS-040:/);
  await assert.rejects(async () => {
    const config = { user: 'bad' };
    await oracledb.getConnection(config);
  });
});`,
    },
    // Jest/Vitest \`.rejects\`, chai-as-promised \`rejected\` / \`rejectedWith\` and \`should\`.
    {
      code: `${PG}
test('bad host', async () => {
  await expect(pool.connect()).rejects.toThrow('ECONNREFUSED');
  await expect(() => pool.connect()).rejects.toThrow();
  await expect(pool.connect()).to.be.rejectedWith(Error);
  await expect(pool.connect()).to.eventually.be.rejected;
  await pool.connect().should.be.rejectedWith(/ECONNREFUSED/);
});`,
    },
    // \`try { acquire; assert.fail() } catch\`: the statement after the acquisition fails the test.
    {
      code: `${ORACLE}
it('queues and times out', async function () {
  try {
    await oracledb.getConnection({ user: 'bad' });
    assert.fail('connected with a bad password');
  } catch (err) {
    assert.match(err.message, /ORA-01017:/);
  }
});`,
    },
    // The promise kept in a variable whose every read is asserted to fail.
    {
      code: `${ORACLE}
it('queues and times out', async function () {
  const pending = oracledb.getConnection({ user: 'bad' });
  try {
    await pending;
    assert.fail('Expected a timeout');
  } catch (err) {
    assert.equal(err.code, 'NJS-040');
  }
  await assert.rejects(pending, /NJS-040:/);
});`,
    },
    // A function of the file whose outcome is the acquisition, asserted to fail wherever it is called.
    {
      code: `${ORACLE}
const connectNowhere = async () => {
  await oracledb.getConnection({ connectString: 'nowhere' });
};
it('keeps the stack', async () => {
  await assert.rejects(async () => await connectNowhere(), /NJS-503:/);
});`,
    },
    // The same call, with the same arguments, asserted to fail by the next statement.
    {
      code: `${ORACLE}
it('refuses a wrong label', async function () {
  oracledb.getConnection(config);
  await assert.rejects(async () => await oracledb.getConnection(config), /NJS-125:/);
});`,
    },
    // \`throw\` after the acquisition in a \`try\`, like \`assert.fail()\`.
    {
      code: `${ORACLE}
it('refuses a bad password', async function () {
  try {
    await oracledb.getConnection({ user: 'bad' });
    throw new Error('connected with a bad password');
  } catch (err) {
    assert.match(err.message, /ORA-01017:/);
  }
});`,
    },
  ],
  invalid: [
    // The acquisition succeeds and a later statement is what rejects: the test passes with
    // the connection open.
    {
      code: `${ORACLE}
it('rejects bad SQL', async function () {
  await assert.rejects(async () => {
    const conn = await oracledb.getConnection({ user: 'good' });
    await conn.execute('bad sql');
  });
});`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' },
              output: `${ORACLE}
it('rejects bad SQL', async function () {
  await assert.rejects(async () => {
    const conn = await oracledb.getConnection({ user: 'good' });
    try {
      await conn.execute('bad sql');
    } finally {
      await conn.close();
    }
  });
});`,
            },
          ],
        },
      ],
    },
    // An acquisition that is not the function's last statement succeeds as far as the
    // assertion cares.
    {
      code: `${ORACLE}
it('rejects later', async function () {
  await assert.rejects(async () => {
    await oracledb.getConnection({ user: 'good' });
    await failLater();
  });
});`,
      errors: [{ messageId: 'discarded', line: 5 }],
    },
    // \`doesNotReject\`: the assertion requires the acquisition to succeed.
    {
      code: `${ORACLE}
it('connects', async function () {
  await assert.doesNotReject(async () => { await oracledb.getConnection({ user: 'good' }); });
});`,
      errors: [{ messageId: 'discarded', line: 4 }],
    },
    // \`.not\` in a \`should\` chain asserts success.
    {
      code: `${PG}
test('connects', async () => {
  await pool.connect().should.not.be.rejected;
});`,
      errors: [{ messageId: 'discarded', line: 4 }],
    },
    // A \`try\` whose next statement is not a failure: the acquisition may succeed.
    {
      code: `${ORACLE}
it('connects', async function () {
  try {
    await oracledb.getConnection({ user: 'good' });
    console.log('connected');
  } catch (err) {
    assert.fail(err);
  }
});`,
      errors: [{ messageId: 'discarded', line: 5 }],
    },
    // The function is also called where its success is fine: the connection is held there.
    {
      code: `${ORACLE}
const connect = async () => {
  await oracledb.getConnection({ user: 'scott' });
};
it('refuses', async () => {
  await assert.rejects(() => connect());
});
it('connects', async () => {
  await connect();
});`,
      errors: [{ messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 50 }],
    },
    // The next statement asserts that another call fails: this one may succeed.
    {
      code: `${ORACLE}
it('refuses a wrong label', async function () {
  oracledb.getConnection(good);
  await assert.rejects(async () => await oracledb.getConnection(config), /NJS-125:/);
});`,
      errors: [{ messageId: 'discarded', line: 4, column: 3, endLine: 4, endColumn: 31 }],
    },
    // A kept promise read where success passes: the test goes on with the connection open.
    {
      code: `${ORACLE}
it('connects later', async function () {
  const pending = oracledb.getConnection({ user: 'scott' });
  try {
    await pending;
    console.log('connected');
  } catch (err) {
    assert.fail(err);
  }
});`,
      errors: [{ messageId: 'leakAtEnd', line: 4, column: 19, endLine: 4, endColumn: 60 }],
    },
  ],
});
