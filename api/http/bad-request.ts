import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';
import { translate } from '../i18n/messages.ts';
import { earlyLang, type EarlyContext } from './early-lang.ts';

/**
 * A query that does not parse or validate is the client's mistake: answer 400 whatever the Accept
 * header (Yoga keeps 200 for `application/json` clients, as the older GraphQL-over-HTTP spec allowed),
 * with the parser's detail inside a message in the user's language.
 */
function asBadRequest(error: GraphQLError, ctx: EarlyContext): GraphQLError {
  const detail = error.message.replace(/\.$/, '');
  return createGraphQLError(translate(earlyLang(ctx), 'errors.BAD_REQUEST', { detail }), {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

/**
 * Clients send one sync operation per request; a document with dozens of aliased root fields is
 * a way to make one request cost dozens of table scans.
 */
export const MAX_ROOT_FIELDS = 5;

function rootFieldLimit(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.selectionSet.selections.length > MAX_ROOT_FIELDS)
        context.reportError(createGraphQLError(`at most ${MAX_ROOT_FIELDS} root fields per operation`, { nodes: [node] }));
    },
  };
}

/** Refusals of the request's text that must be 400 for every client (see onResultProcess). */
const CLIENT_MISTAKES = new Set(['BAD_REQUEST', 'QUERY_TOO_COMPLEX']);

export const badRequestPlugin: Plugin<EarlyContext> = {
  onParse({ context }) {
    return ({ result, replaceParseResult }) => {
      if (result instanceof Error) replaceParseResult(asBadRequest(result as GraphQLError, context));
    };
  },
  onValidate({ context, addValidationRule }) {
    addValidationRule(rootFieldLimit);
    return ({ valid, result, setResult }) => {
      // Errors with a code are already worded for the person (the cost limit's); the rest are GraphQL's.
      if (!valid) setResult(result.map((e) => (e.extensions?.code ? e : asBadRequest(e, context))));
    };
  },
  onResultProcess({ result }) {
    // Yoga marks parse and validation errors `spec: true`, which makes it answer 200 to
    // `application/json` clients; ours are meant to be 400 for every client.
    const errors = Array.isArray(result) ? [] : ((result as { errors?: readonly GraphQLError[] }).errors ?? []);
    for (const error of errors) {
      const http = error.extensions?.http as { spec?: boolean } | undefined;
      if (CLIENT_MISTAKES.has(String(error.extensions?.code)) && http) delete http.spec;
    }
  },
};
