// `npm run demo` end to end: a real PostgreSQL, the sample service's handlers under load,
// the leakguard command's verdict, and the clean-up, also after Ctrl-C.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
// A run takes about 6 s alone; leave room for a loaded 2-core machine.
const DEMO_TIMEOUT_MS = 120_000;
const demo = join(repo, 'demo/index.js');

interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

interface HandlerRun {
  requests: number;
  ok: number;
  failed: number;
  errors: string[];
  poolWhileWaiting: PoolStats;
  poolAfter: PoolStats;
  databaseSessions: { sessions: number; idle: number };
  later: { status: number; ms: number; error: string | null };
}

interface LimiterRun {
  requests: number;
  served: number;
  refused: number;
  refusedWith: number[];
  alerts: number;
}

interface Finding {
  file: string;
  line: number;
  ruleId: string | null;
  inFunction: string | null;
}

interface DemoResult {
  load: { poolMax: number; connectTimeoutMs: number; concurrentRequests: number; quota: number };
  leaky: HandlerRun;
  fixed: HandlerRun;
  limiter200: LimiterRun;
  limiter429: LimiterRun;
  findings: Finding[];
  lintError: string | null;
}

interface DemoEvent {
  event: string;
  name?: string;
  pid?: number;
  code?: number | null;
}

interface DemoExit {
  code: number | null;
  stdout: string;
  stderr: string;
  events: DemoEvent[];
}

