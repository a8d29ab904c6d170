// One deployment of the sample service: examples/service's routers on its pg pool, as its
// app.js mounts them, in a process of its own. demo/index.js starts one for the leaky build
// and another for the fixed one, as a restart after a deploy would: leaked connections
// never come back to a pool, only a new process gets a healthy one.
//
// Configured through the environment, like the service itself: DATABASE_URL, PG_POOL_MAX,
// PG_CONNECT_TIMEOUT_MS, RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_MS. Reports its port to the
// parent over IPC.

import express from 'express';
import { pool } from '../examples/service/src/db.js';
import { limits } from '../examples/service/src/routes/limits.js';
import { reports } from '../examples/service/src/routes/reports.js';

// When PostgreSQL shuts down it ends every session. The pool listens for errors on idle
// clients only; a checked-out client (a leaked one stays checked out forever) emits its
// error on itself, and an 'error' event nobody listens to ends the process.
pool.on('error', () => undefined);
pool.on('connect', (client) => {
  client.on('error', () => undefined);
});

const app = express();

// What a metrics endpoint would export: the numbers that show a draining pool.
app.get('/debug/pool', (req, res) => {
  res.json({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
});

app.use('/reports', reports);
app.use('/limits', limits);

// As in app.js: failures answer with a real error status. The message is passed on so the
// demo can show why a request failed (a real service would log it instead).
app.use((err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
});

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
});

// Stopped by the demo (SIGTERM), by Ctrl-C reaching the process group (SIGINT), or orphaned
// (the IPC channel closes): exit at once. A pool with leaked clients never finishes
// pool.end(), which is the point of the demo.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
process.on('disconnect', () => process.exit(0));
