import type { TSESTree } from '@typescript-eslint/types';
import { createRule } from '../src/create-rule.js';
import { getCollector, recordGiveUps } from '../src/lifetime/shared.js';

type MessageIds = 'releasedTwice' | 'usedAfterRelease';

export default createRule<[], MessageIds>({
  name: 'no-use-after-release',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow using a connection, cursor or transaction after it was released on some path',
      recommended: true,
    },
    messages: {
      usedAfterRelease:
        '`{{name}}` ({{what}}) is used by `{{use}}` after `{{release}}` on line {{line}} released it, on some path. Finish using it before releasing it.',
      releasedTwice:
        '`{{name}}` ({{what}}) is released again by `{{use}}` after `{{release}}` on line {{line}} already released it, on some path, and a second release fails. Release it in one place, such as a `finally` block.',
    },
    schema: [],
  },
  create(context) {
    const collector = getCollector(context, [], []);
    collector.followReleasedPaths();
    const { sourceCode } = context;
    const text = (node: TSESTree.Node): string => {
      const flat = sourceCode.getText(node).replace(/\s+/g, ' ');
      return flat.length > 40 ? `${flat.slice(0, 39).trimEnd()}…` : flat;
    };
    return {
      ...collector.visitors(),
      'Program:exit': () => {
        const reported = new Set<TSESTree.Node>();
        const reports = collector.analyze(sourceCode.scopeManager, (node) => sourceCode.getText(node));
        recordGiveUps(context, collector, null);
        for (const { site, usesAfterRelease } of reports) {
          for (const { use, release, twice } of usesAfterRelease) {
            if (reported.has(use)) {
              continue;
            }
            reported.add(use);
            context.report({
              node: use,
              messageId: twice ? 'releasedTwice' : 'usedAfterRelease',
              data: {
                name: site.name,
                what: site.what,
                use: text(use),
                release: text(release),
                line: String(release.loc.start.line),
              },
            });
          }
        }
      },
    };
  },
});
