/**
 * The callRoom subscription over graphql-ws on the API's own /graphql socket. It reconnects by
 * itself (forever, with backoff); the server sends the whole room again on every (re)subscribe,
 * so nothing is lost while the socket was down. Not after the server closed it because the session
 * ended (graphql-ws treats that close as fatal): the call ends, and the app signs out.
 */
import { createClient, type Client } from 'graphql-ws';
import i18next from 'i18next';
import { isSessionEndedClose } from '../../sync/index.ts';
import { guardedWebSocket } from '../shared/open-socket-only.ts';
import { callDeviceId } from './device-id.ts';
import type { CallRoom } from './types.ts';

const ROOM = `subscription CallRoom($callId: ID!, $device: ID) { callRoom(callId: $callId, device: $device) {
  callId transport ended command
  participants { participantId userId name isAdmin audio video screen handRaised }
  chat { id authorId name text at } } }`;

export interface RoomFeedEvents {
  onRoom(room: CallRoom): void;
  /** The socket is (re)connected and subscribed, or it dropped. */
  onConnected(connected: boolean): void;
  /** The server refused the subscription (not a participant any more, call gone). */
  onRefused(message: string): void;
}

function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

export function openRoomFeed(callId: string, events: RoomFeedEvents): () => void {
  const client: Client = createClient({
    url: socketUrl(),
    // A pong or a «complete» may race the server closing the room at the call's end.
    webSocketImpl: guardedWebSocket(),
    retryAttempts: Number.MAX_SAFE_INTEGER,
    shouldRetry: () => true,
    retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(5_000, 500 * 2 ** retries) * (0.5 + Math.random()))),
    keepAlive: 10_000,
    on: {
      connected: () => events.onConnected(true),
      closed: () => events.onConnected(false),
    },
  });
  let stopped = false;
  const unsubscribe = client.subscribe<{ callRoom: CallRoom }>(
    { query: ROOM, variables: { callId, device: callDeviceId() } },
    {
      next: (result) => {
        if (result.errors?.length) events.onRefused(result.errors[0]!.message);
        else if (result.data) events.onRoom(result.data.callRoom);
      },
      error: (e) => {
        if (stopped) return;
        if (isSessionEndedClose(e)) return events.onRefused(i18next.t('errors.UNAUTHENTICATED'));
        const message = Array.isArray(e) ? String((e[0] as { message?: string } | undefined)?.message ?? e) : e instanceof Error ? e.message : String(e);
        events.onRefused(message);
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
