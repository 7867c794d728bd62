/**
 * The callRoom subscription over graphql-ws on the API's own /graphql socket. It reconnects by
 * itself (forever, with backoff); the server sends the whole room again on every (re)subscribe,
 * so nothing is lost while the socket was down. Not after the server closed it because the session
 * ended (graphql-ws treats that close as fatal): the call ends, and the app signs out.
 */
import { stringifyDocument } from '@urql/core';
import { createClient, type Client } from 'graphql-ws';
import { isSessionEndedClose } from '../../sync/index.ts';
import { backoffWait, type Backoff } from '../../sync/backoff.ts';
import { graphql, type ResultOf, type VariablesOf } from '../shared/graphql.ts';
import { pageSocketUrl } from '../shared/socket-url.ts';
import { guardedWebSocket } from '../shared/open-socket-only.ts';
import { fromGraphQLError, userError, type UserError } from '../shared/user-error.ts';
import { callDeviceId } from './device-id.ts';
import type { CallRoom } from './types.ts';

/** Typed against the schema like every other operation (client/shared/graphql.ts); sent as text over graphql-ws. */
const ROOM = graphql(`
  subscription CallRoom($callId: ID!, $device: ID) {
    callRoom(callId: $callId, device: $device) {
      callId transport ended command
      participants { participantId userId name isAdmin audio video screen handRaised }
      chat { id authorId name text at }
    }
  }
`);
const ROOM_TEXT = stringifyDocument(ROOM);

/** The schema's CallRoom is the contract's (sync/call-protocol.ts): this fails to compile if they part. */
const asRoom = (room: ResultOf<typeof ROOM>['callRoom']): CallRoom => room;

/** Half a second doubling to five: a room is worth getting back sooner than the diary's stream. */
const ROOM_RECONNECT: Backoff = { baseMs: 500, maxMs: 5_000 };

export interface RoomFeedEvents {
  onRoom(room: CallRoom): void;
  /** The socket is (re)connected and subscribed, or it dropped. */
  onConnected(connected: boolean): void;
  /** The server refused the subscription (not a participant any more, call gone). */
  onRefused(error: UserError): void;
}

export function openRoomFeed(callId: string, events: RoomFeedEvents): () => void {
  const client: Client = createClient({
    url: pageSocketUrl('/graphql'),
    // A pong or a «complete» may race the server closing the room at the call's end.
    webSocketImpl: guardedWebSocket(),
    retryAttempts: Number.MAX_SAFE_INTEGER,
    shouldRetry: () => true,
    retryWait: (retries) => backoffWait(retries, ROOM_RECONNECT),
    keepAlive: 10_000,
    on: {
      connected: () => events.onConnected(true),
      closed: () => events.onConnected(false),
    },
  });
  let stopped = false;
  const variables: VariablesOf<typeof ROOM> = { callId, device: callDeviceId() };
  const unsubscribe = client.subscribe<ResultOf<typeof ROOM>>(
    { query: ROOM_TEXT, variables },
    {
      next: (result) => {
        if (result.errors?.length) events.onRefused(fromGraphQLError(result.errors[0]));
        else if (result.data) events.onRoom(asRoom(result.data.callRoom));
      },
      error: (e) => {
        if (stopped) return;
        // The session ended (signed out elsewhere, expired): the server closed the socket for good.
        if (isSessionEndedClose(e)) return events.onRefused(userError('UNAUTHENTICATED'));
        // GraphQL errors carry the server's code; a socket that failed for good has none.
        events.onRefused(fromGraphQLError(Array.isArray(e) ? e[0] : undefined));
      },
      complete: () => undefined,
    },
  );
  return () => {
    stopped = true;
    unsubscribe();
    void client.dispose();
  };
}
