// Keeps the layers honest (docs: DESIGN.md "Layout"): flow knows no resource; models and
// http are data that import only their own types; nothing imports from a higher layer; rules
// import src, and src imports rules only where the plugin object is assembled. A new import
// that crosses a line fails here with the file and the import named.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * What each part of src/ may import besides itself, lowest layers first. A part is a
 * directory of src/ or a top-level module (by its name without extension).
 */
const allowed: Readonly<Record<string, readonly string[]>> = {
  util: [],
  debug: [],
  // The leak-path channel (like debug): rules record paths, hosts read them.
  trace: [],
  'package-meta': [],
  models: [],
  http: [],
  flow: ['util', 'debug'],
  // Reading other modules for summaries (resolution, parsing, the cannot-throw summary): syntax only.
  summaries: ['util', 'debug'],
  types: ['util', 'debug', 'flow', 'models', 'http'],
  // Settings of the throw model and the test files (checked once, read by the rules).
  'throw-settings': ['models'],
  settings: ['util', 'models', 'throw-settings'],
  'create-rule': ['package-meta'],
  // Where a receiver's value comes from (aliases, fields, imports, declared types): reads other
  // modules through summaries, judges with the models' data and the type-aware mode's type lists.
  provenance: ['util', 'debug', 'flow', 'models', 'types', 'summaries'],
  lifetime: ['util', 'debug', 'flow', 'models', 'types', 'settings', 'summaries', 'throw-settings', 'provenance'],
  // Suggested fixes: edits built from the lifetime layer's sites.
  fix: ['util', 'flow', 'models', 'lifetime'],
  status: ['util', 'debug', 'flow', 'models', 'http', 'types', 'settings', 'summaries'],
  // The plugin object: meta, the rules, configs.
  index: ['package-meta', 'rules'],
  cli: ['util', 'debug', 'settings', 'index', 'package-meta', 'trace'],
};

/** Layers that are plain data: they may import nothing outside their own directory. */
const dataLayers = new Set(['models', 'http']);

function listTypeScript(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) {
      return listTypeScript(path);
    }
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
function getImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+['"]([^'"]+)['"]/g)) {
    specifiers.push(match[1] ?? '');
  }
  for (const match of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
    specifiers.push(match[1] ?? '');
  }
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    specifiers.push(match[1] ?? '');
  }
  return specifiers;
}

/** The part of the repository a path belongs to: a src/ part, `rules`, or `null` outside both. */
function partOf(path: string): string | null {
  const fromRoot = relative(root, path).split(/[\\/]/);
  if (fromRoot[0] === 'rules') {
    return 'rules';
  }
  if (fromRoot[0] !== 'src' || fromRoot.length < 2) {
    return null;
  }
  return fromRoot.length === 2 ? (fromRoot[1] ?? '').replace(/\.(ts|js)$/, '') : (fromRoot[1] ?? null);
}

interface Edge {
  readonly file: string;
  readonly specifier: string;
  readonly from: string;
  readonly to: string | null;
  readonly relativeImport: boolean;
}

function collectEdges(directory: string): Edge[] {
  return listTypeScript(join(root, directory)).flatMap((file) => {
    const from = partOf(file);
    return from === null
      ? []
      : getImports(file).map((specifier) => {
          const relativeImport = specifier.startsWith('.');
          const to = relativeImport ? partOf(resolve(dirname(file), specifier)) : null;
          return { file: relative(root, file), specifier, from, to, relativeImport };
        });
  });
}

const srcEdges = collectEdges('src');
const ruleEdges = collectEdges('rules');

describe('layering', () => {
  it('knows every part of src/', () => {
    const parts = new Set(srcEdges.map((edge) => edge.from));
    expect([...parts].filter((part) => !(part in allowed))).toEqual([]);
  });

  it('no part of src/ imports from a part above it', () => {
    const crossings = srcEdges
      .filter((edge) => edge.relativeImport && edge.to !== edge.from && !(allowed[edge.from] ?? []).includes(edge.to ?? '?'))
      .map((edge) => `${edge.file} imports '${edge.specifier}' (${edge.from} → ${edge.to ?? 'outside src'})`);
    expect(crossings).toEqual([]);
  });

  it('models and http are data: they import nothing but their own modules (and types)', () => {
    const imports = srcEdges
      .filter((edge) => dataLayers.has(edge.from) && (edge.to !== edge.from || !edge.relativeImport))
      .map((edge) => `${edge.file} imports '${edge.specifier}'`);
    expect(imports).toEqual([]);
  });

  it('flow knows no resource: it imports neither models, http, types nor the layers above', () => {
    const imports = srcEdges
      .filter((edge) => edge.from === 'flow' && edge.relativeImport && edge.to !== 'flow')
      .map((edge) => edge.to);
    expect(imports.every((to) => to === 'util' || to === 'debug')).toBe(true);
  });

  it('rules import src (and each other), never a file outside src/ and rules/', () => {
    const outside = ruleEdges
      .filter((edge) => edge.relativeImport && edge.to === null)
      .map((edge) => `${edge.file} imports '${edge.specifier}'`);
    expect(outside).toEqual([]);
  });

  it('src imports rules only where the plugin object is assembled (src/index.ts)', () => {
    const importers = srcEdges.filter((edge) => edge.to === 'rules').map((edge) => edge.file);
    expect(importers).toEqual(['src/index.ts']);
  });

  it('finds a forbidden import when there is one', () => {
    // The check itself: a flow module importing the models would be reported.
    const edge: Edge = { file: 'src/flow/x.ts', specifier: '../models/pg.js', from: 'flow', to: 'models', relativeImport: true };
    expect((allowed[edge.from] ?? []).includes(edge.to ?? '?')).toBe(false);
  });
});
