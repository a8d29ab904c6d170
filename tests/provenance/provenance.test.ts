import { describe, expect, it } from 'vitest';
import { judgeConnectReceivers } from './helpers.js';

// What provenance says of each `x.connect()` receiver in the fixture tree
// (tests/fixtures/provenance), as pg's pool model asks it.
describe('provenance of receivers across modules', () => {
  const verdicts = judgeConnectReceivers('src/uses.ts');

  it.each([
    // Module exports: a named export, an exported alias, a default-exported object, a barrel
    // (`export *`, a re-exported default), CommonJS `module.exports = { … }`, nested objects.
    ['exported', 'new Pool() from pg'],
    ['replica', 'new Pool() from pg'],
    ['db.pool', 'new Pool() from pg'],
    ['barrel.pool', 'new Pool() from pg'],
    ['barrel.database.pool', 'new Pool() from pg'],
    ['cjs.pool', 'new Pool() from pg'],
    ['cjs.locals.pool', 'new Pool() from pg'],
    // Local aliases and destructuring of an imported module object.
    ['alias', 'new Pool() from pg'],
    ['destructured', 'new Pool() from pg'],
    // A field of an instance exported by another module: an initialiser with a project class
    // extending the driver's, and a declared field typed `pg.Pool`.
    ['store.pool', 'a class extending Pool from pg'],
    ['store.other', 'type Pool from pg'],
    // Fields of superclasses in other modules: set in the constructor, set in `init()`,
    // a field initialiser (read through `const { pool } = this`), a typed parameter property.
    ['this.primary', 'new Pool() from pg'],
    ['this.db', 'new Pool() from pg'],
    ['local', 'a class extending Pool from pg'],
    ["this['pool']", 'type Pool from pg'],
  ])('%s is a pool: %s', (receiver, because) => {
    expect(verdicts.get(receiver)).toEqual({ evidence: 'strong', because });
  });

  it('says a receiver made of something else is none, whatever its name', () => {
    expect(verdicts.get('lookalike')).toEqual({ evidence: 'not', because: 'new Map()' });
    expect(verdicts.get('socket')).toEqual({ evidence: 'not', because: 'connect() from node:net' });
  });

  it('keeps a receiver known by its name only as weak evidence', () => {
    expect(verdicts.get('ctx.app.locals.pool')).toEqual({ evidence: 'weak', because: 'name pool' });
  });

  it('follows a driver handed in as a value to the call site that passes it', () => {
    // `new this.lib.Pool()`, with `this.lib = lib` and `createManager(require('pg'))`.
    expect(judgeConnectReceivers('src/lib/manager.js').get('pool')).toEqual({ evidence: 'strong', because: 'new Pool() from pg' });
  });
});
