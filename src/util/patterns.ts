const patternCache = new Map<string, RegExp>();

/** A case-insensitive regular expression from a model's source text, compiled once. */
export function compilePattern(source: string): RegExp {
  let pattern = patternCache.get(source);
  if (!pattern) {
    pattern = new RegExp(source, 'i');
    patternCache.set(source, pattern);
  }
  return pattern;
}
