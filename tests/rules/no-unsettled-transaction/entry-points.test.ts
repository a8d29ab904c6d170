// no-unsettled-transaction in script entry points: a transaction left open only when the
// top-level migrate() rejects, unhandled, is rolled back by the database when the ending
// process closes its connection; not reported unless throwPathsInEntryPoints asks.

import rule from '../../../rules/no-unsettled-transaction.js';
import { ruleTester, SEQUELIZE } from './fixtures.js';

const MIGRATE = `async function migrate() {
  const t = await sequelize.transaction();
  await sequelize.query('update a set b = 1', { transaction: t });
  await t.commit();
}`;

ruleTester.run('no-unsettled-transaction', rule, {
  valid: [
    // A failing query rejects migrate(); nobody handles it and the process ends.
    { code: `${SEQUELIZE}\n${MIGRATE}\nmigrate();` },
  ],
  invalid: [
    // Asked for: the throw path is reported, with the usual rollback suggestion.
    {
      code: `${SEQUELIZE}\n${MIGRATE}\nmigrate();`,
      options: [{ throwPathsInEntryPoints: true }],
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'rollbackInCatchSuggestion',
              data: { name: 't', call: 'await t.rollback()', release: 'await t.rollback()' },
              output: `${SEQUELIZE}
async function migrate() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('update a set b = 1', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
migrate();`,
            },
          ],
        },
      ],
    },
    // migrate() is awaited inside a try that catches: the process goes on with it open.
    {
      code: `${SEQUELIZE}\n${MIGRATE}\ntry {\n  await migrate();\n} catch (err) {\n  console.error(err);\n}`,
      errors: [{ messageId: 'leakOnThrow', line: 4, column: 19, endLine: 4, endColumn: 42, suggestions: [
        {
          messageId: 'rollbackInCatchSuggestion',
          data: { name: 't', call: 'await t.rollback()', release: 'await t.rollback()' },
          output: `${SEQUELIZE}
async function migrate() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('update a set b = 1', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
try {
  await migrate();
} catch (err) {
  console.error(err);
}`,
        },
      ] }],
    },
  ],
});
