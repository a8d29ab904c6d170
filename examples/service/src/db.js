import pg from 'pg';
import mysql from 'mysql2/promise';

/** Orders, payments and reports live in Postgres. */
export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX ?? 10),
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: Number(process.env.PG_CONNECT_TIMEOUT_MS ?? 5_000),
});

/** Stock levels live in the warehouse team's MySQL database. */
export const inventoryPool = mysql.createPool({
  uri: process.env.INVENTORY_DATABASE_URL,
  connectionLimit: 5,
  waitForConnections: true,
});

/**
 * Runs `work(client)` inside BEGIN / COMMIT on one pooled client, rolls back if anything
 * throws, and always gives the client back to the pool.
 *
 * OK: the release is in `finally`, so it runs on every path out, including a throw from
 * `work`, from COMMIT, or from ROLLBACK itself.
 */
export async function withTransaction(work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
