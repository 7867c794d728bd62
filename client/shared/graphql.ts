/**
 * Typed GraphQL documents for everything but replication (client/data/ replicates over RxDB's own
 * plugin). gql.tada: the TypeScript compiler types each document from api/schema.graphql, with no
 * code generation step per operation (only the schema's type file, `npm run schema`), and `gql-tada
 * check` in `npm run typecheck` validates it against the schema. Chosen over GraphQL Code
 * Generator for that: an operation is written once, where it is used, and its types follow from it
 * without a generated file per document. The documents are parsed at runtime by gql.tada's small
 * parser, so modules that hold them are loaded lazily (off the first-load budget); requests go
 * through ./request.ts.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{ introspection: introspection; scalars: { ID: string } }>();
export type { ResultOf, VariablesOf } from 'gql.tada';
