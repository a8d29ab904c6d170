import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name: string;
  version: string;
}

/** The package's own directory (the one with its package.json), or null when not found. */
let root: string | null = null;

/**
 * Reads this package's package.json. The module runs both from src/ (tests) and from
 * dist/src/ (the published build), so it walks up to the first package.json instead of
 * hard-coding a relative path.
 */
function readPackageJson(): PackageJson {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const parsed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (parsed.name === 'eslint-plugin-leakguard') {
        root = dir;
        return parsed;
      }
    } catch {
      // No package.json at this level: keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) {
      return { name: 'eslint-plugin-leakguard', version: '0.0.0' };
    }
    dir = parent;
  }
}

/** The package's name and version, as the plugin's `meta` reports them. */
export const packageMeta: PackageJson = readPackageJson();

/**
 * The package's directory: rule docs (docs/rules/*.md, shipped in the package) are read
 * from there for SARIF's help texts. Null if the package.json was not found.
 */
export const packageRoot: string | null = root;
