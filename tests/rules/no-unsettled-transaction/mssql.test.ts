// no-unsettled-transaction, mssql: `new sql.Transaction(pool)` (or `pool.transaction()`)
// holds one of the pool's connections from `begin()` until `commit()` or `rollback()`.

import rule from '../../../rules/no-unsettled-transaction.js';
import { ruleTester } from './fixtures.js';

const MSSQL = `import sql from 'mssql';
const pool = new sql.ConnectionPool('mssql://localhost/app');`;

ruleTester.run('no-unsettled-transaction', rule, {
  valid: [
    // Committed, or rolled back when a request fails.
    `${MSSQL}
export async function move(from: number, to: number) {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    await new sql.Request(tx).query(\`update a set n = n - 1 where id = \${from}\`);
    await tx.request().query(\`update a set n = n + 1 where id = \${to}\`);
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}`,
    // From `pool.transaction()`, settled in \`finally\`.
    `${MSSQL}
export async function touch(id: number) {
  const transaction = pool.transaction();
  await transaction.begin();
  let done = false;
  try {
    await transaction.request().query(\`update a set t = now() where id = \${id}\`);
    done = true;
  } finally {
    if (done) await transaction.commit();
    else await transaction.rollback();
  }
}`,
    // \`begin()\` on something that is no transaction.
    `export async function run(job: { begin(): Promise<void>; id: number }) {
  await job.begin();
  return job.id;
}`,
  ],
  invalid: [
    // A failing request leaves the transaction open, holding its connection.
    {
      code: `${MSSQL}
export async function move(from: number, to: number) {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  await tx.request().query(\`update a set n = n - 1 where id = \${from}\`);
  await tx.request().query(\`update a set n = n + 1 where id = \${to}\`);
  await tx.commit();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          data: { name: 'tx', what: 'mssql transaction from `tx.begin()`', exit: 'if `tx.request().query(…)` on line 6 throws' },
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 19,
        },
      ],
    },
    // Left open on the early return.
    {
      code: `${MSSQL}
export async function touch(id: number | null) {
  const transaction = pool.transaction();
  await transaction.begin();
  if (id === null) return;
  await transaction.commit();
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'transaction', what: 'mssql transaction from `transaction.begin()`', exit: 'on the `return` on line 6' },
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 28,
        },
      ],
    },
  ],
});
