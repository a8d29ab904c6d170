// eslint-doc-generator: the README rules list and the header of each docs/rules page are
// generated from the plugin's metadata (`npm run docs`), and CI fails when they are stale
// (`npm run docs:check`, part of `npm test`).

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['recommended-type-checked', '☑️'],
    ['strict', '🔒'],
    ['all', '🌐'],
  ],
  ignoreConfig: ['all', 'disable-type-checked'],
  // The pages document their options in prose sections of their own.
  ruleDocSectionOptions: false,
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'requiresTypeChecking'],
  urlConfigs: 'https://github.com/leakguard/eslint-plugin-leakguard/blob/main/docs/configuration.md#configs',
};

export default config;
