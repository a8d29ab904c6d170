import { Router } from 'express';
import { ObjectId } from 'mongodb';
import { auditDb } from '../stores.js';

export const auditExports = Router();

function toCsvLine(event) {
  return [event._id.toHexString(), event.type, event.at.toISOString()].join(',');
}

// LEAK (leakguard/no-leaked-cursor): the cursor is closed only when every event has been
// read. A request that asks for a `limit` returns early, and an event without a date makes
// `toCsvLine` throw; either way the cursor stays open on the server until it times out,
// holding a connection of the driver's pool for as long.
auditExports.get('/:account/events.csv', async (req, res) => {
  const limit = Number(req.query.limit ?? Infinity);
  const cursor = auditDb
    .collection('events')
    .find({ account: new ObjectId(req.params.account) })
    .sort({ at: 1 });
  const lines = [];
  while (await cursor.hasNext()) {
    const event = await cursor.next();
    lines.push(toCsvLine(event));
    if (lines.length >= limit) {
      res.type('text/csv').send(lines.join('\n'));
      return;
    }
  }
  await cursor.close();
  res.type('text/csv').send(lines.join('\n'));
});

// OK: `for await` closes the cursor when the loop ends, breaks, returns or throws.
auditExports.get('/v2/:account/events.csv', async (req, res) => {
  const limit = Number(req.query.limit ?? Infinity);
  const cursor = auditDb
    .collection('events')
    .find({ account: new ObjectId(req.params.account) })
    .sort({ at: 1 });
  const lines = [];
  for await (const event of cursor) {
    lines.push(toCsvLine(event));
    if (lines.length >= limit) {
      break;
    }
  }
  res.type('text/csv').send(lines.join('\n'));
});

// OK: `toArray()` reads the cursor to the end and closes it.
auditExports.get('/:account/latest', async (req, res) => {
  const events = await auditDb
    .collection('events')
    .find({ account: new ObjectId(req.params.account) })
    .sort({ at: -1 })
    .limit(20)
    .toArray();
  res.json(events);
});
