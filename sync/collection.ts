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
  /** GraphQL name of the enum's type (default: type name + field name, e.g. `CallTransport`). */
  readonly enumName?: string;
  /**
   * Set by the server (copied from elsewhere or stamped on write): what a client pushes here is
   * ignored, and it takes no part in conflict checks or merges.
   */
  readonly server?: boolean;
  /**
   * Strings: may hold tab and line breaks (a message, a comment); otherwise one line. Control
   * characters are refused either way (sync/text.ts).
   */
  readonly multiline?: boolean;
  /** Strings: must say something, not only spaces and invisible characters. */
  readonly nonBlank?: boolean;
  /**
   * Strings: the longest text accepted (UTF-16 units). Unlike `maxLength` it is not part of the RxDB
   * schema, so it can change without a migration of every device's database.
   */
  readonly maxChars?: number;
  /** Strings: a school date (`YYYY-MM-DD`) or an instant a device or the server stamped (sync/dates.ts). */
  readonly format?: 'date' | 'timestamp';
}

/**
 * How a collection resolves two writers (the pushed «assumed master state» differs from the real one):
 * - `server-only`: clients never push (read-only replica of server data).
 * - `append-only`: documents are created once; a repeated create changes nothing, and the first
 *   stored version stands, so nothing can conflict.
 * - `mergeable`: field-level three-way merge: a field the pusher changed (relative to the state it
 *   assumed) takes the pushed value, every other field keeps the server's.
 * - `manual`: the server answers with its version; the person sees both and chooses.
 */
export type ConflictRule = 'server-only' | 'append-only' | 'mergeable' | 'manual';

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

export interface CollectionSpec<Name extends string = string, Fields extends FieldSpecs = FieldSpecs> {
  readonly name: Name;
  /** GraphQL type name, e.g. `Lesson`. */
  readonly typeName: string;
  readonly fields: Fields;
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
/**
 * The largest page the server serves: what devices ask for. A page is read in one go, and on the
 * embedded database (PGlite, this very thread) reading a page of the longest messages is a stretch
 * in which no other request moves; a page of 1000 (8 MB of text) stalled everyone else's pulls.
 */
export const PULL_BATCH_MAX = PULL_BATCH_SIZE;
export const PUSH_BATCH_SIZE = 50;

/** Keeps the literal field declarations (`const`), so DocOf can derive the document type from them. */
export function defineCollection<const Name extends string, const Fields extends FieldSpecs>(
  spec: CollectionSpec<Name, Fields>,
): CollectionSpec<Name, Fields> {
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

/** Fields a client writes: the ones conflicts are decided on (not `id`, `pos`, nor server-set ones). */
export function editableFields(spec: CollectionSpec): string[] {
  return [...Object.entries(spec.fields).filter(([, f]) => !f.server).map(([name]) => name), DELETED_FIELD];
}

type ValueOf<F extends FieldSpec> = F extends { readonly enum: readonly (infer E)[] }
  ? E
  : F['type'] extends 'string'
    ? string
    : F['type'] extends 'boolean'
      ? boolean
      : number;
type OptionalKeys<F extends FieldSpecs> = { [K in keyof F]: F[K] extends { readonly optional: true } ? K : never }[keyof F];
type Flat<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A document of a collection as RxDB stores it, derived from its declaration (written once):
 * `id`, `pos`, the declared fields (an enum field: its values), optional ones left out when absent.
 */
export type DocOf<S extends CollectionSpec> = S extends CollectionSpec<string, infer F>
  ? Flat<
      { id: string; pos: string } & { [K in Exclude<keyof F, OptionalKeys<F>>]: ValueOf<F[K]> } & {
        [K in OptionalKeys<F>]?: ValueOf<F[K]>;
      }
    >
  : never;

type Plain = Readonly<Record<string, unknown>>;
const norm = (v: unknown): unknown => (v === undefined ? null : v);

/** Whether two versions of a document say the same in every field a client writes. */
export function sameContent(spec: CollectionSpec, a: Plain, b: Plain): boolean {
  return editableFields(spec).every((f) => norm(a[f]) === norm(b[f]));
}

/**
 * The `mergeable` rule: every field the pusher changed relative to the state it assumed takes the
 * pushed value; every other field keeps the server's (so two people changing different fields
 * offline both keep their change; the same field: the later push wins).
 */
export function mergeFields(spec: CollectionSpec, assumed: Plain | null | undefined, pushed: Plain, real: Plain): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...real };
  for (const f of editableFields(spec)) {
    if (!assumed || norm(pushed[f]) !== norm(assumed[f])) merged[f] = pushed[f];
  }
  return merged;
}

/**
 * A deleted document that reveals nothing but its id: what a device receives for a document that
 * left its scope, so the copy it holds is overwritten and purged. Valid under the collection's schema.
 */
export function tombstone(spec: CollectionSpec, id: string, pos: string): Record<string, unknown> {
  const doc: Record<string, unknown> = { id, pos, [DELETED_FIELD]: true };
  for (const [name, f] of Object.entries(spec.fields)) {
    if (f.optional) doc[name] = null;
    else if (f.enum) doc[name] = f.enum[0];
    else if (f.type === 'string') doc[name] = '';
    else if (f.type === 'boolean') doc[name] = false;
    else doc[name] = f.minimum ?? 0;
  }
  return doc;
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

/** The GraphQL enum an enum field travels as, e.g. `CallTransport`. */
export function enumTypeName(spec: CollectionSpec, field: string): string {
  return spec.fields[field]?.enumName ?? spec.typeName + field.charAt(0).toUpperCase() + field.slice(1);
}

/**
 * SDL for the document type, its input twin, and its pull/push/stream operations. Enum fields are
 * GraphQL enums in what the server sends; in pushes they stay strings, so that a bad value refuses
 * that one document (a PushRejection) rather than failing the whole batch's variables.
 */
export function graphQLTypeDefs(spec: CollectionSpec): string {
  const enumFields = Object.entries(spec.fields).filter(([, f]) => f.enum);
  const enums = enumFields.map(([name, f]) => `enum ${enumTypeName(spec, name)} { ${f.enum!.join(' ')} }`).join('\n');
  const fields = Object.entries(allFields(spec))
    .map(([name, f]) => `${name}: ${f.enum ? enumTypeName(spec, name) : GQL_SCALAR[f.type]}${f.optional ? '' : '!'}`)
    .join('\n  ');
  // In pushes, what the server sets (the position, server-set fields) may be left out.
  const inputFields = Object.entries(allFields(spec))
    .map(([name, f]) => `${name}: ${GQL_SCALAR[f.type]}${f.optional || f.server || name === 'pos' ? '' : '!'}`)
    .join('\n  ');
  const t = spec.typeName;
  const ops = operationNames(spec);
  const push =
    spec.conflict === 'server-only'
      ? ''
      : `
input ${t}Input {
  ${inputFields}
  ${DELETED_FIELD}: Boolean!
}
input ${t}PushRow { assumedMasterState: ${t}Input, newDocumentState: ${t}Input! }
type ${t}PushResult { conflicts: [${t}!]!, rejected: [PushRejection!]! }
extend type Mutation { ${ops.push}(rows: [${t}PushRow!]!): ${t}PushResult! }`;
  return `
${enums}
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
