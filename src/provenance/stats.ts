/** What provenance queries cost while linting: for the bench (scripts/bench-summaries.js). */
export interface ProvenanceStats {
  /** Receivers traced (each once per file). */
  readonly queries: number;
  /** Time spent tracing them, in milliseconds (module parses included). */
  readonly ms: number;
}

let queries = 0;
let ms = 0;

/** Counts one traced receiver and what it took. */
export function recordProvenanceQuery(elapsed: number): void {
  queries += 1;
  ms += elapsed;
}

/** The counts since the last reset. */
export function getProvenanceStats(): ProvenanceStats {
  return { queries, ms };
}

/** Starts counting afresh. */
export function resetProvenanceStats(): void {
  queries = 0;
  ms = 0;
}
