/**
 * The ICE servers (STUN/TURN) browsers are given for a call: fixed ones from PARTA_ICE_SERVERS and,
 * when a TURN server shares a secret with us (coturn `use-auth-secret`), per-person credentials
 * that expire — the «TURN REST API» scheme: username `<expiry unix time>:<user id>`, password
 * base64(HMAC-SHA1(secret, username)). coturn checks them without asking us; a leaked pair stops
 * working at its expiry.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../sync/index.ts';

export type { IceServer } from '../../sync/index.ts';

export interface TurnSettings {
  urls: string[];
  secret: string;
  /** How long issued credentials stay valid. */
  ttlSeconds: number;
}

export interface IceSettings {
  iceServers: IceServer[];
  turn: TurnSettings | undefined;
}

/** Long enough for a lesson plus reconnections; a new ticket (every join) gets fresh credentials. */
export const TURN_TTL_SECONDS = 12 * 3600;

const ICE_URL = /^(stun|stuns|turn|turns):\S+$/;

/** PARTA_ICE_SERVERS: a JSON array of RTCIceServer objects (`urls` a string or an array). */
export function parseIceServers(json: string | undefined): IceServer[] {
  if (!json?.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`PARTA_ICE_SERVERS is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!Array.isArray(value)) throw new Error('PARTA_ICE_SERVERS must be a JSON array of {urls, username?, credential?}');
  return value.map((entry: unknown, i) => {
    const e = (entry ?? {}) as { urls?: unknown; username?: unknown; credential?: unknown };
    const urls = typeof e.urls === 'string' ? [e.urls] : e.urls;
    if (!Array.isArray(urls) || !urls.length || !urls.every((u): u is string => typeof u === 'string' && ICE_URL.test(u))) {
      throw new Error(`PARTA_ICE_SERVERS[${i}].urls must be stun:/turn: URLs`);
    }
    const server: IceServer = { urls };
    if (typeof e.username === 'string') server.username = e.username;
    if (typeof e.credential === 'string') server.credential = e.credential;
    return server;
  });
}

/** PARTA_TURN_URLS (comma-separated) + PARTA_TURN_SECRET; both or neither. */
export function parseTurn(urls: string | undefined, secret: string | undefined, ttlSeconds = TURN_TTL_SECONDS): TurnSettings | undefined {
  const list = (urls ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (!list.length && !secret) return undefined;
  if (!list.length || !secret) throw new Error('PARTA_TURN_URLS and PARTA_TURN_SECRET go together');
  const bad = list.find((u) => !/^turns?:\S+$/.test(u));
  if (bad) throw new Error(`PARTA_TURN_URLS: ${bad} is not a turn: or turns: URL`);
  return { urls: list, secret, ttlSeconds };
}

/** Time-limited TURN credentials for one person (coturn `use-auth-secret`). */
export function turnCredentials(turn: TurnSettings, userId: string, nowMs = Date.now()): IceServer {
  const username = `${Math.floor(nowMs / 1000) + turn.ttlSeconds}:${userId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { urls: turn.urls, username, credential };
}

/** What a call ticket carries: the configured servers, then TURN with fresh credentials. */
export function iceServersFor(settings: IceSettings, userId: string, nowMs = Date.now()): IceServer[] {
  return [...settings.iceServers, ...(settings.turn ? [turnCredentials(settings.turn, userId, nowMs)] : [])];
}
