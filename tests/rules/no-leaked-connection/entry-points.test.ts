// no-leaked-connection in script entry points: a function started by a top-level `run();`
// whose failure nobody handles ends the process when it rejects (Node >= 15), and the
// operating system closes the connection; a leak only on such a path is not reported. A
// leak when it resolves is (the open socket keeps the script alive), and so is every path
// once the failure can be handled: a `.catch`, a `try`, another caller, a process handler.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

const ORACLE = `import oracledb from 'oracledb';`;

/** The examples' shape: cleanup in `finally` that may throw before the close. */
const RUN = `async function run() {
  let conn;
  try {
    conn = await oracledb.getConnection({});
    await conn.execute('select 1');
  } catch (err) {
    console.error(err);
  } finally {
    if (conn) {
      await conn.execute('drop table t');
      await conn.close();
    }
  }
}`;

/** The same leak, reported where the failure does not end the process (line 4). */
const LEAK = {
  messageId: 'leakOnThrow',
  data: { name: 'conn', what: 'connection from `oracledb.getConnection()`', exit: 'if `conn.execute(…)` on line 11 throws' },
  line: 5,
  column: 18,
  endLine: 5,
  endColumn: 44,
} as const;

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // A bare top-level call: a rejection of run() is unhandled and ends the process.
    { code: `${ORACLE}\n${RUN}\nrun();` },
    // `void run()`, a top-level `await run()` (an ES module), and links that pass the rejection on.
    { code: `${ORACLE}\n${RUN}\nvoid run();` },
    { code: `${ORACLE}\n${RUN}\nawait run();` },
    { code: `${ORACLE}\n${RUN}\nrun().then(() => console.log('done')).finally(() => console.log('bye'));` },
    // A handler that ends the process itself.
    { code: `${ORACLE}\n${RUN}\nrun().catch((err) => { console.error(err); process.exit(1); });` },
    { code: `${ORACLE}\n${RUN}\nrun().then(() => console.log('done'), (err) => { throw err; });` },
    // Started under a condition at the top level (`if (require.main === module)` in CommonJS).
    { code: `${ORACLE}\n${RUN}\nif (process.argv[2] === 'go') {\n  run();\n}` },
    // Through another entry point: main() awaits run() outside any try and is started bare.
    { code: `${ORACLE}\n${RUN}\nasync function main() {\n  console.log('start');\n  await run();\n}\nmain().catch(process.exit);` },
    // A leak on a normal path is still reported: here there is none, the close runs last.
    {
      code: `${ORACLE}
const run = async () => {
  const conn = await oracledb.getConnection({});
  await conn.execute('select 1');
  await conn.close();
};
run();`,
    },
  ],
  invalid: [
    // run() resolves with the connection open (the failing query is caught): the script
    // hangs instead of exiting. Reported whatever starts it.
    {
      code: `${ORACLE}
async function run() {
  const conn = await oracledb.getConnection({});
  try {
    await conn.execute('select 1');
  } catch (err) {
    console.error(err);
  }
  if (process.argv.length > 3) return;
  await conn.close();
}
run();`,
      errors: [
        {
          messageId: 'leakOnReturn',
          data: { name: 'conn', what: 'connection from `oracledb.getConnection()`', exit: 'on the `return` on line 9' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'wrapInTryFinallySuggestion',
              data: { name: 'conn', call: 'await conn.close()', release: 'await conn.close()' },
              output: `${ORACLE}
async function run() {
  const conn = await oracledb.getConnection({});
  try {
    try {
      await conn.execute('select 1');
    } catch (err) {
      console.error(err);
    }
    if (process.argv.length > 3) return;
  } finally {
    await conn.close();
  }
}
run();`,
            },
          ],
        },
      ],
    },
    // `.catch(console.error)` handles the rejection: the process lives on as long as the
    // leaked connection keeps it alive.
    { code: `${ORACLE}\n${RUN}\nrun().catch(console.error);`, errors: [LEAK] },
    // A handler that may return before it ends the process.
    {
      code: `${ORACLE}\n${RUN}\nrun().catch((err) => {\n  if (err.code === 'x') return;\n  process.exit(1);\n});`,
      errors: [LEAK],
    },
    // Exported: another module may call it and handle the failure.
    { code: `${ORACLE}\nexport ${RUN}\nrun();`, errors: [LEAK] },
    // Passed on as well as started.
    { code: `${ORACLE}\n${RUN}\nrun();\nsetTimeout(run, 1000);`, errors: [LEAK] },
    // The promise is kept: whoever reads it may handle the rejection.
    { code: `${ORACLE}\n${RUN}\nexport const done = run();`, errors: [LEAK] },
    // A process-level handler keeps the process alive after an unhandled rejection.
    { code: `${ORACLE}\n${RUN}\nprocess.on('unhandledRejection', (err) => console.error(err));\nrun();`, errors: [LEAK] },
    // The caller catches the failure and goes on.
    {
      code: `${ORACLE}\n${RUN}\nasync function main() {\n  try {\n    await run();\n  } catch (err) {\n    console.error(err);\n  }\n}\nmain();`,
      errors: [LEAK],
    },
    // Started by a call inside a function: not a top-level start.
    { code: `${ORACLE}\n${RUN}\nexport function start() {\n  run();\n}`, errors: [LEAK] },
    // The option reports these paths too.
    { code: `${ORACLE}\n${RUN}\nrun();`, options: [{ throwPathsInEntryPoints: true }], errors: [LEAK] },
  ],
});
