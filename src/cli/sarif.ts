import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter, Rule } from 'eslint';
import type { Log, Notification, ReportingDescriptor, Result, Suppression } from 'sarif';

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
  return {
    id: rule.id,
    shortDescription: { text: description },
    fullDescription: { text: description },
    ...(url === undefined
      ? {}
      : {
          helpUri: url,
          help: { text: `${description}. See ${url}`, markdown: `${description}. [Documentation](${url})` },
        }),
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
      sarifResults.push({
        ruleId: message.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [{ physicalLocation }],
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
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
