// Stopping the child processes the demo starts (PostgreSQL, the service deployments).

import { once } from 'node:events';

/**
 * Sends `signal` to a child process and waits for it to exit, with SIGKILL after
 * `timeoutMs`. Does nothing if it has already exited.
 *
 * @param {import('node:child_process').ChildProcess | undefined} child
 * @param {NodeJS.Signals} signal
 * @param {number} timeoutMs
 */
export async function stopChild(child, signal, timeoutMs) {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
