import express from 'express';
import { pool } from './db.js';
import { apiLimit } from './middleware/rate-limit.js';
import { auditExports } from './routes/exports.js';
import { inventory } from './routes/inventory.js';
import { limits } from './routes/limits.js';
import { orders } from './routes/orders.js';
import { reports } from './routes/reports.js';
import { transfers } from './routes/transfers.js';

export const app = express();

app.use(express.json());
app.use(apiLimit);

// OK: `pool.query` checks a client out and gives it back by itself.
app.get('/healthz', async (req, res) => {
  await pool.query('SELECT 1');
  res.status(204).end();
});

app.use('/reports', reports);
app.use('/orders', orders);
app.use('/inventory', inventory);
app.use('/transfers', transfers);
app.use('/exports', auditExports);
app.use('/limits', limits);

// Express 5 forwards rejected handler promises here. Failures answer with a real error
// status, so alerts keyed on 5xx see them.
app.use((err, req, res, next) => {
  req.log?.error(err);
  if (res.headersSent) {
    next(err);
    return;
  }
  res.status(500).json({ error: 'internal error' });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`service listening on :${port}`);
});
