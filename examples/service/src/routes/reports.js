import { Router } from 'express';
import { pool } from '../db.js';

export const reports = Router();

const DAILY_TOTALS = `
  SELECT merchant_id, sum(amount_cents) AS sum
    FROM payments
   WHERE created_at >= $1::date AND created_at < $1::date + 1
   GROUP BY merchant_id`;

// LEAK (leakguard/no-leaked-connection): this is the incident. A merchant with no settled payments yet gives a
// NULL sum, the loop returns early, and `client.release()` never runs. Each such request
// keeps one of the pool's 10 connections forever; after ten of them every request waits
// for a connection and the service hangs. It also leaks if `client.query` throws.
async function dailyTotal(day) {
  const client = await pool.connect();
  const res = await client.query(DAILY_TOTALS, [day]);
  let total = 0;
  for (const row of res.rows) {
    if (row.sum === null) return 0;
    total += Number(row.sum);
  }
  client.release();
  return total;
}

reports.get('/daily/:day', async (req, res) => {
  res.json({ day: req.params.day, totalCents: await dailyTotal(req.params.day) });
});

// OK: the same report, with the release in `finally`. The early return is still there,
// but it can no longer skip the release.
async function dailyTotalFixed(day) {
  const client = await pool.connect();
  try {
    const res = await client.query(DAILY_TOTALS, [day]);
    let total = 0;
    for (const row of res.rows) {
      if (row.sum === null) return 0;
      total += Number(row.sum);
    }
    return total;
  } finally {
    client.release();
  }
}

reports.get('/v2/daily/:day', async (req, res) => {
  res.json({ day: req.params.day, totalCents: await dailyTotalFixed(req.params.day) });
});

// OK: one query needs no client of its own; `pool.query` checks one out and releases it.
reports.get('/merchants/:id/summary', async (req, res) => {
  const { rows } = await pool.query(
    'SELECT count(*) AS payments, sum(amount_cents) AS total FROM payments WHERE merchant_id = $1',
    [req.params.id],
  );
  res.json(rows[0]);
});
