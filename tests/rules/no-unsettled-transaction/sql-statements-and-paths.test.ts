// no-unsettled-transaction, transactions begun by SQL statements, and the paths that skip their
// end: early returns, throws, loops, `switch`, nested `try`, `return` in `finally`, `&&` / `??` /
// `?.`, flags, dead code.

import rule from '../../../rules/no-unsettled-transaction.js';
import { KNEX, MYSQL, PG, SEQUELIZE, ruleTester } from './fixtures.js';

ruleTester.run('no-unsettled-transaction', rule, {
  valid: [
    // pg: BEGIN / COMMIT with ROLLBACK in catch and release in finally (the canonical form).
    `${PG}
async function transfer(from, to, amount) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
    // BEGIN outside the try, with options; END and lower case.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  await client.query('begin isolation level serializable');
  try {
    await client.query(sql);
    await client.query('end');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}`,
    // Destroying the client (release(err)) ends the transaction with the connection.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(sql);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    client.release(error);
    throw error;
  }
}`,
    // A multi-statement string that ends its own transaction.
    `${PG}
async function run() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN; UPDATE t SET n = n + 1; COMMIT;');
  } finally {
    client.release();
  }
}`,
    // A savepoint rollback does not end the transaction, but the final ROLLBACK does.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SAVEPOINT a');
    try {
      await client.query(sql);
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT a');
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
    // A client passed in: the caller may settle it.
    `${PG}
async function begin(client) {
  await client.query('BEGIN');
}`,
    // Plain queries are no transaction.
    `${PG}
async function read(id) {
  const client = await pool.connect();
  try {
    return await client.query('SELECT * FROM t WHERE id = $1', [id]);
  } finally {
    client.release();
  }
}`,
    // \`?.\` on the rollback, nested try, return inside finally.
    `${KNEX}
async function create(user) {
  let trx;
  try {
    trx = await db.transaction();
    try {
      await trx('users').insert(user);
    } finally {
      log('insert done');
    }
    await trx.commit();
  } catch (error) {
    await trx?.rollback();
    throw error;
  }
}`,
    // Dead code after a return.
    `${KNEX}
async function never(user) {
  return null;
  const trx = await db.transaction();
  await trx('users').insert(user);
}`,
    // \`&&\` and \`??\` in the settling code.
    `${SEQUELIZE}
async function create(User, data, opts) {
  const t = await sequelize.transaction();
  try {
    await User.create(data, { transaction: t });
    opts?.dryRun ? await t.rollback() : await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
    // A rollback guarded by a flag that says whether the commit ran.
    `${PG}
async function run(sql) {
  const client = await pool.connect();
  let committed = false;
  try {
    await client.query('BEGIN');
    await client.query(sql);
    await client.query('COMMIT');
    committed = true;
  } finally {
    if (!committed) await client.query('ROLLBACK');
    client.release();
  }
}`,
  ],
  invalid: [
    // No rollback: a failing statement leaves the transaction open, and finally hands the
    // client back to the pool inside it.
    {
      code: `${PG}
async function transfer(from, to) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - 1 WHERE id = $1', [from]);
    await client.query('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [to]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'abandoned',
          line: 6,
          data: {
            name: 'client',
            what: "transaction from `client.query('BEGIN')`",
            call: 'client.release()',
            line: '11',
          },
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'client', call: "await client.query('ROLLBACK')" },
              output: `${PG}
async function transfer(from, to) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('UPDATE accounts SET balance = balance - 1 WHERE id = $1', [from]);
      await client.query('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [to]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // An early return between BEGIN and COMMIT.
    {
      code: `${PG}
async function pay(order) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const res = await client.query('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [order]);
    if (res.rows.length === 0) return false;
    await client.query('UPDATE orders SET paid = true WHERE id = $1', [order]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'abandoned', line: 6 }],
    },
    // Not released at all: the transaction leaks with the connection, and its report says
    // that one fix closes both.
    {
      code: `${PG}
async function run(sql) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(sql);
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 5,
          data: {
            name: 'client',
            what: "transaction from `client.query('BEGIN')`",
            exit: 'if `client.query(…)` on line 6 throws, where `client` is not released either (one `try` that settles it in `catch` and releases `client` in `finally` fixes both)',
          },
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'client', call: "await client.query('ROLLBACK')" },
              output: `${PG}
async function run(sql) {
  const client = await pool.connect();
  await client.query('BEGIN');
  try {
    await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  client.release();
}`,
            },
          ],
        },
      ],
    },
    // START TRANSACTION on mysql2 with query().
    {
      code: `${MYSQL}
async function run(sql) {
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    await conn.query(sql);
    await conn.query('COMMIT');
  } finally {
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'abandoned',
          line: 6,
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'conn', call: "await conn.query('ROLLBACK')" },
              output: `${MYSQL}
async function run(sql) {
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    try {
      await conn.query(sql);
      await conn.query('COMMIT');
    } catch (error) {
      await conn.query('ROLLBACK');
      throw error;
    }
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // mysql2 beginTransaction with a break in a loop.
    {
      code: `${MYSQL}
async function importRows(rows) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    for (const row of rows) {
      if (!row.valid) break;
      await conn.execute('INSERT INTO t VALUES (?)', [row.value]);
    }
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}
async function importSome(rows) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    loop: for (const row of rows) {
      if (row.skip) continue loop;
      if (row.last) return;
      await conn.execute('INSERT INTO t VALUES (?)', [row.value]);
    }
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}`,
      errors: [{ messageId: 'abandoned', line: 22, data: { name: 'conn', what: 'transaction from `conn.beginTransaction()`', call: 'conn.release()', line: '33' } }],
    },
    // A switch whose fallthrough skips the commit on one case.
    {
      code: `${KNEX}
async function apply(kind, row) {
  const trx = await db.transaction();
  try {
    switch (kind) {
      case 'insert':
        await trx('t').insert(row);
      // falls through
      case 'touch':
        await trx('t').update({ touched: true });
        await trx.commit();
        break;
      default:
        return;
    }
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'leakOnReturn', line: 4, data: { name: 'trx', what: 'knex transaction from `db.transaction()`', exit: 'on the `return` on line 15' } }],
    },
    // A finally whose return overrides the throw skips the rollback.
    {
      code: `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  try {
    await trx('users').insert(user);
    await trx.commit();
  } finally {
    return user.id;
  }
}`,
      errors: [
        {
          messageId: 'leakOnReturn',
          line: 4,
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 'trx', call: 'await trx.rollback()' },
              output: `${KNEX}
async function create(user) {
  const trx = await db.transaction();
  try {
    await trx('users').insert(user);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  } finally {
    return user.id;
  }
}`,
            },
          ],
        },
      ],
    },
    // A transaction discarded at once.
    {
      code: `${KNEX}
async function oops() {
  await db.transaction();
}`,
      errors: [{ messageId: 'discarded', line: 4 }],
    },
  ],
});
