import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { AcquireSpec, ResourceKind, ResourceModel } from './models/index.js';
import { THROW_SETTING_KEYS } from './throw-settings.js';

/**
 * A resource declared by a user, in rule options or in `settings.leakguard.resources`:
 * the same information the built-in models carry, in a form that is easy to write.
 */
export interface UserResource {
  /** Which rule reports it: `connection` (the default), `cursor` or `transaction`. */
  readonly kind?: ResourceKind;
  /**
   * Acquiring calls: `*.openSession` (any receiver), `db.openSession` (a receiver named
   * `db`), `Db#openSession` (a receiver made by `new Db()`, or named `db`), or
   * `openSession` (a plain function).
   */
  readonly acquire: readonly string[];
  /** Methods on the resource that release it, or use it up so that it closes itself. */
  readonly release: readonly string[];
  /** Methods on another object that release a resource passed to them (`pool.release(conn)`). */
  readonly releaseVia?: readonly string[];
  /** Methods that use the resource, so calling one after the release is reported. */
  readonly uses?: readonly string[];
  /** What the resource is called in messages. */
  readonly description?: string;
}

const identifier = '[A-Za-z_$][\\w$]*';
const acquirePattern = `^(\\*\\.|${identifier}\\.|${identifier}#)?${identifier}$`;
const methodPattern = `^${identifier}$`;

const methodList = (description: string): JSONSchema4 => ({
  type: 'array',
  items: { type: 'string', pattern: methodPattern },
  uniqueItems: true,
  description,
});

const acquireSchema: JSONSchema4 = {
  type: 'array',
  items: { type: 'string', pattern: acquirePattern },
  minItems: 1,
  uniqueItems: true,
  description: 'Acquiring calls: `*.method`, `receiver.method`, `Class#method` or `functionName`.',
};

const descriptionSchema: JSONSchema4 = {
  type: 'string',
  minLength: 1,
  description: 'What the resource is called in messages.',
};

/** JSON schema of one user-declared resource. */
export const userResourceSchema: JSONSchema4 = {
  type: 'object',
  properties: {
    kind: {
      type: 'string',
      enum: ['connection', 'cursor', 'transaction'],
      description: 'Which rule reports it: connection (the default), cursor or transaction.',
    },
    acquire: acquireSchema,
    release: methodList('Methods on the resource that release it.'),
    releaseVia: methodList('Methods on another object that release a resource passed to them.'),
    uses: methodList('Methods that use the resource; a call after the release is reported.'),
    description: descriptionSchema,
  },
  required: ['acquire', 'release'],
  additionalProperties: false,
};

/**
 * The same shape for a rule's `resources` option, where the rule decides the kind and
 * `uses` has no effect (no-use-after-release reads the settings).
 */
export const ruleResourceSchema: JSONSchema4 = {
  type: 'object',
  properties: {
    acquire: acquireSchema,
    release: methodList('Methods on the resource that release it.'),
    releaseVia: methodList('Methods on another object that release a resource passed to them.'),
    description: descriptionSchema,
  },
  required: ['acquire', 'release'],
  additionalProperties: false,
};

/** Parses one acquire pattern into the models' acquire shape. */
function parsePattern(pattern: string): AcquireSpec {
  const hash = pattern.indexOf('#');
  if (hash >= 0) {
    const className = pattern.slice(0, hash);
    const method = pattern.slice(hash + 1);
    const instanceName = className.charAt(0).toLowerCase() + className.slice(1);
    return { method, receiver: { constructors: [className], exactNames: [instanceName] } };
  }
  const dot = pattern.lastIndexOf('.');
  if (dot < 0) {
    return { method: pattern };
  }
  const receiver = pattern.slice(0, dot);
  const method = pattern.slice(dot + 1);
  return receiver === '*' ? { method, receiver: { any: true } } : { method, receiver: { exactNames: [receiver] } };
}

/** Turns user-declared resources into models, so they go through the same analysis. */
export function modelsFromUserResources(resources: readonly UserResource[], kind?: ResourceKind): ResourceModel[] {
  return resources.map((resource) => ({
    library: 'user',
    packages: [],
    kind: resource.kind ?? kind ?? 'connection',
    what: resource.description ?? defaultDescription(resource.kind ?? kind ?? 'connection'),
    acquire: resource.acquire.map(parsePattern),
    release: resource.release,
    releaseVia: resource.releaseVia ?? [],
    uses: resource.uses ?? [],
  }));
}

