// no-leaked-connection, a callback-style acquisition on a client of the function, run in the
// executor of an awaited `new Promise` (the model's callback without `resourceParam`): pg's
// `client.connect((err) => …)`. The client is open where the promise is awaited (sequelize's
// postgres dialect). Each case is a whole module.

import rule from '../../../rules/no-leaked-connection.js';
import { ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // Ended in \`finally\` after the promise is awaited.
    `import pg from 'pg';
export async function count(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  await new Promise<void>((resolve, reject) => {
    client.connect((err) => (err ? reject(err) : resolve()));
  });
  try {
    return await client.query('select count(*) from t');
  } finally {
    await client.end();
  }
}`,
    // The callback style outside an executor stays untracked (the callback may end it).
    `import pg from 'pg';
export function ping(config: pg.ClientConfig, done: (err?: Error) => void) {
  const client = new pg.Client(config);
  client.connect((err) => {
    if (err) return done(err);
    client.query('select 1', () => client.end(done));
  });
}`,
    // A promise not awaited here is not where this function opens the client.
    `import pg from 'pg';
export function open(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  const ready = new Promise<void>((resolve, reject) => {
    client.connect((err) => (err ? reject(err) : resolve()));
  });
  return { client, ready };
}`,
  ],
  invalid: [
    // The setup statement fails after the connection is made: nothing ends it.
    {
      code: `import pg from 'pg';
export async function open(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  await new Promise<void>((resolve, reject) => {
    client.connect((err) => (err ? reject(err) : resolve()));
  });
  await client.query('SET TIME ZONE UTC');
  return client;
}`,
      errors: [
        {
          messageId: 'leakOnThrowReturned',
          line: 4,
          column: 9,
          data: { name: 'client', what: 'client connection from `client.connect()`', exit: 'if `client.query(…)` on line 7 throws' },
          suggestions: [
            {
              messageId: 'releaseInCatchSuggestion',
              output: `import pg from 'pg';
export async function open(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  await new Promise<void>((resolve, reject) => {
    client.connect((err) => (err ? reject(err) : resolve()));
  });
  try {
    await client.query('SET TIME ZONE UTC');
  } catch (error) {
    await client.end();
    throw error;
  }
  return client;
}`,
            },
          ],
        },
      ],
    },
  ],
});
