import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { openSocketOnly } from './open-socket-only.ts';

/** A real socket pair (the `ws` package stands in for the browser's WebSocket, which Node 20 lacks). */
async function serverReceiving(): Promise<{ url: string; received: string[]; close(): void }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const received: string[] = [];
  wss.on('connection', (socket) => socket.on('message', (data) => received.push(String(data))));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, received, close: () => wss.close() };
}

describe('openSocketOnly', () => {
  afterEach(() => vi.restoreAllMocks());

  it('delivers on an open socket and drops, without reaching the socket, what is sent while closing or closed', async () => {
    const server = await serverReceiving();
    const Guarded = openSocketOnly(WebSocket);
    const sends = vi.spyOn(WebSocket.prototype, 'send');
    const socket = new Guarded(server.url);
    await once(socket, 'open');
    socket.send('hello');
    await vi.waitFor(() => expect(server.received).toEqual(['hello']));
    expect(sends).toHaveBeenCalledTimes(1);

    socket.close();
    expect(socket.readyState).toBe(WebSocket.CLOSING);
    socket.send('detach while closing');
    await once(socket, 'close');
    socket.send('keep-alive after close');
    // The browser would log «WebSocket is already in CLOSING or CLOSED state» for each of these.
    expect(sends).toHaveBeenCalledTimes(1);
    expect(server.received).toEqual(['hello']);
    server.close();
  });

  it('leaves a plain socket as it was: the unguarded class does reach send() while closing (the race the guard closes)', async () => {
    const server = await serverReceiving();
    const sends = vi.spyOn(WebSocket.prototype, 'send');
    const socket = new WebSocket(server.url);
    await once(socket, 'open');
    socket.close();
    socket.send('detach while closing', () => undefined);
    expect(sends).toHaveBeenCalledTimes(1);
    await once(socket, 'close');
    server.close();
  });

  it('keeps the class statics graphql-ws reads (OPEN, CLOSED)', () => {
    const Guarded = openSocketOnly(WebSocket);
    expect(Guarded.OPEN).toBe(1);
    expect(Guarded.CLOSED).toBe(3);
  });
});
