import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';
import { translate, type Lang } from '../i18n/messages.ts';
import { earlyLang, type EarlyContext } from './early-lang.ts';

/**
 * Our errors → the parser's or validator's own. Yoga caches parse and validation results after our
 * hooks ran, so a repeated query brings back an error that is already ours: wrapping that again
 * doubled the prefix («Некорректный запрос: Некорректный запрос: …»), and a cached error kept the
 * language of whoever sent the query first. Every wrap starts from the original instead.
 */
const originals = new WeakMap<GraphQLError, GraphQLError>();

/**
 * A query that does not parse or validate is the client's mistake: answer 400 whatever the Accept
 * header (Yoga keeps 200 for `application/json` clients, as the older GraphQL-over-HTTP spec allowed),
 * with the parser's detail inside a message in the user's language.
 */
function asBadRequest(error: GraphQLError, lang: Lang): GraphQLError {
  const original = originals.get(error) ?? error;
  const detail = original.message.replace(/\.$/, '');
  const wrapped = createGraphQLError(translate(lang, 'errors.BAD_REQUEST', { detail }), {
    ...(original.nodes ? { nodes: original.nodes } : {}),
    ...(original.source ? { source: original.source } : {}),
    ...(original.positions ? { positions: original.positions } : {}),
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
  originals.set(wrapped, original);
  return wrapped;
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
      if (result instanceof Error) replaceParseResult(asBadRequest(result as GraphQLError, earlyLang(context)));
    };
  },
  onValidate({ context, addValidationRule }) {
    addValidationRule(rootFieldLimit);
    return ({ valid, result, setResult }) => {
      // Errors with a code of their own are already worded (the cost limit's); ours from the cache and GraphQL's are (re)worded.
      if (!valid) setResult(result.map((e) => (e.extensions?.code && !originals.has(e) ? e : asBadRequest(e, earlyLang(context)))));
    };
  },
  onResultProcess({ request, result, setResult }) {
    // Yoga marks parse and validation errors `spec: true`, which makes it answer 200 to
    // `application/json` clients; ours are meant to be 400 for every client.
    const errors = Array.isArray(result) ? [] : ((result as { errors?: readonly GraphQLError[] }).errors ?? []);
    for (const error of errors) {
      const http = error.extensions?.http as { spec?: boolean } | undefined;
      if (CLIENT_MISTAKES.has(String(error.extensions?.code)) && http) delete http.spec;
    }
    // A parse error Yoga's cache throws again never passes our onParse hook: word it for this request.
    if (errors.some((e) => originals.has(e))) {
      const lang = earlyLang({ request });
      setResult({ ...result, errors: errors.map((e) => (originals.has(e) ? asBadRequest(e, lang) : e)) });
    }
  },
};
