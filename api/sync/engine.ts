import { COLLECTIONS, operationNames, type Checkpoint } from '../../sync/index.ts';
import type { RequestContext } from '../http/context.ts';
import { pullPage } from './pull.ts';
import { push, type PushRow } from './push.ts';
import { registerSyncDomains, serverCollection, type SyncDomain } from './registry.ts';
import { stream } from './stream.ts';

/**
 * GraphQL resolvers for every collection's pull, push and stream, generated from sync/ and served
 * by what the domains registered: the engine itself knows no domain.
 */
export function syncResolvers(domains: readonly SyncDomain[]) {
  registerSyncDomains(domains);
  const Query: Record<string, unknown> = {};
  const Mutation: Record<string, unknown> = {};
  const Subscription: Record<string, unknown> = {};
  for (const spec of COLLECTIONS) {
    const collection = serverCollection(spec);
    const ops = operationNames(spec);
    Query[ops.pull] = (_: unknown, args: { checkpoint?: Checkpoint | null; limit: number }, ctx: RequestContext) =>
      pullPage(ctx, collection, args.checkpoint, args.limit);
    Subscription[ops.stream] = {
      subscribe: (_: unknown, __: unknown, ctx: RequestContext) => stream(ctx, collection),
    };
    if (spec.conflict !== 'server-only') {
      Mutation[ops.push] = (_: unknown, args: { rows: PushRow[] }, ctx: RequestContext) => push(ctx, collection, args.rows);
    }
  }
  return { Query, Mutation, Subscription };
}
