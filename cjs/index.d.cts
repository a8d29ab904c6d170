// The type of `require('eslint-plugin-leakguard')`: the plugin itself (see index.cjs).
declare const plugin: typeof import('../dist/src/index.js').default;
export = plugin;
