import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { AcquireSpec, ResourceKind, ResourceModel } from './models/index.js';

/** A resource declared by a user, in the same shape for rule options and settings. */
export interface UserResource {
  /** `*.openSession` (any receiver), `db.openSession` (a receiver named `db`), or `openSession` (a function). */
  readonly acquire: readonly string[];
  /** Methods on the resource that release it. */
  readonly release: readonly string[];
  /** Methods on another object that release a resource passed to them (`pool.release(conn)`). */
  readonly releaseVia?: readonly string[];
  /** What the resource is called in messages. */
  readonly description?: string;
}

/** JSON schema of one user-declared resource. */
export const userResourceSchema: JSONSchema4 = {
  type: 'object',
  properties: {
    acquire: {
      type: 'array',
      items: { type: 'string', pattern: '^(\\*|[A-Za-z_$][\\w$]*)?\\.?[A-Za-z_$][\\w$]*$' },
      minItems: 1,
      description: 'Acquiring calls: `*.method`, `receiver.method` or `functionName`.',
    },
    release: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*$' },
      description: 'Methods on the resource that release it.',
    },
    releaseVia: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*$' },
      description: 'Methods on another object that release a resource passed to them.',
    },
    description: { type: 'string', minLength: 1, description: 'What the resource is called in messages.' },
  },
  required: ['acquire', 'release'],
  additionalProperties: false,
};

/** Parses one acquire pattern into the models' acquire shape. */
function parsePattern(pattern: string): AcquireSpec {
  const dot = pattern.lastIndexOf('.');
  if (dot < 0) {
    return { method: pattern };
  }
  const receiver = pattern.slice(0, dot);
  const method = pattern.slice(dot + 1);
  return receiver === '*' ? { method, receiver: { any: true } } : { method, receiver: { exactNames: [receiver] } };
}

/** Turns user-declared resources into models, so they go through the same analysis. */
export function modelsFromUserResources(resources: readonly UserResource[], kind: ResourceKind): ResourceModel[] {
  return resources.map((resource) => ({
    library: 'user',
    packages: [],
    kind,
    what: resource.description ?? 'resource',
    acquire: resource.acquire.map(parsePattern),
    release: resource.release,
    releaseVia: resource.releaseVia ?? [],
  }));
}
