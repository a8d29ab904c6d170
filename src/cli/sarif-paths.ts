import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Linter } from 'eslint';
import type { CodeFlow, Location, PhysicalLocation } from 'sarif';
import { packageRoot } from '../package-meta.js';
import { type LeakPath, leakPathKey, type PathLocation } from '../trace.js';

/** The SARIF region of a path location (1-based, end column exclusive, as ESLint's). */
function toRegion(location: PathLocation): NonNullable<PhysicalLocation['region']> {
  return {
    startLine: location.line,
    startColumn: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
  };
}

/** The leak paths by the key of the message they belong to. */
export function indexLeakPaths(paths: readonly LeakPath[]): Map<string, LeakPath> {
  return new Map(paths.map((path) => [leakPathKey(path.file, path.rule, path.line, path.column), path]));
}

/**
 * The `codeFlows` and `relatedLocations` of a result from its leak path: one thread flow
 * of the acquisition, the exit that leaves the resource open and the function's end; and
 * as related locations the exit and each release the path skips.
 */
export function toPathParts(
  path: LeakPath,
  artifactLocation: PhysicalLocation['artifactLocation'],
): { codeFlows: CodeFlow[]; relatedLocations: Location[] } {
  const at = (location: PathLocation): PhysicalLocation => ({ artifactLocation, region: toRegion(location) });
  const codeFlows: CodeFlow[] = [
    {
      message: { text: `The path on which \`${path.functionName}\` leaves the resource open.` },
      threadFlows: [
        {
          locations: path.steps.map((step, index) => ({
            location: { physicalLocation: at(step), message: { text: step.message } },
            kinds: [step.kind === 'acquire' ? 'acquire' : step.kind === 'exit' ? 'branch' : 'exit'],
            nestingLevel: 0,
            executionOrder: index + 1,
          })),
        },
      ],
    },
  ];
  const exit = path.steps.find((step) => step.kind === 'exit');
  const relatedLocations: Location[] = [
    ...(exit ? [{ id: 1, physicalLocation: at(exit), message: { text: 'the exit that leaves it open' } }] : []),
    ...path.skippedReleases.map((release, index) => ({
      id: index + 2,
      physicalLocation: at(release),
      message: { text: 'the release this path skips' },
    })),
  ];
  return { codeFlows, relatedLocations };
}

/** The text of a message's region, whitespace collapsed, from the file's lines. */
function regionText(lines: readonly string[], message: Linter.LintMessage): string {
  const startLine = Math.max(message.line, 1);
  const endLine = message.endLine ?? startLine;
  const picked = lines.slice(startLine - 1, endLine);
  if (picked.length === 0) {
    return '';
  }
  const last = picked.length - 1;
  const endColumn = message.endColumn;
  picked[last] = endColumn === undefined ? (picked[last] ?? '') : (picked[last] ?? '').slice(0, endColumn - 1);
  picked[0] = (picked[0] ?? '').slice(Math.max(message.column, 1) - 1);
  return picked.join(' ').replace(/\s+/gu, ' ').trim().slice(0, 400);
}

/**
 * A fingerprint that survives unrelated edits: the rule, the message with its line numbers
 * taken out (it names the variable, what it holds and where it came from), the reported
 * code with whitespace collapsed (the acquiring call), and which occurrence of the same
 * three in the file this is. No line or column goes in, so code added above moves the
 * finding without code scanning closing and reopening it.
 */
export function createFingerprinter(): (filePath: string, message: Linter.LintMessage) => string {
  const files = new Map<string, string[]>();
  const seen = new Map<string, number>();
  return (filePath, message) => {
    let lines = files.get(filePath);
    if (lines === undefined) {
      lines = existsSync(filePath) ? readFileSync(filePath, 'utf8').split(/\r\n|\r|\n/u) : [];
      files.set(filePath, lines);
    }
    const text = message.message.replace(/\blines? \d+(?:(?:,| and| or) \d+)*/gu, 'line N');
    const base = [message.ruleId ?? '', text, regionText(lines, message)].join('\u0000');
    const occurrence = (seen.get(`${filePath}\u0000${base}`) ?? 0) + 1;
    seen.set(`${filePath}\u0000${base}`, occurrence);
    return createHash('sha256').update(`${base}\u0000${String(occurrence)}`).digest('hex').slice(0, 32);
  };
}

/** A rule's documentation page as shipped in the package (docs/rules/<name>.md), or null. */
export function readRuleDoc(name: string): { summary: string; markdown: string } | null {
  if (packageRoot === null) {
    return null;
  }
  const file = join(packageRoot, 'docs', 'rules', `${name}.md`);
  if (!existsSync(file)) {
    return null;
  }
  const text = readFileSync(file, 'utf8');
  // The generated header (config badges) is for the docs site; the help starts after it.
  const marker = '<!-- end auto-generated rule header -->';
  const body = text.includes(marker) ? text.slice(text.indexOf(marker) + marker.length) : text.replace(/^#.*\n/u, '');
  const summary =
    text
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .find((line) => line !== '' && !line.startsWith('<!--') && !/^(?:💼|🔧|💡|💭|⚠️|🚫|❌)/u.test(line)) ?? '';
  // eslint-doc-generator marks the description line with 📝.
  return { summary: summary.replace(/^📝\s*/u, ''), markdown: body.trim() };
}
