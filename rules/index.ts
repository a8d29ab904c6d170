import noLeakedConnection from './no-leaked-connection.js';
import noLeakedCursor from './no-leaked-cursor.js';
import noUnsettledTransaction from './no-unsettled-transaction.js';
import noUseAfterRelease from './no-use-after-release.js';

/** Every leakguard rule, by name, in alphabetical order. */
export const rules = {
  'no-leaked-connection': noLeakedConnection,
  'no-leaked-cursor': noLeakedCursor,
  'no-unsettled-transaction': noUnsettledTransaction,
  'no-use-after-release': noUseAfterRelease,
};
