/**
 * The one place that decides what happens to a message sent on a WebSocket that is no longer open.
 *
 * A call ends from the server's side: it closes the SFU relay, the room stream and PeerJS while the
 * engines may still be saying goodbye (a Janus detach or hangup, a keep-alive, a late ICE candidate,
 * a graphql-ws pong). Nothing said on a closing socket can reach anyone, and Chromium reports each
 * such `send()` as a console error, so messages for a socket that is not OPEN are dropped here, by
 * design. Libraries that take a WebSocket class (janus.js through its dependencies, graphql-ws
 * through `webSocketImpl`) are given this one; PeerJS checks `readyState` itself.
 */
// A mixin's constructor must take `any[]` (TypeScript's rule for class expressions extending a parameter).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function openSocketOnly<T extends new (...args: any[]) => WebSocketLike>(Base: T): T {
  return class extends Base {
    override send(...args: Parameters<WebSocketLike['send']>): void {
      // 1 is OPEN in every WebSocket implementation; CONNECTING (0) is left to the library's own
      // error, since a send before `open` is a bug in the caller, not the end of a call.
      if (this.readyState === 1 || this.readyState === 0) super.send(...args);
    }
  };
}

interface WebSocketLike {
  readonly readyState: number;
  send(data: never): void;
}

let browserClass: typeof WebSocket | null = null;

/** The browser's WebSocket, guarded: sends on a closing or closed socket are dropped. */
export function guardedWebSocket(): typeof WebSocket {
  return (browserClass ??= openSocketOnly(WebSocket));
}
