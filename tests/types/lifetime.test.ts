// Typed recognition for the resource kinds of the other lifetime rules (cursors,
// transactions), through the lifetime analysis itself: a probe rule runs FileCollector
// with the MongoDB cursor and knex transaction models (whose types are part of the model)
// and types on, as no-leaked-cursor does, against mongodb's and knex's real declarations.

import type { TSESTree } from '@typescript-eslint/utils';
import { ESLintUtils } from '@typescript-eslint/utils';
import { FileCollector } from '../../src/lifetime/analyze.js';
import { builtinModels, type ResourceKind } from '../../src/models/index.js';
import { getTypedResources } from '../../src/types/resources.js';
import { typedRuleTester } from './testers.js';

/** The MongoDB cursor and the knex transaction models, types included. */
const models = builtinModels.filter(
  (model) =>
    (model.library === 'mongodb' && model.what === 'MongoDB cursor') ||
    (model.library === 'knex' && model.kind === 'transaction'),
);

function createProbe(kind: ResourceKind) {
  return ESLintUtils.RuleCreator.withoutDocs({
    meta: { type: 'problem', messages: { site: '`{{name}}` is a {{what}}.' }, schema: [], defaultOptions: [] },
    create(context) {
      const collector = new FileCollector({
        models,
        kinds: new Set([kind]),
        releasers: [],
        types: getTypedResources(context),
      });
      return {
        CallExpression: (node) => {
          collector.onCall(node);
        },
        NewExpression: (node) => {
          collector.onNew(node);
        },
        'Program:exit': () => {
          const getText = (node: TSESTree.Node): string => context.sourceCode.getText(node);
          for (const { site } of collector.analyze(context.sourceCode.scopeManager, getText)) {
            context.report({ node: site.node, messageId: 'site', data: { name: site.name, what: site.what } });
          }
        },
      };
    },
  });
}

typedRuleTester.run('typed recognition of cursors', createProbe('cursor'), {
  valid: [
    // `find` on something called `collection` whose result is read like a cursor is no
    // cursor when its type says otherwise.
    `import { MongoClient } from 'mongodb';
export function pick(collection: { find(query: object): { next(): number } }, client: MongoClient) {
  const hit = collection.find({});
  return [hit.next(), client];
}`,
  ],
  invalid: [
    // A collection whose name gives nothing away, and a cursor from a helper: both by type.
    {
      code: `import type { Collection } from 'mongodb';
import { openCursor } from './db.js';
export async function scan(things: Collection) {
  const cursor = things.find({});
  const other = await openCursor();
  return [cursor, other];
}`,
      errors: [
        { messageId: 'site', data: { name: 'cursor', what: 'MongoDB cursor from `things.find()`' }, line: 4, column: 18 },
        { messageId: 'site', data: { name: 'other', what: 'MongoDB cursor from `openCursor()`' }, line: 5, column: 23 },
      ],
    },
  ],
});

typedRuleTester.run('typed recognition of transactions', createProbe('transaction'), {
  valid: [
    // A `transaction()` on something that is not knex, called `db`.
    `export async function run(db: { transaction(): Promise<string> }) {
  const trx = await db.transaction();
  return trx.length;
}`,
  ],
  invalid: [
    {
      code: `import type { Knex } from 'knex';
export async function run(store: Knex) {
  const trx = await store.transaction();
  return trx;
}`,
      errors: [{ messageId: 'site', data: { name: 'trx', what: 'knex transaction from `store.transaction()`' }, line: 3, column: 21 }],
    },
  ],
});