function defaultDescription(kind: ResourceKind): string {
  return kind === 'connection' ? 'resource' : kind;
}

const checked = new WeakMap<object, readonly ResourceModel[]>();

/**
 * The models declared in `settings.leakguard.resources`, checked once per settings
 * object. A bad entry throws an error that names it, which ESLint shows as the rule's
 * configuration error.
 */
export function modelsFromSettings(settings: Readonly<Record<string, unknown>>): readonly ResourceModel[] {
  const leakguard = settings.leakguard;
  if (leakguard === undefined) {
    return [];
  }
  const cached = typeof leakguard === 'object' && leakguard !== null ? checked.get(leakguard) : undefined;
  if (cached) {
    return cached;
  }
  if (typeof leakguard !== 'object' || leakguard === null || Array.isArray(leakguard)) {
    throw new Error('leakguard: `settings.leakguard` must be an object, such as `{ resources: [...] }`.');
  }
  const { resources, ...rest } = leakguard as Record<string, unknown>;
  const [unknownKey] = Object.keys(rest).filter((key) => !THROW_SETTING_KEYS.includes(key));
  if (unknownKey !== undefined) {
    throw new Error(
      `leakguard: \`settings.leakguard.${unknownKey}\` is not a setting; the settings are \`resources\`, ${THROW_SETTING_KEYS.map((key) => `\`${key}\``).join(', ')}.`,
    );
  }
  if (resources !== undefined && !Array.isArray(resources)) {
    throw new Error('leakguard: `settings.leakguard.resources` must be an array of resource declarations.');
  }
  const list = (resources ?? []) as unknown[];
  list.forEach((entry, index) => {
    const problem = checkResource(entry);
    if (problem !== null) {
      throw new Error(`leakguard: \`settings.leakguard.resources[${String(index)}]\` ${problem}. See docs/configuration.md.`);
    }
  });
  const models = modelsFromUserResources(list as UserResource[]);
  checked.set(leakguard, models);
  return models;
}

/** What is wrong with one declared resource, or `null`; mirrors userResourceSchema. */
function checkResource(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return 'must be an object with `acquire` and `release`';
  }
  const record = entry as Record<string, unknown>;
  const allowed = ['kind', 'acquire', 'release', 'releaseVia', 'uses', 'description'];
  const unknownKey = Object.keys(record).find((key) => !allowed.includes(key));
  if (unknownKey !== undefined) {
    return `has an unknown property \`${unknownKey}\` (allowed: ${allowed.join(', ')})`;
  }
  if (record.kind !== undefined && !['connection', 'cursor', 'transaction'].includes(record.kind as string)) {
    return `has \`kind: ${JSON.stringify(record.kind)}\`; it must be "connection", "cursor" or "transaction"`;
  }
  const acquire = checkStrings(record, 'acquire', new RegExp(acquirePattern), true);
  if (acquire !== null) {
    return acquire;
  }
  for (const key of ['release', 'releaseVia', 'uses']) {
    const problem = checkStrings(record, key, new RegExp(methodPattern), key === 'release');
    if (problem !== null) {
      return problem;
    }
  }
  if (record.description !== undefined && (typeof record.description !== 'string' || record.description === '')) {
    return 'has a `description` that is not a non-empty string';
  }
  return null;
}

function checkStrings(record: Record<string, unknown>, key: string, pattern: RegExp, required: boolean): string | null {
  const value = record[key];
  if (value === undefined) {
    return required ? `needs \`${key}\`` : null;
  }
  if (!Array.isArray(value) || (key === 'acquire' && value.length === 0)) {
    return `has a \`${key}\` that is not a${key === 'acquire' ? ' non-empty' : 'n'} array of names`;
  }
  const bad: unknown = (value as unknown[]).find((item) => typeof item !== 'string' || !pattern.test(item));
  if (bad === undefined) {
    return null;
  }
  const expected =
    key === 'acquire' ? 'pattern (`*.method`, `receiver.method`, `Class#method` or `function`)' : 'method name';
  return `has ${JSON.stringify(bad)} in \`${key}\`, which is not a valid ${expected}`;
}
