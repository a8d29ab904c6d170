// A deterministic sample of large real-world JavaScript and TypeScript files from
// node_modules, shared by tests/no-crash.test.ts and scripts/bench.js.
//
// The selection depends only on the installed packages (pinned by package-lock.json):
// for each source directory, its files sorted by size (largest first, then by path) are
// taken until the next one would overrun that directory's byte budget. The budgets add up to about 3 MB,
// enough variety to exercise every syntax the rules walk over (old-style CommonJS,
// modern async ESM, bundler output, TypeScript sources and declarations) while the
// crash test stays well under a minute on two cores.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeModules = join(root, 'node_modules');

/** Largest single file taken; bigger ones make one test case dominate the run. */
const MAX_FILE_BYTES = 300_000;

const SOURCE_EXTENSIONS = /\.(?:[cm]?js|[cm]?ts)$/u;
const SKIPPED_FILES = /\.min\.js$|\.map$/u;

/**
 * Directory under node_modules, byte budget for it, and optionally files to leave out.
 * @type {[dir: string, budget: number, exclude?: RegExp][]}
 */
const SOURCES = [
  // Hand-written CommonJS with many functions, loops and try/catch (ESLint itself).
  ['eslint/lib', 900_000],
  // Compiled TypeScript (tslib-style helpers, classes, switch-heavy code).
  ['@typescript-eslint/eslint-plugin/dist/rules', 400_000],
  ['@typescript-eslint/typescript-estree/dist', 250_000],
  // Classic hand-written parser code, very long functions.
  ['acorn/dist', 250_000],
  ['@eslint-community/regexpp', 120_000],
  ['chai', 150_000],
  // Modern bundled ESM with async/await, generators and try/finally.
  // (vitest bundles a copy of acorn, already sampled above.)
  ['vitest/dist/chunks', 350_000, /acorn/u],
  ['@vitest/runner/dist', 130_000],
  ['vite/dist/node/chunks', 300_000],
  // TypeScript declarations and TypeScript sources.
  // (inspector.generated.d.ts is one machine-generated interface repeated.)
  ['@types/node', 250_000, /inspector/u],
  ['@isaacs/nonrecursive-glob-match/src', 40_000],
  ['@jridgewell/sourcemap-codec/src', 30_000],
];

/**
 * Lists every source file below `dir`, recursively, with its size.
 * @param {string} dir absolute directory
 * @returns {{ path: string, bytes: number }[]}
 */
function collectSourceFiles(dir) {
  /** @type {{ path: string, bytes: number }[]} */
  const files = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // A package missing from this install only shrinks the sample.
    return files;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') {
      files.push(...collectSourceFiles(path));
    } else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name) && !SKIPPED_FILES.test(entry.name)) {
      files.push({ path, bytes: statSync(path).size });
    }
  }
  return files;
}

/**
 * Returns the sample, in a stable order.
 * @param {{ budgetScale?: number }} [options] `budgetScale` multiplies every directory's
 *   budget (e.g. 0.3 for a quick benchmark).
 * @returns {{ path: string, name: string, bytes: number }[]} `path` is absolute, `name`
 *   relative to node_modules.
 */
export function getRealWorldSample(options = {}) {
  const scale = options.budgetScale ?? 1;
  /** @type {{ path: string, name: string, bytes: number }[]} */
  const sample = [];
  for (const [dir, budget, exclude] of SOURCES) {
    const candidates = collectSourceFiles(join(nodeModules, dir))
      .filter((file) => file.bytes <= MAX_FILE_BYTES && !exclude?.test(file.path))
      .sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    let left = budget * scale;
    for (const file of candidates) {
      // The first file is always taken, so a small scale still samples every directory.
      if (file.bytes > left && left < budget * scale) {
        break;
      }
      sample.push({ ...file, name: relative(nodeModules, file.path).split('\\').join('/') });
      left -= file.bytes;
    }
  }
  return sample;
}
