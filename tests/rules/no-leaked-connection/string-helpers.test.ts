// no-leaked-connection, the throw model's strings: pg's escaping exports and string methods
// on what is declared a string cannot throw, so a quoting helper before the `try` is no
// throw path (keystone's resetDatabase); a replacement function, a non-global
// `replaceAll` pattern or an undeclared receiver still can.

import rule from '../../../rules/no-leaked-connection.js';
import { PG, ruleTester } from './fixtures.js';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // pg's `escapeIdentifier` imported by name (pg 8.11+).
    {
      code: `import { Client, escapeIdentifier } from 'pg';
export async function reset(schema: string) {
  const client = new Client();
  await client.connect();
  const quoted = escapeIdentifier(schema);
  try {
    await client.query(\`DROP SCHEMA \${quoted} CASCADE\`);
  } finally {
    await client.end();
  }
}`,
    },
    // A same-file quoting helper on a parameter declared `string`, literal arguments.
    {
      code: `${PG}
function quoteIdentifier(identifier: string) {
  return \`"\${identifier.replaceAll('"', '""')}"\`;
}
export async function use(schema: string) {
  const client = await pool.connect();
  const quoted = quoteIdentifier(schema);
  try {
    await client.query(\`SET search_path TO \${quoted}\`);
  } finally {
    client.release();
  }
}`,
    },
    // A chain of string methods on a `const` string, and a global regular expression.
    {
      code: `${PG}
const prefix = 'App_';
export async function use(table: string) {
  const client = await pool.connect();
  const name = prefix.concat(table.trim()).toLowerCase().replace(/[^a-z_]/g, '');
  try {
    await client.query(\`SELECT * FROM \${name}\`);
  } finally {
    client.release();
  }
}`,
    },
  ],
  invalid: [
    // The parameter is not declared a string: its `replaceAll` may be anything's.
    {
      code: `${PG}
function quote(id) {
  return \`"\${id.replaceAll('"', '""')}"\`;
}
export async function use(schema) {
  const client = await pool.connect();
  const quoted = quote(schema);
  try {
    await client.query(\`SET search_path TO \${quoted}\`);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 7,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
function quote(id) {
  return \`"\${id.replaceAll('"', '""')}"\`;
}
export async function use(schema) {
  const client = await pool.connect();
  try {
    const quoted = quote(schema);
    await client.query(\`SET search_path TO \${quoted}\`);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // A replacement function runs code that can throw.
    {
      code: `${PG}
export async function use(name: string, lookup: Record<string, string>) {
  const client = await pool.connect();
  const mapped = name.replace(/x/g, (m) => lookup[m].toUpperCase());
  try {
    await client.query(mapped);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
export async function use(name: string, lookup: Record<string, string>) {
  const client = await pool.connect();
  try {
    const mapped = name.replace(/x/g, (m) => lookup[m].toUpperCase());
    await client.query(mapped);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // \`replaceAll\` throws on a regular expression without the \`g\` flag.
    {
      code: `${PG}
export async function use(name: string) {
  const client = await pool.connect();
  const cleaned = name.replaceAll(/x/, '');
  try {
    await client.query(cleaned);
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'leakOnThrow',
          line: 4,
          suggestions: [
            {
              messageId: 'moveIntoTrySuggestion',
              data: { name: 'client' },
              output: `${PG}
export async function use(name: string) {
  const client = await pool.connect();
  try {
    const cleaned = name.replaceAll(/x/, '');
    await client.query(cleaned);
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
