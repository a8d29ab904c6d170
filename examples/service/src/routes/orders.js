import { Router } from 'express';
import { pool, withTransaction } from '../db.js';

export const orders = Router();

// LEAK (leakguard/no-leaked-connection): the client is released on the "not found" branch and at the end, but
// not on the "already shipped" branch, and not when either query throws.
orders.post('/:id/cancel', async (req, res) => {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT status FROM orders WHERE id = $1', [
    req.params.id,
  ]);
  if (rows.length === 0) {
    client.release();
    res.status(404).json({ error: 'order not found' });
    return;
  }
  if (rows[0].status === 'shipped') {
    res.status(409).json({ error: 'order already shipped' });
    return;
  }
  await client.query("UPDATE orders SET status = 'cancelled' WHERE id = $1", [req.params.id]);
  client.release();
  res.status(204).end();
});

// OK: the transaction helper owns the client; the callback only uses it. Every path out
// of the callback (return, throw) goes through the helper's `finally`.
orders.post('/:id/refund', async (req, res) => {
  const refund = await withTransaction(async (client) => {
    const { rows } = await client.query(
      'SELECT amount_cents, status FROM orders WHERE id = $1 FOR UPDATE',
      [req.params.id],
    );
    if (rows.length === 0 || rows[0].status !== 'paid') {
      return null;
    }
    await client.query("UPDATE orders SET status = 'refunded' WHERE id = $1", [req.params.id]);
    const inserted = await client.query(
      'INSERT INTO refunds (order_id, amount_cents) VALUES ($1, $2) RETURNING id, amount_cents',
      [req.params.id, rows[0].amount_cents],
    );
    return inserted.rows[0];
  });
  if (refund === null) {
    res.status(409).json({ error: 'order is not refundable' });
    return;
  }
  res.status(201).json(refund);
});

// OK: every early return sits inside the `try`, so `finally` releases the client on each.
orders.get('/:id', async (req, res) => {
  const client = await pool.connect();
  try {
    const order = await client.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
    if (order.rows.length === 0) {
      res.status(404).json({ error: 'order not found' });
      return;
    }
    const lines = await client.query('SELECT * FROM order_lines WHERE order_id = $1', [
      req.params.id,
    ]);
    res.json({ ...order.rows[0], lines: lines.rows });
  } finally {
    client.release();
  }
});