/** Directories and processes of the running tests, removed and killed whatever happens. */
const cleanups: (() => Promise<void> | void)[] = [];

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills every PostgreSQL server whose data directory lies under `dir` (its postmaster.pid). */
function killServersUnder(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('postmaster.pid')) continue;
    const pid = Number(readFileSync(join(dir, entry), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** A fresh TMPDIR for one run of the demo, so the test can see everything it writes. */
function makeTmpdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-demo-e2e-'));
  // As root the server runs as the `postgres` user, which must reach its data directory.
  chmodSync(dir, 0o755);
  cleanups.push(() => {
    killServersUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * Runs `node demo/index.js --json` in its own process group with TMPDIR set to `dir`. When
 * `interrupt.on` accepts an event, sends SIGINT to the whole group `interrupt.delayMs` later,
 * as Ctrl-C in a terminal does.
 */
async function runDemo(
  dir: string,
  interrupt?: { on: (event: DemoEvent) => boolean; delayMs: number },
): Promise<DemoExit> {
  const child = spawn(process.execPath, [demo, '--json'], {
    cwd: repo,
    env: { ...process.env, TMPDIR: dir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the demo did not start');
  const exited = once(child, 'exit') as Promise<[number | null]>;
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // A run cut short (a failed or timed-out test): let the demo clean up as on Ctrl-C. It
    // waits for initdb, which SIGKILL would leave with shared memory behind; SIGKILL for
    // the whole process group only if that takes too long.
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      process.kill(-pid, 'SIGKILL');
    }, 20_000);
    await exited;
    clearTimeout(timer);
  });
  let stdout = '';
  let stderr = '';
  const events: DemoEvent[] = [];
  let interrupted = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const lines = stderr.split('\n').slice(0, -1);
    for (const line of lines.slice(events.length)) {
      // Anything but an event (an error's text) is kept as one, for the assertions to show.
      let event: DemoEvent;
      try {
        event = JSON.parse(line) as DemoEvent;
      } catch {
        event = { event: 'output', name: line };
      }
      events.push(event);
      if (interrupt !== undefined && !interrupted && interrupt.on(event)) {
        interrupted = true;
        setTimeout(() => {
          process.kill(-pid, 'SIGINT');
        }, interrupt.delayMs);
      }
    }
  });
  const [code] = await exited;
  return { code, stdout, stderr, events };
}

function getPids(run: DemoExit): number[] {
  return run.events.flatMap((event) => (event.pid === undefined ? [] : [event.pid]));
}

/** The line of the `n`th (from 1) line of `file` that contains `text`. */
function getLineOf(file: string, text: string, n: number): number {
  const lines = readFileSync(join(repo, file), 'utf8').split('\n');
  const found = lines.flatMap((line, index) => (line.includes(text) ? [index + 1] : []));
  const line = found[n - 1];
  if (line === undefined) throw new Error(`${file} has no ${String(n)}th line with ${text}`);
  return line;
}

describe('npm run demo', () => {
  const reports = 'examples/service/src/routes/reports.js';
  const limits = 'examples/service/src/routes/limits.js';
  let dir: string;
  let run: DemoExit;
  let result: DemoResult;

  beforeAll(async () => {
    dir = makeTmpdir();
    run = await runDemo(dir);
    if (run.stdout === '') throw new Error(`the demo printed no result (exit ${String(run.code)}):\n${run.stderr}`);
    result = JSON.parse(run.stdout) as DemoResult;
  }, DEMO_TIMEOUT_MS);

  it('runs to the end, leakguard included', () => {
    expect(result.lintError).toBeNull();
    expect(run.code, run.stderr).toBe(0);
  });

  afterAll(cleanUp, DEMO_TIMEOUT_MS);

  it('leaky handler: every client checked out for good, the other requests time out, and so do later ones', () => {
    const { poolMax, concurrentRequests } = result.load;
    expect(result.leaky.poolAfter).toEqual({ total: poolMax, idle: 0, waiting: 0 });
    expect(result.leaky.poolWhileWaiting.waiting).toBeGreaterThan(0);
    expect(result.leaky.ok).toBe(poolMax);
    expect(result.leaky.failed).toBe(concurrentRequests - poolMax);
    expect(result.leaky.errors).toEqual(['timeout exceeded when trying to connect']);
    expect(result.leaky.later).toMatchObject({ status: 500, error: 'timeout exceeded when trying to connect' });
    // What the database sees meanwhile: the leaked sessions, idle.
    expect(result.leaky.databaseSessions).toEqual({ sessions: poolMax, idle: poolMax });
  });

  it('fixed handler: the same load answered in full, every client back in the pool', () => {
    expect(result.fixed.ok).toBe(result.load.concurrentRequests);
    expect(result.fixed.failed).toBe(0);
    expect(result.fixed.poolAfter.waiting).toBe(0);
    expect(result.fixed.poolAfter.idle).toBe(result.fixed.poolAfter.total);
    expect(result.fixed.databaseSessions.idle).toBe(result.fixed.poolAfter.idle);
    expect(result.fixed.later).toMatchObject({ status: 200, error: null });
  });

  it('the limiter answering 200 refuses callers with no alert; the one answering 429 alerts on each', () => {
    const { quota } = result.load;
    expect(result.limiter200.served).toBe(quota);
    expect(result.limiter200.refused).toBe(result.limiter200.requests - quota);
    expect(result.limiter200.refusedWith).toEqual([200]);
    expect(result.limiter200.alerts).toBe(0);
    expect(result.limiter429.served).toBe(quota);
    expect(result.limiter429.refused).toBe(result.limiter429.requests - quota);
    expect(result.limiter429.refusedWith).toEqual([429]);
    expect(result.limiter429.alerts).toBe(result.limiter429.refused);
  });

  it('leakguard reports the leaky handler on its pool.connect(), and nothing in the fixed one', () => {
    const inReports = result.findings.filter((finding) => finding.file === reports);
    expect(inReports.map(({ inFunction, ruleId }) => ({ inFunction, ruleId }))).toEqual([
      { inFunction: 'dailyTotal', ruleId: 'leakguard/no-leaked-connection' },
    ]);
    expect(inReports[0]?.line).toBe(getLineOf(reports, 'await pool.connect()', 1));
  });

  it('leakguard reports the limiter answering 200, and nothing in the one answering 429', () => {
    const inLimits = result.findings.filter((finding) => finding.file === limits);
    expect(inLimits.map(({ inFunction, ruleId }) => ({ inFunction, ruleId }))).toEqual([
      { inFunction: 'quoteLimiter', ruleId: 'leakguard/no-rate-limit-200' },
    ]);
  });

  it('leaves nothing behind: no server, no service, no file', () => {
    expect(run.events.map((event) => event.event)).toEqual([
      'postgres',
      'service',
      'load',
      'service',
      'load',
      'service',
      'exit',
      'exit',
      'exit',
      'cleaned',
    ]);
    expect(getPids(run).filter(isAlive)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the services outlive the database: its shutdown ends their sessions, leaked ones included, without crashing them', () => {
    // The demo stops PostgreSQL first; a service whose client had no 'error' listener would
    // die of the terminated connection with exit code 1 before it is asked to stop.
    expect(run.events.filter((event) => event.event === 'exit')).toEqual([
      { event: 'exit', name: 'service-leaky', code: 0, signal: null },
      { event: 'exit', name: 'service-fixed', code: 0, signal: null },
      { event: 'exit', name: 'service-limits', code: 0, signal: null },
    ]);
  });
});

describe('npm run demo, interrupted', () => {
  afterAll(cleanUp, DEMO_TIMEOUT_MS);

  it('stops PostgreSQL and removes its directory on Ctrl-C while leaked connections are held', async () => {
    const dir = makeTmpdir();
    // Part-way through the leaky handler's load: clients leaked, requests waiting.
    const run = await runDemo(dir, {
      on: (event) => event.event === 'load' && event.name === 'service-leaky',
      delayMs: 300,
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.events.map((event) => event.event)).toEqual(['postgres', 'service', 'load', 'exit', 'cleaned']);
    expect(run.events.find((event) => event.event === 'exit')).toMatchObject({ name: 'service-leaky', code: 0 });
    expect(getPids(run)).toHaveLength(2);
    expect(getPids(run).filter(isAlive)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  }, DEMO_TIMEOUT_MS);
});
