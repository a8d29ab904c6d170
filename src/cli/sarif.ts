import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter, Rule } from 'eslint';
import type { Log, Notification, ReportingDescriptor, Result, Suppression } from 'sarif';
import type { LeakPath } from '../trace.js';
import { createFingerprinter, indexLeakPaths, readRuleDoc, toPathParts } from './sarif-paths.js';

/** A rule that ran, with the metadata the SARIF log describes it by. */
export interface SarifRule {
  /** The full rule id, `leakguard/no-leaked-connection`. */
  id: string;
  meta: Rule.RuleMetaData | undefined;
  /** The level the rule reports at in this run (`--warn` makes it `warning`). */
  level: 'error' | 'warning';
}

/** What the SARIF log says about the tool and the run. */
export interface SarifContext {
  toolName: string;
  toolVersion: string;
  informationUri: string;
  /** The directory results are relative to (`%SRCROOT%`): the repository root in CI. */
  cwd: string;
  rules: readonly SarifRule[];
  /** The leak paths the lifetime rules recorded in this process (src/trace.ts). */
  leakPaths?: readonly LeakPath[];
  /** Run-level notes: directories not read, files skipped or not linted. */
  notes?: readonly string[];
}

const schemaUri = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const sourceRoot = '%SRCROOT%';

/** A path relative to the source root, as a URI reference (`src/a%20b.js`). */
function toRelativeUri(cwd: string, filePath: string): string {
  return relative(cwd, filePath).split(sep).map(encodeURIComponent).join('/');
}

function toDescriptor(rule: SarifRule): ReportingDescriptor {
  const description = rule.meta?.docs?.description ?? rule.id;
  const url = rule.meta?.docs?.url;
  const doc = readRuleDoc(rule.id.slice(rule.id.indexOf('/') + 1));
  const help =
    doc === null
      ? url === undefined
        ? undefined
        : { text: `${description}. See ${url}`, markdown: `${description}. [Documentation](${url})` }
      : { text: doc.markdown, markdown: url === undefined ? doc.markdown : `${doc.markdown}\n\n[Documentation](${url})` };
  return {
    id: rule.id,
    shortDescription: { text: description },
    fullDescription: { text: doc?.summary || description },
    ...(url === undefined ? {} : { helpUri: url }),
    ...(help === undefined ? {} : { help }),
    defaultConfiguration: { level: rule.level },
    properties: {
      tags: ['reliability', ...(rule.meta?.type === undefined ? [] : [rule.meta.type])],
      precision: 'high',
      'problem.severity': rule.meta?.type === 'problem' ? 'error' : 'warning',
    },
  };
}

/**
 * A message's region. ESLint's lines and columns are 1-based and count UTF-16 code units,
 * and its end column points just past the last character: all as SARIF's defaults have it.
 */
function toRegion(message: Linter.LintMessage): NonNullable<Result['locations']>[number]['physicalLocation'] {
  return {
    region: {
      startLine: Math.max(message.line, 1),
      startColumn: Math.max(message.column, 1),
      ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
      ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
    },
  };
}

function toSuppressions(message: Linter.SuppressedLintMessage): Suppression[] {
  return message.suppressions.map((suppression) => ({
    // `eslint-disable` comments sit in the source; bulk suppressions in a file beside it.
    kind: suppression.kind === 'directive' ? 'inSource' : 'external',
    ...(suppression.justification ? { justification: suppression.justification } : {}),
  }));
}

/**
 * Formats lint results as a SARIF 2.1.0 log for code scanning: one run, the tool's rules
 * with their descriptions and help URIs, one result per finding with its region, findings
 * silenced by `eslint-disable` or bulk suppressions marked as suppressed, and files that
 * could not be parsed as tool notifications (they are not findings of any rule).
 */
export function formatSarif(results: readonly ESLint.LintResult[], context: SarifContext): string {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const leakPaths = indexLeakPaths(context.leakPaths ?? []);
  const fingerprint = createFingerprinter();
  const artifacts: { location: { uri: string; uriBaseId: string } }[] = [];
  const sarifResults: Result[] = [];
  const notifications: Notification[] = [];

  for (const result of results) {
    const reported: (Linter.LintMessage | Linter.SuppressedLintMessage)[] = [
      ...result.messages,
      ...result.suppressedMessages,
    ];
    if (reported.length === 0) {
      continue;
    }
    const uri = toRelativeUri(context.cwd, result.filePath);
    const artifactIndex = artifacts.push({ location: { uri, uriBaseId: sourceRoot } }) - 1;
    for (const message of reported) {
      const physicalLocation = {
        artifactLocation: { uri, uriBaseId: sourceRoot, index: artifactIndex },
        ...toRegion(message),
      };
      if (message.ruleId === null) {
        notifications.push({
          level: 'error',
          message: { text: message.message },
          locations: [{ physicalLocation }],
        });
        continue;
      }
      const index = ruleIndex.get(message.ruleId);
      const path = leakPaths.get(`${result.filePath}\u0000${message.ruleId}\u0000${String(message.line)}:${String(message.column)}`);
      sarifResults.push({
        ruleId: message.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [{ physicalLocation }],
        partialFingerprints: { 'leakguard/v1': fingerprint(result.filePath, message) },
        ...(path ? toPathParts(path, physicalLocation.artifactLocation) : {}),
        ...('suppressions' in message ? { suppressions: toSuppressions(message) } : {}),
      });
    }
  }

  const log: Log = {
    $schema: schemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: context.toolName,
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            informationUri: context.informationUri,
            rules: context.rules.map(toDescriptor),
          },
        },
        originalUriBaseIds: {
          [sourceRoot]: { uri: pathToFileURL(context.cwd).href.replace(/\/?$/u, '/') },
        },
        artifacts,
        results: sarifResults,
        invocations: [
          {
            // The run completed; files that do not parse or cannot be read are errors among
            // the notifications, directories not read and files skipped are warnings there.
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...notifications,
              ...(context.notes ?? []).map((note): Notification => ({ level: 'warning', message: { text: note } })),
            ],
          },
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
