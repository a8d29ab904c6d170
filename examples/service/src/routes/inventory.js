import { Router } from 'express';
import { inventoryPool } from '../db.js';

export const inventory = Router();

// LEAK (leakguard/no-leaked-connection): the connection is rolled back on error but never released. Any failure
// (a deadlock, a lost lock wait, a bad SKU) keeps one of the pool's 5 connections for good.
inventory.post('/reserve', async (req, res) => {
  const { sku, quantity } = req.body;
  const conn = await inventoryPool.getConnection();
  try {
    await conn.beginTransaction();
    const [rows] = await conn.execute('SELECT on_hand FROM stock WHERE sku = ? FOR UPDATE', [
      sku,
    ]);
    if (rows.length === 0 || rows[0].on_hand < quantity) {
      await conn.rollback();
      conn.release();
      res.status(409).json({ error: 'not enough stock' });
      return;
    }
    await conn.execute('UPDATE stock SET on_hand = on_hand - ? WHERE sku = ?', [quantity, sku]);
    await conn.commit();
    conn.release();
    res.status(201).json({ sku, reserved: quantity });
  } catch (err) {
    await conn.rollback();
    throw err;
  }
});

// OK: the same reservation with the release in `finally`.
inventory.post('/v2/reserve', async (req, res) => {
  const { sku, quantity } = req.body;
  const conn = await inventoryPool.getConnection();
  try {
    await conn.beginTransaction();
    const [rows] = await conn.execute('SELECT on_hand FROM stock WHERE sku = ? FOR UPDATE', [
      sku,
    ]);
    if (rows.length === 0 || rows[0].on_hand < quantity) {
      await conn.rollback();
      res.status(409).json({ error: 'not enough stock' });
      return;
    }
    await conn.execute('UPDATE stock SET on_hand = on_hand - ? WHERE sku = ?', [quantity, sku]);
    await conn.commit();
    res.status(201).json({ sku, reserved: quantity });
  } catch (err) {
    await conn.rollback();
    throw err;
  } finally {
    conn.release();
  }
});

// OK: a single read goes through the pool, which releases the connection itself.
inventory.get('/:sku', async (req, res) => {
  const [rows] = await inventoryPool.execute('SELECT sku, on_hand FROM stock WHERE sku = ?', [
    req.params.sku,
  ]);
  if (rows.length === 0) {
    res.status(404).json({ error: 'unknown sku' });
    return;
  }
  res.json(rows[0]);
});
