/**
 * The client's one GraphQL transport for everything but replication: urql, loaded on the first
 * request so it stays off the first-load budget. This is the one place where «no answer» and the
 * server's refusals become UserErrors (a code and its parameters, worded at render by
 * client/i18n/ErrorMessage.tsx, so they follow a change of language).
 */
import type { TadaDocumentNode } from 'gql.tada';
import type { Client, CombinedError } from '@urql/core';
import { fromGraphQLError, NETWORK, type ErrorParams, type UserError } from './user-error.ts';

/**
 * The server refused: its code and parameters (shown through the catalogs, in the language of the
 * moment); `message` is the server's own wording, for logs.
 */
export class ApiError extends Error implements UserError {
  readonly code: string;
  readonly params: ErrorParams;
  constructor(error: { message: string; extensions?: Readonly<Record<string, unknown>> }) {
    super(error.message);
    const { code, params } = fromGraphQLError(error);
    this.code = code;
    this.params = params;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error implements UserError {
  readonly code = NETWORK;
  readonly params: ErrorParams = {};
}

/** urql's error as what the person is shown: the server's first refusal, else no network. */
export function toRequestError(error: CombinedError): ApiError | NetworkError {
  const refusal = error.graphQLErrors[0];
  if (refusal) return new ApiError(refusal);
  return new NetworkError(error.networkError?.message ?? error.message);
}

let client: Promise<Client> | null = null;

function urql(): Promise<Client> {
  client ??= import('@urql/core').then(
    ({ Client, fetchExchange }) =>
      new Client({
        url: '/graphql',
        // No cache: every answer (`me`, a join ticket) must be the server's current one.
        exchanges: [fetchExchange],
        // POST always: the API refuses state-changing GETs, and cookies ride same-origin.
        preferGetMethod: false,
        fetchOptions: { credentials: 'same-origin' },
      }),
    (e: unknown) => {
      client = null; // offline before the chunk was cached: try again next time
      throw new NetworkError(String(e));
    },
  );
  return client;
}

type Args<Variables> = [Variables] extends [Readonly<Record<string, never>>] ? [] : [variables: NoInfer<Variables>];

/** Sends one operation; a refusal throws ApiError, no answer NetworkError. */
export async function request<Result, Variables>(document: TadaDocumentNode<Result, Variables>, ...args: Args<Variables>): Promise<Result> {
  const variables = (args[0] ?? {}) as Variables & object;
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  const urqlClient = await urql();
  const result = await (operation?.operation === 'mutation'
    ? urqlClient.mutation(document, variables)
    : urqlClient.query(document, variables)
  ).toPromise();
  if (result.error) throw toRequestError(result.error);
  if (!result.data) throw new NetworkError('no data');
  return result.data;
}
