import { RuleTester } from '@typescript-eslint/rule-tester';
import transactionRule from '../../rules/no-unsettled-transaction.js';

// Acquisitions and uses the analysis follows within one function (issue: summaries, item 3).
const SEQUELIZE = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');`;

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

ruleTester.run('no-unsettled-transaction: options objects', transactionRule, {
  valid: [
    // The options object only goes to calls; the transaction is settled on both paths.
    `${SEQUELIZE}
export async function run(Model: any, x: object) {
  const t = await sequelize.transaction();
  const opts = { transaction: t };
  try {
    await Model.create(x, opts);
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
    // Returned, the options object (and the transaction in it) is the caller's.
    `${SEQUELIZE}
export async function begin() {
  const t = await sequelize.transaction();
  const opts = { transaction: t };
  return opts;
}`,
  ],
  invalid: [
    // \`{ transaction: t }\` kept in a const and passed to a call is a use, not an escape:
    // nothing commits or rolls back \`t\`.
    {
      code: `${SEQUELIZE}
export async function run(Model: any, x: object) {
  const t = await sequelize.transaction();
  const opts = { transaction: t };
  await Model.create(x, opts);
}`,
      errors: [{ messageId: 'neverReleased', line: 4, column: 19, endLine: 4, endColumn: 42 }],
    },
  ],
});
