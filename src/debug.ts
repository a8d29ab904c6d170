/**
 * The debug channel: what the analysis could not decide, made visible instead of silent.
 *
 * A rule that gives up on a function (a budget exceeded, a shape it cannot model) stays
 * silent in the lint results — a guess would be a false report — but records why here.
 * With `LEAKGUARD_DEBUG=1` (or any non-empty value other than `0`) each record is also
 * printed to stderr as it happens; the `leakguard` command reads the records to list the
 * functions it could not analyse (`--verbose`). Records live for the process; a host that
 * lints many files calls {@link takeDebugRecords} to drain them.
 */

/** Why the analysis stopped short on a function. */
export type GiveUpReason =
  /** The interpreter's step budget for the function was spent. */
  | 'budget'
  /** A summary of a callee could not be computed (depth bound or cycle). */
  | 'summary'
  /** The file or function is over a size limit and was not analysed. */
  | 'size'
  /** Anything else the analysis cannot model; `detail` says what. */
  | 'unsupported';

/** One function (or file) the analysis could not decide. */
export interface DebugRecord {
  /** The rule that gave up, e.g. `leakguard/no-leaked-connection`. */
  readonly rule: string;
  /** The file's path as the host gave it. */
  readonly file: string;
  /** 1-based line and 0-based column of the function (or file start). */
  readonly line: number;
  readonly column: number;
  /** The function's name, or a description such as `arrow function`. */
  readonly name: string;
  readonly reason: GiveUpReason;
  /** A short human explanation, e.g. `finally blocks nested 24 deep`. */
  readonly detail: string;
  /**
   * What the analysis does instead, when it is not "no report is made for it" (the
   * default, for a function it gave up on): a call whose callee could not be read is a
   * use of what it is passed, so the caller is still judged.
   */
  readonly outcome?: string;
}

const records: DebugRecord[] = [];

/** Whether `LEAKGUARD_DEBUG` asks for records on stderr. */
export function isDebugEnabled(): boolean {
  const value = process.env['LEAKGUARD_DEBUG'];
  return value !== undefined && value !== '' && value !== '0';
}

/** Formats a record as the one line printed on stderr and by `leakguard --verbose`. */
export function formatDebugRecord(record: DebugRecord): string {
  return `leakguard: ${record.file}:${String(record.line)}:${String(record.column + 1)} ${record.rule}: gave up on ${record.name} (${record.reason}: ${record.detail}); ${record.outcome ?? 'no report is made for it'}`;
}

/** Records that the analysis gave up, and prints it when debugging is on. */
export function recordGiveUp(record: DebugRecord): void {
  records.push(record);
  if (isDebugEnabled()) {
    process.stderr.write(`${formatDebugRecord(record)}\n`);
  }
}

/** Returns the records made since the last call, and forgets them. */
export function takeDebugRecords(): DebugRecord[] {
  return records.splice(0, records.length);
}

/** A path the rules leave unjudged on purpose (a documented policy), as opposed to a give-up. */
export interface DebugNote {
  readonly rule: string;
  readonly file: string;
  /** 1-based line and 0-based column of what the note is about (an acquisition). */
  readonly line: number;
  readonly column: number;
  /** Why, in a sentence: `leaks only if run() rejects, and the top-level run() on line 40 then ends the process`. */
  readonly detail: string;
}

/**
 * Prints a policy note on stderr when LEAKGUARD_DEBUG is set. Not a record: the analysis did
 * not stop short, it decided that these paths are not worth a report, so `--verbose` does not
 * list it among the functions it gave up on.
 */
export function noteDebug(note: DebugNote): void {
  if (isDebugEnabled()) {
    process.stderr.write(`leakguard: ${note.file}:${String(note.line)}:${String(note.column + 1)} ${note.rule}: ${note.detail}\n`);
  }
}
