import noLeakedConnection from './no-leaked-connection.js';

/** Every leakguard rule, by name, in alphabetical order. */
export const rules = {
  'no-leaked-connection': noLeakedConnection,
};
