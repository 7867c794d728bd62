/**
 * What one request may ask of the server, and why each figure is what it is. Together they bound a
 * request's memory: its body (≤ 8 MiB, parsed once; 64 KiB without a session), the rows its
 * resolvers read (a pull is costed as the page of whole documents it reads, so the cost limit lets
 * at most three pulls of PULL_BATCH_MAX rows into one request) and its answer, measured before it
 * is serialised (≤ 16 MiB).
 * api/http/request-limits.db.test.ts checks both sides of each.
 */
import { PULL_BATCH_MAX } from '../../sync/index.ts';

export interface QueryLimits {
  /** Characters of query text: parsing is done before anything else can be checked. */
  queryLength: number;
  depth: number;
  aliases: number;
  /** Field selections, every fragment expanded where it is spread. */
  fields: number;
  /** Values the answer may hold (api/http/cost-limit.ts). */
  cost: number;
  /** Elements of any one list in the variables. */
  listItems: number;
}
export type QueryLimit = keyof QueryLimits;

/** A list of synced documents (a pull page, a push's conflicts and refusals) holds at most one pull page. */
export const DOCUMENT_LIST_SIZE = PULL_BATCH_MAX;
/** Any other list (roles, call participants, ICE servers) is costed as this long. */
export const SHORT_LIST_SIZE = 50;

/**
 * Measured on what devices send (sync/replication-queries.ts, client/calls/api.ts, accounts):
 * queries under 1 KB, depth 3, no aliases, at most 22 fields, cost at most 9 004 (a pull of calls,
 * whose `limit` is a variable and so costed at PULL_BATCH_MAX). Introspection, when switched on,
 * sends the standard query: 2 KB, depth 15, 220 fields.
 */
export const QUERY_LIMITS: QueryLimits = {
  queryLength: 16 * 1024,
  depth: 20,
  aliases: 10,
  fields: 300,
  /** Twice the costliest real operation: two full pull pages of it pass, a third does not. */
  cost: 20_000,
  /** A push of PULL_BATCH_MAX (500) rows; devices push PUSH_BATCH_SIZE (50) at a time. */
  listItems: PULL_BATCH_MAX,
};

/**
 * POST /graphql with a session. Sized for a push of 500 documents (10 device batches; the sync
 * engine itself takes at most 4 × PUSH_BATCH_SIZE rows): 500 chat messages of MESSAGE_TEXT_MAX
 * Cyrillic characters are 4.1 MiB (6.1 MiB in a script of three UTF-8 bytes a character); 500 chats
 * of the longest title and description with their assumed states 2.3 MiB; 500 marks 1.2 MiB.
 */
export const GRAPHQL_BODY_MAX_BYTES = 8 * 2 ** 20;

/**
 * POST /graphql without a session: all it can do is sign in (under 1 KB) or ask who is signed in;
 * the standard introspection query is 2 KB.
 */
export const PUBLIC_BODY_MAX_BYTES = 64 * 1024;

/**
 * The largest real answer is a device's pull page (PULL_BATCH_MAX, 500) of chat messages of
 * MESSAGE_TEXT_MAX UTF-16 units: 4.1 MiB in Cyrillic, 6.0 MiB in a three-byte script (the most a
 * unit can take in JSON: the control characters JSON escapes as \u00XX are refused in stored text,
 * sync/text.ts). The ceiling stays above it (a test builds that page), or anyone could make a chat
 * unsyncable by filling it with such messages — and no higher: an answer near the ceiling is tens
 * of milliseconds of the server's time, which one person must not be able to ask for in a loop.
 */
export const RESPONSE_MAX_BYTES = 8 * 2 ** 20;

/**
 * One WebSocket message. On /graphql a device sends a subscription (its query text is capped at
 * queryLength); PeerJS relays SDP offers and ICE candidates of a few KB.
 */
export const WS_MESSAGE_MAX_BYTES = 64 * 1024;
