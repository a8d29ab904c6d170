// `settings.leakguard.resources`: declared resources reach the rule of their kind, and a
// bad declaration fails with a message that names the entry.

import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

function lint(code: string, settings: unknown): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(code, [
    {
      plugins: { leakguard: plugin },
      rules: plugin.configs.all.rules,
      settings: settings as Record<string, unknown>,
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    },
  ]);
}

const sessionCode = `async function report(db) {
  const session = db.openSession();
  const rows = await session.run('MATCH (n) RETURN n');
  if (rows.length === 0) return null;
  await session.close();
  return rows;
}`;

describe('settings.leakguard.resources', () => {
  it('reports a declared connection with its description, through no-leaked-connection', () => {
    const messages = lint(sessionCode, {
      leakguard: { resources: [{ acquire: ['*.openSession'], release: ['close'], description: 'graph session' }] },
    });
    expect(messages.map((m) => [m.ruleId, m.line, m.message])).toEqual([
      [
        'leakguard/no-leaked-connection',
        2,
        '`session` (graph session from `db.openSession()`) is not released on the `return` on line 4. Release it before that, or in a `finally` block.',
      ],
    ]);
  });

  it('sends each kind to its own rule', () => {
    const code = `async function scan(repo) {
  const rows = repo.rows();
  const first = await rows.next();
  if (!first) return null;
  await rows.close();
  return first;
}`;
    const messages = lint(code, {
      leakguard: { resources: [{ kind: 'cursor', acquire: ['repo.rows'], release: ['close'] }] },
    });
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['leakguard/no-leaked-cursor', 2]]);
  });

  it('recognises Class#method by the constructor or the instance name', () => {
    const code = `class Db {}
const db = new Db();
const store = new Db();
async function a() {
  const s = store.openSession();
  await s.run();
}
async function b(other) {
  const s = other.openSession();
  await s.run();
}`;
    const messages = lint(code, {
      leakguard: { resources: [{ acquire: ['Db#openSession'], release: ['close'] }] },
    });
    // `store` is built by `new Db()`; `other` is neither built so nor named `db`.
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['leakguard/no-leaked-connection', 5]]);
  });

  it('accepts non-ASCII names, which JavaScript allows', () => {
    const code = `async function bericht(db) {
  const sitzung = db.öffnen();
  await sitzung.lesen();
  await sitzung.schließen();
}`;
    const resources = [{ acquire: ['*.öffnen'], release: ['schließen'], uses: ['lesen'] }];
    expect(lint(code, { leakguard: { resources } }).map((m) => [m.ruleId, m.line])).toEqual([
      ['leakguard/no-leaked-connection', 2],
    ]);
  });

  it('accepts `release: []` when `releaseVia` names the release', () => {
    const code = `async function a(db, pool) {
  const s = db.openSession();
  await s.run();
  pool.giveBack(s);
}`;
    const resources = [{ acquire: ['*.openSession'], release: [], releaseVia: ['giveBack'] }];
    expect(lint(code, { leakguard: { resources } }).map((m) => [m.ruleId, m.line])).toEqual([
      ['leakguard/no-leaked-connection', 2],
    ]);
  });

  it('is silent with no settings and with empty settings', () => {
    expect(lint(sessionCode, {})).toEqual([]);
    expect(lint(sessionCode, { leakguard: {} })).toEqual([]);
    expect(lint(sessionCode, { leakguard: { resources: [] } })).toEqual([]);
  });

  it.each([
    [{ leakguard: [] }, '`settings.leakguard` must be an object'],
    [{ leakguard: { resource: [] } }, '`settings.leakguard.resource` is not a setting'],
    [{ leakguard: { resources: {} } }, '`settings.leakguard.resources` must be an array'],
    [{ leakguard: { resources: ['db.open'] } }, '`settings.leakguard.resources[0]` must be an object'],
    [{ leakguard: { resources: [{ release: ['close'] }] } }, '`settings.leakguard.resources[0]` needs `acquire`'],
    [{ leakguard: { resources: [{ acquire: [], release: ['close'] }] } }, 'not a non-empty array'],
    [
      { leakguard: { resources: [{ acquire: ['db.open'], release: ['close'] }, { acquire: ['db..open'], release: [] }] } },
      '`settings.leakguard.resources[1]` has "db..open" in `acquire`, which is not a valid pattern',
    ],
    [{ leakguard: { resources: [{ acquire: ['db.open'], release: ['close()'] }] } }, 'has "close()" in `release`'],
    [{ leakguard: { resources: [{ acquire: ['db.open'], release: ['close'], kind: 'stream' }] } }, 'has `kind: "stream"`'],
    [{ leakguard: { resources: [{ acquire: ['db.open'], release: ['close'], closeWith: ['x'] }] } }, 'unknown property `closeWith`'],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the case
    [{ leakguard: { resources: [, { acquire: ['db.open'], release: ['close'] }] } }, '`settings.leakguard.resources[0]` is empty'],
    [
      // eslint-disable-next-line no-sparse-arrays -- the hole is the case
      { leakguard: { resources: [{ acquire: ['db.open', , 'db.get'], release: ['close'] }] } },
      '`settings.leakguard.resources[0]` has undefined in `acquire`',
    ],
    [{ leakguard: { resources: [{ acquire: ['db.open'], release: [] }] } }, 'has an empty `release` and no `releaseVia`'],
    [{ leakguard: { resources: [{ acquire: ['db.open'], release: [], releaseVia: [] }] } }, 'nothing could release it'],
    [{ leakguard: { resources: [{ acquire: ['db.öffnen→'], release: ['close'] }] } }, 'has "db.öffnen→" in `acquire`'],
  ])('rejects %j with a message that names the problem', (settings, expected) => {
    expect(() => lint(sessionCode, settings)).toThrow(expected);
  });
});

describe('rule options', () => {
  function lintWith(options: unknown): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    return linter.verify(sessionCode, [
      {
        plugins: { leakguard: plugin },
        rules: { 'leakguard/no-leaked-connection': ['error', options] },
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      },
    ]);
  }

  it.each([
    [{ releasers: ['pool.giveBack'] }, 'pool.giveBack'],
    [{ releasers: ['giveBack()'] }, 'giveBack()'],
    [{ resources: [{ acquire: ['*.openSession'], release: [] }] }, '`resources[0]` has an empty `release`'],
  ])('rejects %j, naming the entry', (options, expected) => {
    expect(() => lintWith(options)).toThrow(expected);
  });

  it('rejects a non-ASCII name that is not an identifier, naming the entry', () => {
    expect(() => lintWith({ resources: [{ acquire: ['*.öffnen'], release: ['schließen→'] }] })).toThrow(
      '`resources[0]` has "schließen→" in `release`',
    );
  });

  it('accepts plain and non-ASCII releasers', () => {
    expect(lintWith({ releasers: ['giveBack', 'zurückgeben'] })).toEqual([]);
  });
});
