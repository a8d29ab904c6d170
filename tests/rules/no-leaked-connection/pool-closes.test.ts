// no-leaked-connection: a pool-level call that the model says closes every connection the
// pool handed out (oracledb `pool.close(drainTime)`, mysql/mysql2 `pool.end()`) releases
// the ones acquired from that pool; pg-pool's `end()` waits for them instead.

import rule from '../../../rules/no-leaked-connection.js';
import { MYSQL, ruleTester } from './fixtures.js';

const ORACLE = `import oracledb from 'oracledb';`;

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // TypeORM: destroying the data source releases the runners it handed out.
    {
      code: `import { DataSource } from 'typeorm';
export async function releasesOnDestroy(dataSource: DataSource) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('select 1');
  } finally {
    await dataSource.destroy();
  }
  return runner.isReleased;
}`,
    },
    // oracledb, a drain time: the connections still out are closed when it is up.
    {
      code: `${ORACLE}
export async function drain(settings) {
  const pool = await oracledb.createPool(settings);
  const conn = await pool.getConnection();
  try {
    await conn.execute('select 1 from dual');
  } finally {
    const closing = pool.close(5);
    await closing;
  }
}`,
    },
    // A connection discarded on purpose (the pool's drain is what is tested), closed with
    // the pool in \`finally\`; \`if (pool)\` cannot be false while a connection from it is open.
    {
      code: `${ORACLE}
export async function drainTest(settings) {
  let pool;
  try {
    pool = await oracledb.createPool(settings);
    await pool.getConnection();
    await pool.getConnection();
    check(pool.connectionsInUse);
  } finally {
    if (pool) await pool.terminate(0);
  }
}`,
    },
    // mysql2: \`pool.end()\` ends every connection of the pool, in use or not.
    {
      code: `${MYSQL}
export async function shutdown() {
  const conn = await pool.getConnection();
  try {
    await conn.query('select 1');
  } finally {
    await pool.end();
  }
}`,
    },
  ],
  invalid: [
    // oracledb without a drain time: \`close()\` fails while a connection is out.
    {
      code: `${ORACLE}
export async function noDrainTime(settings) {
  const pool = await oracledb.createPool(settings);
  const conn = await pool.getConnection();
  await conn.execute('select 1 from dual');
  await pool.close();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' },
              output: `${ORACLE}
export async function noDrainTime(settings) {
  const pool = await oracledb.createPool(settings);
  const conn = await pool.getConnection();
  try {
    await conn.execute('select 1 from dual');
    await pool.close();
  } finally {
    await conn.close();
  }
}`,
            },
          ],
        },
      ],
    },
    // pg-pool's \`end()\` waits for checked-out clients: a client never released makes it hang.
    {
      code: `import pg from 'pg';
export async function postgres() {
  const pool = new pg.Pool();
  const client = await pool.connect();
  await client.query('select 1');
  await pool.end();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'client', call: 'client.release()', release: 'client.release()' },
              output: `import pg from 'pg';
export async function postgres() {
  const pool = new pg.Pool();
  const client = await pool.connect();
  try {
    await client.query('select 1');
    await pool.end();
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Another pool's \`end()\` closes nothing of this one.
    {
      code: `import mysql from 'mysql2/promise';
export async function other() {
  const pool = mysql.createPool({});
  const other = mysql.createPool({});
  const conn = await pool.getConnection();
  await conn.query('select 1');
  await other.end();
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          suggestions: [
            {
              messageId: 'useUsingSuggestion',
              data: { name: 'conn', keyword: 'await using' },
              output: `import mysql from 'mysql2/promise';
export async function other() {
  const pool = mysql.createPool({});
  const other = mysql.createPool({});
  await using conn = await pool.getConnection();
  await conn.query('select 1');
  await other.end();
}`,
            },
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'conn', call: 'conn.release()', release: 'conn.release()' },
              output: `import mysql from 'mysql2/promise';
export async function other() {
  const pool = mysql.createPool({});
  const other = mysql.createPool({});
  const conn = await pool.getConnection();
  try {
    await conn.query('select 1');
    await other.end();
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Discarded, with the pool closed only after a call that may throw: on that path the
    // connection stays open (outside test files).
    {
      code: `${ORACLE}
export async function drain(settings) {
  const pool = await oracledb.createPool(settings);
  await pool.getConnection();
  await check(pool);
  await pool.close(0);
}`,
      errors: [{ messageId: 'leakOnThrow', line: 4 }],
    },
    // Discarded, and the pool closed on one branch only.
    {
      code: `${ORACLE}
export async function maybe(settings, done) {
  const pool = await oracledb.createPool(settings);
  await pool.getConnection();
  if (done) {
    await pool.close(0);
  }
}`,
      errors: [{ messageId: 'discarded', line: 4 }],
    },
  ],
});
