import { describe, expect, it } from 'vitest';
import { takeDebugRecords } from '../../src/debug.js';
import { callsByCallee, lookupFor, parseFixture, resolveIn } from './helpers.js';

const SERVICE = 'app/src/service.ts';

describe('finding callees in other modules', () => {
  const module = parseFixture(SERVICE);
  const lookup = lookupFor(SERVICE);

  it.each([
    // Relative imports, with TypeScript's `.js` for `.ts`, and without an extension.
    ['quiet', 'releaseQuietly', 'app/src/db.ts'],
    ['withTimeout', 'withTimeout', 'app/src/db.ts'],
    ['dbDefault.getClient', 'getClient', 'app/src/db.ts'],
    ['db.getClient', 'getClient', 'app/src/db.ts'],
    ['db.releaseQuietly', 'releaseQuietly', 'app/src/db.ts'],
    // A barrel: `export *`, a renamed re-export, `export * as`, a re-exported default.
    ['commit', 'commit', 'app/src/utils/tx.ts'],
    ['quietRelease', 'releaseQuietly', 'app/src/db.ts'],
    ['tx.rollback', 'rollback', 'app/src/utils/tx.ts'],
    ['viaBarrel.release', 'releaseQuietly', 'app/src/db.ts'],
    // tsconfig `paths` (from the extended config, relative to the child's baseUrl): a static
    // method, an instance's method, object methods (also through a spread).
    ['Repo.open', 'open', 'app/src/repo.ts'],
    ['repo.acquire', 'acquire', 'app/src/repo.ts'],
    ['helpers.open', 'open', 'app/src/repo.ts'],
    ['helpers.close', 'close', 'app/src/repo.ts'],
    ['helpers.spreadRelease', 'spreadRelease', 'app/src/repo.ts'],
    ['openFromConfig', 'openFromConfig', 'app/src/config.ts'],
    // Workspace packages: an unbuilt one read from src/, and an exports map with a subpath.
    ['withClient', 'withClient', 'packages/pg-helpers/src/index.ts'],
    ['done', 'done', 'packages/pg-helpers/src/index.ts'],
    ['settle', 'settle', 'packages/tx-kit/src/settle.ts'],
    ['settleDirect', 'settle', 'packages/tx-kit/src/settle.ts'],
    // node_modules: `main` with CommonJS `module.exports = { … }`, `exports` conditions and patterns.
    ['acquire', 'acquire', 'node_modules/js-pool-helpers/lib/index.js'],
    ['releaseAll', 'releaseAll', 'node_modules/js-pool-helpers/lib/index.js'],
    ['closeCursor', 'closeCursor', 'node_modules/exports-pkg/lib/index.js'],
    ['end', 'end', 'node_modules/exports-pkg/lib/features/end.js'],
    // CommonJS: `import x = require()`, `require` bindings and destructuring, `exports.x =`,
    // and what TypeScript emits for re-exports (`Object.defineProperty` getters, `__exportStar`).
    ['pg.getConnection', 'getConnection', 'app/src/legacy.cjs'],
    ['legacy.release', 'release', 'app/src/legacy.cjs'],
    ['legacy.endQuietly', 'endQuietly', 'app/src/legacy.cjs'],
    ['closeProps', 'close', 'app/src/legacy-props.cjs'],
    ['openProps', 'open', 'app/src/legacy-props.cjs'],
    ['compiled.getClient', 'getConnection', 'app/src/legacy.cjs'],
    ['compiled.finish', 'finish', 'app/src/compiled.js'],
    ['compiled.open', 'open', 'app/src/legacy-props.cjs'],
    // A module's own export is found before its `export *` (which here is a cycle).
    ['inA', 'inA', 'app/src/chain/cycle-a.ts'],
  ])('%s() is %s in %s', (callee, name, file) => {
    expect(resolveIn(lookup, module, callee)).toEqual({ name, file });
  });

  it.each([
    // Declarations only: no body to summarise.
    'typesOnly',
    // A name no module of the `export *` cycle has: the cycle ends, nothing is found.
    'missing',
    // Same-file functions and methods on values are not imports.
    'local',
    'client.release',
  ])('%s() is not found in another module', (callee) => {
    expect(resolveIn(lookup, module, callee)).toBeNull();
  });

  it('stops at the hop bound and says so on the debug channel', () => {
    takeDebugRecords();
    const fresh = lookupFor(SERVICE, 'leakguard/no-leaked-connection');
    // link0 → link1 → … → link10: ten `export *` hops, more than the eight followed.
    expect(resolveIn(fresh, module, 'deepest')).toBeNull();
    const records = takeDebugRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      rule: 'leakguard/no-leaked-connection',
      reason: 'summary',
      line: callsByCallee(module).get('deepest')?.loc.start.line,
    });
    expect(records[0]?.detail).toMatch(/^import chain longer than 8 modules at .*link\d\.ts$/u);
  });

  it('answers a call once per lookup', () => {
    const call = callsByCallee(module).get('commit');
    expect(call).toBeDefined();
    expect(resolveIn(lookup, module, 'commit')).toEqual(resolveIn(lookup, module, 'commit'));
  });
});

describe('a pnpm workspace', () => {
  const module = parseFixture('pnpm/app/main.js');
  const lookup = lookupFor('pnpm/app/main.js');

  it('finds a package listed in pnpm-workspace.yaml', () => {
    expect(resolveIn(lookup, module, 'releaseConn')).toEqual({ name: 'releaseConn', file: 'pnpm/packages/conn/src/index.js' });
  });

  it('leaves out a package the workspace excludes with `!`', () => {
    expect(resolveIn(lookup, module, 'ignored.releaseConn')).toBeNull();
  });
});
