import { operationNames, selection, type CollectionSpec } from './collection.ts';

export interface ReplicationQueries {
  /** Variables: `checkpoint` (or null), `limit`. Operation name `Pull`. */
  pull: string;
  /** Variables: `rows`. Operation name `Push`. Null for collections devices never push. */
  push: string | null;
  /** The live «pull now» signal (graphql-ws). */
  stream: string;
}

/**
 * The GraphQL a device sends to replicate one collection (client/data/replication.ts). It lives in
 * the contract so that the server's limits are tested against exactly what devices send.
 */
export function replicationQueries(spec: CollectionSpec): ReplicationQueries {
  const ops = operationNames(spec);
  const fields = selection(spec);
  return {
    pull: `query Pull($checkpoint: CheckpointInput, $limit: Int!) {
      ${ops.pull}(checkpoint: $checkpoint, limit: $limit) { documents { ${fields} } checkpoint { pos id } } }`,
    push:
      spec.conflict === 'server-only'
        ? null
        : `mutation Push($rows: [${spec.typeName}PushRow!]!) {
      ${ops.push}(rows: $rows) { conflicts { ${fields} } rejected { id code message } } }`,
    stream: `subscription Stream { ${ops.stream} { collection } }`,
  };
}
