// `--verbose` lists what the analysis gave up on, one line each, on the resource side (a
// helper in a module too large to read) and on the status side (a response helper too large
// to read). Without `--verbose` the run says nothing about them. Each line says what the
// analysis did instead: a function given up on gets no report; a call into a module it could
// not read is an unknown function, a use of the connection, so the caller is still judged.

import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { makeProject } from '../e2e/helpers.js';

async function lint(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, {
    cwd: dir,
    env: {},
    stdout: { write: (text: string) => out.push(text) },
    stderr: { isTTY: false, write: (text: string) => err.push(text) },
  });
  return { code, out: out.join(''), err: err.join('') };
}

// A helper module over the 256 KB the cross-module summaries parse: whether `finish`
// releases its argument is unknown, so passing the connection to it is a use, and the
// connection is never released as far as the analysis can tell.
const padding = Array.from({ length: 9000 }, (_, index) => `export const value${String(index)} = '${'x'.repeat(20)}';`).join('\n');
const bigHelpers = `export async function finish(client) {\n  client.release();\n}\n${padding}\n`;
const caller = `import pg from 'pg';
import { finish } from './helpers.js';
const pool = new pg.Pool();
export async function count(day) {
  const client = await pool.connect();
  await finish(client);
  return day;
}
`;

// A response helper past the 2,000 nodes the status side reads.
const fields = Array.from({ length: 800 }, (_, index) => `f${String(index)}: x.f${String(index)}`).join(', ');
const route = `import express from 'express';
const app = express();
function big(x) {
  return { code: 500, ${fields} };
}
app.get('/a', async (req, res) => {
  res.json(big(req.query));
});
`;

describe('--verbose lists the functions the analysis gave up on', () => {
  it('a call into a module too large to read (resource rules)', async () => {
    const dir = makeProject({ 'src/count.js': caller, 'src/helpers.js': bigHelpers });
    const verbose = await lint(dir, ['--engine', 'eslint', '--verbose', '--quiet', '--format', 'json', 'src/count.js']);
    expect(verbose.code).toBe(1);
    const [result] = JSON.parse(verbose.out) as { messages: { ruleId: string; line: number }[] }[];
    expect(result?.messages.map(({ ruleId, line }) => [ruleId, line])).toEqual([['leakguard/no-leaked-connection', 5]]);
    expect(verbose.err).toMatch(
      /^leakguard: src\/count\.js:6:9 leakguard\/no-leaked-connection: gave up on a call into another module \(size: \S*src\/helpers\.js is over 256 KB and was not parsed\); the call is read as an unknown function \(a use of what it is passed\)\n$/u,
    );
    // Not asked for: the same run says nothing on stderr.
    const quiet = await lint(dir, ['--engine', 'eslint', '--quiet', '--format', 'json', 'src/count.js']);
    expect([quiet.code, quiet.err]).toEqual([1, '']);
  });

  it('a response helper too large to read (status rules)', async () => {
    const dir = makeProject({ 'src/route.js': route });
    const verbose = await lint(dir, ['--engine', 'eslint', '--verbose', '--quiet', 'src/route.js']);
    expect(verbose.code).toBe(0);
    expect(verbose.out).toBe('');
    expect(verbose.err).toBe(
      'leakguard: src/route.js:3:1 leakguard/no-error-200: gave up on function `big` (budget: what `big` returns: more than 2000 nodes); no report is made for it\n',
    );
  });
});
