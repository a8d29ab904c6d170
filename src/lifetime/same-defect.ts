import type { SiteReport } from './collector.js';
import { pickReportedLeak, type LeakDescription } from './describe.js';
import type { Leak } from './state.js';

const EXIT_MESSAGES = new Set(['leakOnReturn', 'leakOnThrow', 'leakOnBreak', 'leakOnContinue', 'leakAtEnd']);

/**
 * Whether the connection's `leak` shows it open on the transaction's exit `chosen`: the same
 * exit, or, for a throw, an earlier throw. Throw exits out of a function merge, so a site
 * keeps the first throw it leaks on. A connection that leaks on an earlier throw is taken
 * to be open at the later one too: an approximation, since a release between the two is
 * not looked for (it would give back a connection with its transaction still open).
 */
function sameExit(leak: Leak, chosen: Leak): boolean {
  if (leak.kind !== chosen.kind) {
    return false;
  }
  return leak.at === chosen.at || (leak.kind === 'throw' && leak.at.range[0] <= chosen.at.range[0]);
}

/**
 * One defect, one fix: a transaction left open on the same exit where the connection
 * holding it leaks is one mistake seen by two rules. The transaction's report says so, and
 * names the fix that closes both; the connection's report is unchanged.
 */
export function noteSharedExit(
  report: SiteReport,
  leaks: readonly Leak[],
  description: LeakDescription,
  reports: readonly SiteReport[],
): LeakDescription {
  const { site } = report;
  const chosen = pickReportedLeak(leaks);
  if (site.kind !== 'transaction' || !chosen || !EXIT_MESSAGES.has(description.messageId) || description.data.exit === undefined) {
    return description;
  }
  const connection = reports.find(
    (other) =>
      other.site.kind === 'connection' &&
      other.site.fn === site.fn &&
      other.site.name === site.name &&
      other.leaks.some((leak) => sameExit(leak, chosen)),
  );
  if (!connection) {
    return description;
  }
  const name = connection.site.name;
  return {
    ...description,
    data: {
      ...description.data,
      exit: `${description.data.exit}, where \`${name}\` is not released either (one \`try\` that settles it in \`catch\` and releases \`${name}\` in \`finally\` fixes both)`,
    },
  };
}
