import type { RxJsonSchema } from 'rxdb';
import { allFields, type CollectionSpec, type FieldSpec } from '../../sync/index.ts';

const JSON_TYPE: Record<FieldSpec['type'], string> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
};

/** The RxDB schema of a collection declared in sync/. */
export function toRxSchema(spec: CollectionSpec): RxJsonSchema<Record<string, unknown>> {
  const fields = allFields(spec);
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [name, f] of Object.entries(fields)) {
    properties[name] = {
      type: JSON_TYPE[f.type],
      ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
      ...(f.minimum !== undefined ? { minimum: f.minimum, maximum: f.maximum, multipleOf: 1 } : {}),
      ...(f.enum ? { enum: [...f.enum] } : {}),
    };
  }
  return {
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties,
    required: Object.entries(fields)
      .filter(([, f]) => !f.optional)
      .map(([name]) => name),
    indexes: spec.indexes.map((i) => [...i]),
  } as RxJsonSchema<Record<string, unknown>>;
}

/** GraphQL sends absent optional fields as null; RxDB documents leave them out. */
export function stripNulls<T extends Record<string, unknown>>(doc: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (v !== null) out[k] = v;
  return out as T;
}
