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

/**
 * A JavaScript identifier, exactly (ECMAScript's ID_Start / ID_Continue, so `öffnen` and
 * `接続` are names). Checked in code with the `u` flag: ESLint's schema validator compiles
 * `pattern`s without it, where `\\p{…}` does not work.
 */
const identifier = '[\\p{ID_Start}_$][\\p{ID_Continue}$\\u200C\\u200D]*';
const acquirePattern = `^(\\*\\.|${identifier}\\.|${identifier}#)?${identifier}$`;
const methodPattern = `^${identifier}$`;
const acquireRegExp = new RegExp(acquirePattern, 'u');
const methodRegExp = new RegExp(methodPattern, 'u');

/**
 * The schema's looser form of an identifier: ASCII as JavaScript has it, and any non-ASCII
 * character (the exact check is {@link identifier}, run when the declaration is read).
 */
const schemaIdentifier = '[A-Za-z_$\\u0080-\\uFFFF][\\w$\\u0080-\\uFFFF]*';
const schemaAcquirePattern = `^(\\*\\.|${schemaIdentifier}\\.|${schemaIdentifier}#)?${schemaIdentifier}$`;
const schemaMethodPattern = `^${schemaIdentifier}$`;

const methodList = (description: string): JSONSchema4 => ({
  type: 'array',
  items: { type: 'string', pattern: schemaMethodPattern },
  uniqueItems: true,
  description,
});

/**
 * A function that takes ownership of a resource passed to it (the lifetime rules'
 * `releasers` option). It is matched by the called name alone (`returnToPool(c)`,
 * `pool.returnToPool(c)`), so a pattern with a receiver or parentheses would never match.
 */
export const releaserSchema: JSONSchema4 = {
  type: 'array',
  items: { type: 'string', pattern: schemaMethodPattern },
  uniqueItems: true,
  description: 'Functions (by name, no receiver) that take ownership of a resource passed to them.',
};


const acquireSchema: JSONSchema4 = {
  type: 'array',
  items: { type: 'string', pattern: schemaAcquirePattern },
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

/**
 * Turns user-declared resources into models, so they go through the same analysis. The
 * declarations are checked first (the schema cannot check non-ASCII names exactly, nor
 * see holes in an array); a bad one throws an error naming `where[index]`.
 */
export function modelsFromUserResources(
  resources: readonly UserResource[],
  kind?: ResourceKind,
  where = 'resources',
): ResourceModel[] {
  checkResourceList(resources, where);
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
  const models = modelsFromUserResources(list as UserResource[], undefined, 'settings.leakguard.resources');
  checked.set(leakguard, models);
  return models;
}

/**
 * Throws for the first bad declaration. A plain index loop: `forEach` and `map` skip the
 * holes of a sparse array (`[, {…}]`), which would pass unchecked and crash later.
 */
function checkResourceList(list: readonly unknown[], where: string): void {
  for (let index = 0; index < list.length; index += 1) {
    const problem = index in list ? checkResource(list[index]) : 'is empty (a hole in the array, such as `[, {…}]`)';
    if (problem !== null) {
      throw new Error(`leakguard: \`${where}[${String(index)}]\` ${problem}. See docs/configuration.md.`);
    }
  }
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
  const acquire = checkStrings(record, 'acquire', acquireRegExp, true);
  if (acquire !== null) {
    return acquire;
  }
  for (const key of ['release', 'releaseVia', 'uses']) {
    const problem = checkStrings(record, key, methodRegExp, key === 'release');
    if (problem !== null) {
      return problem;
    }
  }
  const releaseVia = record.releaseVia as unknown[] | undefined;
  if ((record.release as unknown[]).length === 0 && (releaseVia === undefined || releaseVia.length === 0)) {
    return 'has an empty `release` and no `releaseVia`, so nothing could release it; name a method that does';
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
  const items = value as unknown[];
  const badIndex = Array.from(items.keys()).find(
    (index) => !(index in items) || typeof items[index] !== 'string' || !pattern.test(items[index]),
  );
  if (badIndex === undefined) {
    return null;
  }
  const bad = items[badIndex];
  const expected =
    key === 'acquire' ? 'pattern (`*.method`, `receiver.method`, `Class#method` or `function`)' : 'method name';
  return `has ${JSON.stringify(bad)} in \`${key}\`, which is not a valid ${expected}`;
}
