/**
 * Glob patterns as ESLint users write them (`**` any number of folders, `*` and `?` within
 * one name, `{a,b}` alternatives), turned into a regular expression over `/`-separated
 * paths. Small on purpose: enough for file classes such as test files, with no dependency.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let depth = 0;
  for (let index = 0; index < glob.length; index++) {
    const char = glob.charAt(index);
    if (char === '*') {
      if (glob.charAt(index + 1) === '*') {
        const slash = glob.charAt(index + 2) === '/';
        // `**/` matches zero or more whole folders; a trailing `**` anything below.
        source += slash ? '(?:[^/]*/)*' : '.*';
        index += slash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      depth++;
      source += '(?:';
    } else if (char === '}' && depth > 0) {
      depth--;
      source += ')';
    } else if (char === ',' && depth > 0) {
      source += '|';
    } else {
      source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Whether `path` (relative, `/`-separated) matches any of `globs`. */
export function matchesAnyGlob(path: string, globs: readonly RegExp[]): boolean {
  return globs.some((glob) => glob.test(path));
}
