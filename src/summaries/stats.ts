/**
 * What cross-module summaries cost, for the bench and `LEAKGUARD_DEBUG`: how often another
 * module was asked for, how often the cache had it, and the time spent parsing.
 */
export interface SummaryStats {
  /** Modules asked for (each import a linted file's analysis follows). */
  readonly requests: number;
  /** Of those, answered from the process cache (unchanged file). */
  readonly hits: number;
  /** Files parsed (cache misses that were parsed). */
  readonly parses: number;
  /** Milliseconds spent in the parser for other modules. */
  readonly parseMs: number;
  /** Characters parsed. */
  readonly parsedChars: number;
}

let requests = 0;
let hits = 0;
let parses = 0;
let parseMs = 0;
let parsedChars = 0;

/** Counts one request for a module. */
export function recordRequest(): void {
  requests += 1;
}

/** Counts a cache hit (`null`) or a parse with its cost. */
export function recordParse(parse: { readonly ms: number; readonly bytes: number } | null): void {
  if (parse === null) {
    hits += 1;
    return;
  }
  parses += 1;
  parseMs += parse.ms;
  parsedChars += parse.bytes;
}

/** The counters since the process started or the last {@link resetSummaryStats}. */
export function getSummaryStats(): SummaryStats {
  return { requests, hits, parses, parseMs, parsedChars };
}

/** Starts the counters again (the bench does, between runs). */
export function resetSummaryStats(): void {
  requests = 0;
  hits = 0;
  parses = 0;
  parseMs = 0;
  parsedChars = 0;
}
