/** One file of the real-world sample. */
export interface RealWorldFile {
  /** Absolute path. */
  path: string;
  /** Path relative to node_modules, with forward slashes. */
  name: string;
  /** Size in bytes. */
  bytes: number;
}

/**
 * Returns a deterministic sample of large JavaScript/TypeScript files from node_modules
 * (about 3 MB at `budgetScale` 1).
 */
export function getRealWorldSample(options?: { budgetScale?: number }): RealWorldFile[];
