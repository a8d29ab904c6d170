import { Router } from 'express';
import { knex } from '../stores.js';

export const transfers = Router();

class InsufficientFunds extends Error {}

// LEAK (leakguard/no-unsettled-transaction): the transaction is committed at the end and
// rolled back when the debit fails, but the early return for an unknown account leaves it
// open: the pooled connection under it stays checked out with its row locks held.
transfers.post('/', async (req, res) => {
  const { from, to, amountCents } = req.body;
  const trx = await knex.transaction();
  try {
    const source = await trx('accounts').where({ id: from }).forUpdate().first();
    if (!source) {
      res.status(404).json({ error: 'unknown account' });
      return;
    }
    if (source.balance_cents < amountCents) {
      throw new InsufficientFunds(from);
    }
    await trx('accounts').where({ id: from }).decrement('balance_cents', amountCents);
    await trx('accounts').where({ id: to }).increment('balance_cents', amountCents);
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
  res.status(201).json({ from, to, amountCents });
});

// OK: the callback form commits when the callback resolves and rolls back when it throws,
// whichever way the callback is left.
transfers.post('/v2', async (req, res) => {
  const { from, to, amountCents } = req.body;
  const done = await knex.transaction(async (trx) => {
    const source = await trx('accounts').where({ id: from }).forUpdate().first();
    if (!source) {
      return false;
    }
    if (source.balance_cents < amountCents) {
      throw new InsufficientFunds(from);
    }
    await trx('accounts').where({ id: from }).decrement('balance_cents', amountCents);
    await trx('accounts').where({ id: to }).increment('balance_cents', amountCents);
    return true;
  });
  if (!done) {
    res.status(404).json({ error: 'unknown account' });
    return;
  }
  res.status(201).json({ from, to, amountCents });
});

// BUG (leakguard/no-error-200): a failed transfer is answered with 200 and an error in the
// body, so the alerts on 5xx rates never see payments failing.
transfers.get('/:id', async (req, res) => {
  try {
    const transfer = await knex('transfers').where({ id: req.params.id }).first();
    res.json({ ok: true, transfer });
  } catch (err) {
    req.log?.error(err);
    res.json({ ok: false, error: 'could not load the transfer' });
  }
});

// OK: the same lookup, with the failure answered as one.
transfers.get('/v2/:id', async (req, res) => {
  try {
    const transfer = await knex('transfers').where({ id: req.params.id }).first();
    res.json({ ok: true, transfer });
  } catch (err) {
    req.log?.error(err);
    res.status(500).json({ ok: false, error: 'could not load the transfer' });
  }
});
