// The demo's side of the wire: deployments of the sample service (demo/service.js), the
// load sent to them, and a monitor that alerts on non-2xx responses as most do.

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { stopChild } from './child.js';

const serviceEntry = fileURLToPath(new URL('service.js', import.meta.url));

/**
 * Starts one deployment of the service with `env` added to this process's environment.
 * Its stdout and stderr are passed to `onLog`; `exited` settles with how it ended.
 *
 * @returns {Promise<{ base: string, child: import('node:child_process').ChildProcess, exited: Promise<{ code: number | null, signal: string | null }>, stop: () => Promise<void> }>}
 */
export async function startService(env, onLog) {
  const child = fork(serviceEntry, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk) => onLog(String(chunk)));
  child.stderr?.on('data', (chunk) => onLog(String(chunk)));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  const stop = () => stopChild(child, 'SIGTERM', 5_000);
  const exitedEarly = exited.then(({ code }) => {
    throw new Error(`the service exited with code ${String(code)} before it listened`);
  });
  // Once the service listens, its exit is no longer an error here.
  exitedEarly.catch(() => undefined);
  const [message] = await Promise.race([once(child, 'message'), exitedEarly]);
  return { base: `http://127.0.0.1:${String(message.port)}`, child, exited, stop };
}

/**
 * One request: its status, its JSON body (or text) and how long it took.
 *
 * @returns {Promise<{ status: number, body: unknown, ms: number }>}
 */
export async function request(url) {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, ms: Math.round(performance.now() - started) };
}

/** The pool's own counts, from the service's metrics endpoint. */
export async function getPoolStats(base) {
  const { body } = await request(`${base}/debug/pool`);
  return /** @type {{ total: number, idle: number, waiting: number }} */ (body);
}

/**
 * Sends `count` requests to `url` at once. While they are in flight, samples the pool every
 * 50 ms and keeps the sample with the most requests waiting for a connection.
 */
export async function sendConcurrently(base, path, count) {
  let inFlight = true;
  const all = Promise.all(Array.from({ length: count }, () => request(`${base}${path}`))).finally(
    () => {
      inFlight = false;
    },
  );
  // Sampling may fail first (the service gone): the wave's own failure is then not lost
  // as an unhandled rejection, and is still thrown by the `await all` below otherwise.
  all.catch(() => undefined);
  let busiest = await getPoolStats(base);
  while (inFlight) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sample = await getPoolStats(base);
    if (sample.waiting >= busiest.waiting) busiest = sample;
  }
  return { responses: await all, busiest };
}

/** An alerting rule as most monitoring has one: every non-2xx response is an alert. */
export function createMonitor() {
  let alerts = 0;
  let seen = 0;
  return {
    observe(status) {
      seen += 1;
      if (status < 200 || status > 299) alerts += 1;
    },
    get alerts() {
      return alerts;
    },
    get seen() {
      return seen;
    },
  };
}
