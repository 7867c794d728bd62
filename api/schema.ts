import { createSchema } from 'graphql-yoga';
import { COLLECTIONS, SHARED_TYPE_DEFS, graphQLTypeDefs, operationNames } from '../sync/index.ts';
import { accountsResolvers, accountsTypeDefs } from './accounts/schema.ts';
import { accountsSync } from './accounts/sync.ts';
import { callsResolvers, callsTypeDefs } from './calls/schema.ts';
import { callsSyncDomain } from './calls/sync.ts';
import { chatResolvers, chatTypeDefs } from './chat/schema.ts';
import { chatSync } from './chat/sync.ts';
import { diarySync } from './diary/sync.ts';
import type { RequestContext } from './http/context.ts';
import { checkTextArguments } from './http/text-arguments.ts';
import { journalSync } from './journal/sync.ts';
import { syncResolvers } from './sync/engine.ts';

const ROOT_TYPE_DEFS = /* GraphQL */ `
type Query { _version: String! }
type Mutation { _noop: Boolean }
type Subscription { _noop: Boolean }
`;

/** Pushes check each document on its own (a bad one is refused alone), not the whole batch's arguments. */
const PUSHES = new Set(COLLECTIONS.filter((c) => c.conflict !== 'server-only').map((c) => operationNames(c).push));

export function buildSchema() {
  const sync = syncResolvers([accountsSync, diarySync, journalSync, chatSync, callsSyncDomain]);
  return createSchema<RequestContext>({
    typeDefs: [ROOT_TYPE_DEFS, SHARED_TYPE_DEFS, accountsTypeDefs, chatTypeDefs, callsTypeDefs, ...COLLECTIONS.map(graphQLTypeDefs)],
    resolvers: {
      Query: checkTextArguments({ _version: () => '1', ...accountsResolvers.Query, ...sync.Query }),
      Mutation: checkTextArguments(
        { ...accountsResolvers.Mutation, ...chatResolvers.Mutation, ...callsResolvers.Mutation, ...sync.Mutation },
        PUSHES,
      ),
      Subscription: checkTextArguments({ ...sync.Subscription, ...callsResolvers.Subscription }),
    },
  });
}
