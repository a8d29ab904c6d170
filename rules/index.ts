import noErrorTwoHundred from './no-error-200.js';
import noLeakedConnection from './no-leaked-connection.js';
import noRateLimitTwoHundred from './no-rate-limit-200.js';

/** Every leakguard rule, by name, in alphabetical order. */
export const rules = {
  'no-error-200': noErrorTwoHundred,
  'no-leaked-connection': noLeakedConnection,
  'no-rate-limit-200': noRateLimitTwoHundred,
};
