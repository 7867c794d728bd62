/**
 * One declaration per synced collection. Both sides derive everything from it:
 * the client its RxDB schema and GraphQL replication queries, the server its GraphQL types.
 * (The server-side scope and write policy live in api/, keyed by the same name.)
 */

export type FieldType = 'string' | 'integer' | 'number' | 'boolean';

export interface FieldSpec {
  readonly type: FieldType;
  /** Absent fields travel as null over GraphQL and are left out of the RxDB document. */
  readonly optional?: boolean;
  /** Required by RxDB on indexed and primary-key strings. */
  readonly maxLength?: number;
  /** Required by RxDB on indexed numbers. */
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
}

/**
 * How a collection resolves two writers:
 * - `server-only`: clients never push (read-only replica of server data).
 * - `append-only`: documents are created once and never edited, so nothing can conflict.
 * - `manual`: a mismatching assumed master state is a conflict the person resolves.
 */
export type ConflictRule = 'server-only' | 'append-only' | 'manual';

export interface CollectionSpec<Name extends string = string> {
  readonly name: Name;
  /** GraphQL type name, e.g. `Lesson`. */
  readonly typeName: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly indexes: readonly (readonly string[])[];
  readonly conflict: ConflictRule;
}

/** Every document carries these besides its own fields. */
export const COMMON_FIELDS = {
  id: { type: 'string', maxLength: 64 },
  /** Server-assigned change position (a bigint, sent as a decimal string). */
  pos: { type: 'string', maxLength: 24 },
} as const satisfies Record<string, FieldSpec>;

/** Name of the server's deleted flag; RxDB maps it to `_deleted`. */
export const DELETED_FIELD = 'deleted';

/**
 * Documents per pull page, used by both ends. RxDB's GraphQL plugin defaults to 20 and stops
 * at the first short page, so this must always be passed explicitly (see STACK-NOTES).
 */
export const PULL_BATCH_SIZE = 500;
export const PULL_BATCH_MAX = 1000;
export const PUSH_BATCH_SIZE = 50;

export function defineCollection<const Name extends string>(spec: CollectionSpec<Name>): CollectionSpec<Name> {
  for (const index of spec.indexes) {
    for (const field of index) {
      const f = spec.fields[field] ?? (COMMON_FIELDS as Record<string, FieldSpec>)[field];
      if (!f) throw new Error(`${spec.name}: index on unknown field ${field}`);
      if (f.optional) throw new Error(`${spec.name}: indexed field ${field} must be required (Dexie)`);
    }
  }
  return spec;
}

export function allFields(spec: CollectionSpec): Record<string, FieldSpec> {
  return { ...COMMON_FIELDS, ...spec.fields };
}

/** `pullLessons`, `pushMarks`, `streamLessons`. */
export function operationNames(spec: CollectionSpec): { pull: string; push: string; stream: string } {
  const cap = spec.name.charAt(0).toUpperCase() + spec.name.slice(1);
  return { pull: `pull${cap}`, push: `push${cap}`, stream: `stream${cap}` };
}

/** The GraphQL selection set of one document: its fields plus the deleted flag. */
export function selection(spec: CollectionSpec): string {
  return [...Object.keys(allFields(spec)), DELETED_FIELD].join(' ');
}

const GQL_SCALAR: Record<FieldType, string> = {
  string: 'String',
  integer: 'Int',
  number: 'Float',
  boolean: 'Boolean',
};

/** SDL for the document type, its input twin, and its pull/push/stream operations. */
export function graphQLTypeDefs(spec: CollectionSpec): string {
  const fields = Object.entries(allFields(spec))
    .map(([name, f]) => `${name}: ${GQL_SCALAR[f.type]}${f.optional ? '' : '!'}`)
    .join('\n  ');
  const t = spec.typeName;
  const ops = operationNames(spec);
  const push =
    spec.conflict === 'server-only'
      ? ''
      : `
input ${t}Input {
  ${fields}
  ${DELETED_FIELD}: Boolean!
}
input ${t}PushRow { assumedMasterState: ${t}Input, newDocumentState: ${t}Input! }
type ${t}PushResult { conflicts: [${t}!]!, rejected: [PushRejection!]! }
extend type Mutation { ${ops.push}(rows: [${t}PushRow!]!): ${t}PushResult! }`;
  return `
type ${t} {
  ${fields}
  ${DELETED_FIELD}: Boolean!
}
type ${t}PullBulk { documents: [${t}!]!, checkpoint: Checkpoint }
extend type Query { ${ops.pull}(checkpoint: CheckpointInput, limit: Int!): ${t}PullBulk! }
extend type Subscription { ${ops.stream}: StreamSignal! }
${push}`;
}

/** Types every collection shares. */
export const SHARED_TYPE_DEFS = /* GraphQL */ `
type Checkpoint { pos: String!, id: String! }
input CheckpointInput { pos: String!, id: String! }
"A wake-up: something in the subscriber's scope changed; the client pulls from its checkpoint."
type StreamSignal { collection: String! }
"A pushed document the server refused, and why (a code and a message in the user's language)."
type PushRejection { id: String!, code: String!, message: String! }
`;

export interface Checkpoint {
  pos: string;
  id: string;
}
