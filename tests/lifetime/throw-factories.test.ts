import { describe, expect, it } from 'vitest';
import { lintService as lint } from './lint-service.js';

// The throw model's factories: values a listed package export returns (`createDebug('app')`,
// `pino().child({…})`) whose calls cannot throw, followed through bindings and `derive`
// methods, and the `returns` form of `settings.leakguard.nonThrowing`.

/** A module whose one function holds a pooled connection across `statement`. */
function around(prelude: string, statement: string): string {
  return `import pg from 'pg';
${prelude}
const pool = new pg.Pool();
export async function f(id) {
  const connection = await pool.connect();
  ${statement}
  connection.release();
}`;
}

describe('factories in the throw model', () => {
  it.each([
    ['require(\'debug\')(ns) called', "const debug = require('debug')('knex:client');", "debug('acquired %s', id);"],
    ['an imported createDebug(ns)', "import createDebug from 'debug';\nconst log = createDebug('app');", "log('acquired %s', id);"],
    ['a required debug factory called later', "const Debug = require('debug');\nconst debug = Debug('knex:tx');", "debug('%s', id);"],
    ['createDebug itself', "import createDebug from 'debug';", "createDebug('app')('acquired');"],
    ['debug.extend(ns)', "import createDebug from 'debug';\nconst log = createDebug('app').extend('pool');", "log('acquired');"],
    ['a pino logger', "import pino from 'pino';\nconst out = pino();", "out.info({ id }, 'acquired');"],
    ['a pino child logger', "import { pino } from 'pino';\nconst out = pino({ level: 'info' }).child({ module: 'db' });", "out.child({ id }).warn('slow');"],
  ])('%s cannot throw between acquire and release', (_name, prelude, statement) => {
    expect(lint(around(prelude, statement))).toEqual([]);
  });

  it.each([
    ['a method a pino logger does not list', "import pino from 'pino';\nconst out = pino();", 'out.flush();', '`out.flush(…)`'],
    ['pino(options) itself, which checks its options', "import pino from 'pino';", 'pino({ level: id }).info(id);', '`pino(…)`'],
    ['a debug value written again', "import createDebug from 'debug';\nlet log = createDebug('app');\nexport function set(f) { log = f; }", "log('x');", '`log(…)`'],
    ['a function of another package', "import createThing from 'thing';\nconst make = createThing('app');", "make('x');", '`make(…)`'],
    ['a local function named debug', 'const debug = (m) => { throw new Error(m); };', "debug('x');", '`debug(…)`'],
  ])('%s still may throw', (_name, prelude, statement, named) => {
    const found = lint(around(prelude, statement));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(`if ${named} on line`);
  });

  it('takes a factory the user lists with `returns`', () => {
    const code = around("import { createMetrics } from 'metrics-lib';\nconst metrics = createMetrics('db').scope('pool');", "metrics.count('acquired'); metrics('raw');");
    expect(lint(code)).toHaveLength(1);
    const nonThrowing = [
      { from: 'package', package: 'metrics-lib', name: 'createMetrics', returns: { call: true, methods: ['count'], derive: ['scope'] } },
    ];
    expect(lint(code, { leakguard: { nonThrowing } })).toEqual([]);
    // Only what `returns` lists: another method still may throw.
    const other = around("import { createMetrics } from 'metrics-lib';\nconst metrics = createMetrics('db');", 'metrics.flush();');
    expect(lint(other, { leakguard: { nonThrowing } })).toHaveLength(1);
  });

  it('a `returns` entry says nothing of the factory call itself', () => {
    const code = around("import { createMetrics } from 'metrics-lib';", "createMetrics('db');");
    const nonThrowing = [{ from: 'package', package: 'metrics-lib', name: 'createMetrics', returns: { call: true } }];
    expect(lint(code, { leakguard: { nonThrowing } })).toHaveLength(1);
  });

  it.each([
    [{ from: 'package', package: 'p', name: 'f', returns: true }, /returns` must be an object/],
    [{ from: 'package', package: 'p', name: 'f', returns: {} }, /says nothing/],
    [{ from: 'package', package: 'p', name: 'f', returns: { call: 'yes' } }, /returns.call` must be true or false/],
    [{ from: 'package', package: 'p', name: 'f', returns: { methods: 'info' } }, /returns.methods` must be an array/],
    [{ from: 'package', package: 'p', name: 'f', returns: { methods: ['not a name'] } }, /not a valid name/],
    [{ from: 'package', package: 'p', name: 'f', returns: { call: true, chain: ['x'] } }, /unknown property `chain`/],
    [{ from: 'method', name: 'f', returns: { call: true } }, /unknown property `returns`/],
  ])('rejects the bad entry %j', (entry, message) => {
    expect(() => lint(around('', ''), { leakguard: { nonThrowing: [entry] } })).toThrow(message);
  });
});

describe('fluent chains on a logger', () => {
  it.each([
    ['a chain from `log`', '', "log.atError().withCause(id).log('failed');"],
    ['a chain from `this.logger`', '', "this.logger.child({ id }).warn('slow');"],
  ])('%s cannot throw between acquire and release', (_name, prelude, statement) => {
    expect(lint(around(prelude, statement))).toEqual([]);
  });

  it.each([
    ['a chain from another receiver', '', "metrics.timer('q').stop();", '`metrics.timer(…)`'],
    ['a chain through a computed call', '', "loggers[id]().info('x');", '`loggers[id](…)`'],
  ])('%s still may throw', (_name, prelude, statement, named) => {
    const found = lint(around(prelude, statement));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(`if ${named} on line`);
  });
});
