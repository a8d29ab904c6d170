import noErrorTwoHundred from './no-error-200.js';
import noLeakedConnection from './no-leaked-connection.js';
import noLeakedCursor from './no-leaked-cursor.js';
import noRateLimitTwoHundred from './no-rate-limit-200.js';
import noUnsettledTransaction from './no-unsettled-transaction.js';
import noUseAfterRelease from './no-use-after-release.js';

/** Every leakguard rule, by name, in alphabetical order. */
export const rules = {
  'no-error-200': noErrorTwoHundred,
  'no-leaked-connection': noLeakedConnection,
  'no-leaked-cursor': noLeakedCursor,
  'no-rate-limit-200': noRateLimitTwoHundred,
  'no-unsettled-transaction': noUnsettledTransaction,
  'no-use-after-release': noUseAfterRelease,
};
