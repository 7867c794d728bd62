import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { configureLog, type LogSettings } from '../shared/log.ts';
import { createUpgradeTable, refuse } from './upgrades.ts';

let server: Server;
let base: string;
const logged: string[] = [];
let restoreLog: LogSettings;

beforeAll(async () => {
  restoreLog = configureLog({ write: (_level, line) => logged.push(line) });
  const table = createUpgradeTable(false);
  const wss = new WebSocketServer({ noServer: true });
  table.register('/open', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.close(1000, 'hello')));
  table.register('/refused', async (_req, socket) => refuse(socket, 403));
  table.register('/broken', async () => {
    throw new Error('database down');
  });
  expect(() => table.register('/open', () => undefined)).toThrow(/two upgrade handlers/);
  server = createServer((_req, res) => res.end());
  table.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  configureLog(restoreLog);
  await new Promise((resolve) => server.close(resolve));
});

/** How an upgrade ends: the HTTP status it was refused with, 'open', or 'dropped' (no answer). */
function attempt(path: string, origin?: string): Promise<number | 'open' | 'dropped'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base}${path}`, origin ? { origin } : {});
    ws.on('open', () => resolve('open'));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve('dropped'));
  });
}

describe('the upgrade table', () => {
  it('hands a registered path (query string aside) to its handler', async () => {
    expect(await attempt('/open?x=1')).toBe('open');
  });

  it('drops a path nobody registered', async () => {
    expect(await attempt('/elsewhere')).toBe('dropped');
  });

  it('refuses another site’s page before any handler runs', async () => {
    expect(await attempt('/open', 'https://evil.example')).toBe(403);
  });

  it('lets a handler refuse, and answers 503 with a log line when a handler fails', async () => {
    expect(await attempt('/refused')).toBe(403);
    expect(await attempt('/broken')).toBe(503);
    expect(logged.some((line) => line.includes('upgrade check failed') && line.includes('/broken') && line.includes('database down'))).toBe(true);
  });
});
