import type { Bind, Doc, ServerCollection } from './policy.ts';

/** A row of a collection's view. */
export type Row = Record<string, unknown> & { id: string; pos: number | string; deleted: boolean };

/** Positions travel as decimal strings: PGlite returns bigint as number, `pg` as string. */
export function toDoc(row: Row): Doc {
  return { ...row, pos: String(row.pos) };
}

/** Appends each bound value to `params` and returns its placeholder. */
export function binder(params: unknown[]): Bind {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * SQL condition: the row (alias `v`) belongs to one of `keys`. Keys are `prefix:value`; each prefix
 * names a key column of the collection.
 */
export function keyCondition(collection: ServerCollection, keys: Iterable<string>, bind: Bind): string {
  const byPrefix = groupKeys(keys);
  const parts = [...byPrefix].map(([prefix, values]) => `v.${column(collection, prefix)} = ANY(${bind(values)}::text[])`);
  return parts.length ? parts.join(' OR ') : 'false';
}

/**
 * SQL expression: the smallest position among `keyed` (key → position) that the row belongs to, or
 * NULL. Used to place a gained scope's history (and a lost scope's tombstones) at the position of
 * the grant (revocation) in the checkpoint order.
 */
export function keyPosition(collection: ServerCollection, keyed: Map<string, bigint>, bind: Bind): string {
  const parts = [...groupKeys(keyed.keys())].map(([prefix, values]) => {
    const positions = values.map((value) => String(keyed.get(`${prefix}:${value}`)));
    return `(SELECT min(g.pos) FROM unnest(${bind(values)}::text[], ${bind(positions)}::bigint[]) AS g(value, pos)
         WHERE g.value = v.${column(collection, prefix)})`;
  });
  return parts.length ? `LEAST(${parts.join(', ')})` : 'NULL::bigint';
}

function splitKey(k: string): [string, string] {
  const i = k.indexOf(':');
  return [k.slice(0, i), k.slice(i + 1)];
}

function groupKeys(keys: Iterable<string>): Map<string, string[]> {
  const byPrefix = new Map<string, string[]>();
  for (const k of keys) {
    const [prefix, value] = splitKey(k);
    let values = byPrefix.get(prefix);
    if (!values) byPrefix.set(prefix, (values = []));
    values.push(value);
  }
  return byPrefix;
}

function column(collection: ServerCollection, prefix: string): string {
  const col = collection.keyColumns[prefix];
  if (!col) throw new Error(`${collection.view}: no key column for «${prefix}»`);
  return col;
}
