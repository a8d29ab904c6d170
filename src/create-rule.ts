import type { TSESLint } from '@typescript-eslint/utils';
import { packageMeta } from './package-meta.js';

/** Documentation fields every leakguard rule declares. */
export interface LeakguardDocs {
  /** Whether the rule is part of the `recommended` config. */
  recommended?: boolean;
  /** Whether the rule needs type information to do its work. */
  requiresTypeChecking?: boolean;
}

/** What a rule file gives: its metadata without the docs URL, and a `create` that gets the options with defaults applied. */
export interface RuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  readonly name: string;
  readonly meta: Omit<TSESLint.RuleMetaData<MessageIds, LeakguardDocs, Options>, 'docs'> & {
    readonly docs: Omit<TSESLint.RuleMetaDataDocs, 'url'> & LeakguardDocs;
    /** The options a rule runs with when none are configured; none for a rule without options. */
    readonly defaultOptions?: Options;
  };
  create(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Options): TSESLint.RuleListener;
}

/** A leakguard rule as ESLint and oxlint load it (and typescript-eslint's RuleTester runs it). */
export interface LeakguardRule<Options extends readonly unknown[], MessageIds extends string>
  extends TSESLint.RuleModule<MessageIds, Options, LeakguardDocs> {
  readonly name: string;
  readonly meta: TSESLint.RuleMetaData<MessageIds, LeakguardDocs, Options>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `given` laid over `defaults`: objects merge key by key (recursively), anything else given
 * replaces the default, and `undefined` keeps it. ESLint 9.15+ already does this with
 * `meta.defaultOptions`; doing it here too keeps older hosts and oxlint, which may pass the
 * options as configured, seeing the same values.
 */
function withDefaults(defaults: unknown, given: unknown): unknown {
  if (given === undefined) {
    return defaults;
  }
  if (!isPlainObject(defaults) || !isPlainObject(given)) {
    return given;
  }
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    merged[key] = withDefaults(defaults[key], value);
  }
  return merged;
}

/**
 * The options a rule runs with: each configured option over its default, position by
 * position (a rule's options are a tuple).
 */
export function applyRuleDefaults<Options extends readonly unknown[]>(defaults: Options, given: readonly unknown[]): Options {
  const length = Math.max(defaults.length, given.length);
  return Array.from({ length }, (_, index) => withDefaults(defaults[index], given[index])) as unknown as Options;
}

/** The page a rule's `docs.url` points at: its doc at the installed release's tag. */
export function ruleDocsUrl(name: string): string {
  return `https://github.com/leakguard/eslint-plugin-leakguard/blob/v${packageMeta.version}/docs/rules/${name}.md`;
}

/**
 * Creates a leakguard rule whose `docs.url` points at its page in docs/rules, at the
 * release's tag: the page an editor or code scanning links to describes the installed
 * version, not whatever main says later. The plugin's own (not typescript-eslint's
 * `RuleCreator`): typescript-eslint's utils package needs the TypeScript compiler API at
 * install time (its peer range on `typescript`), which projects on TypeScript 7 do not have.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: RuleDefinition<Options, MessageIds>,
): LeakguardRule<Options, MessageIds> {
  const { name, meta } = definition;
  const defaultOptions = meta.defaultOptions ?? ([] as unknown as Options);
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: ruleDocsUrl(name) } },
    create(context) {
      return definition.create(context, applyRuleDefaults(defaultOptions, context.options));
    },
  };
}
