/**
 * This tab's own id in calls. The server tells a reconnection (same id: the same presence) from the
 * same person joining on another device (another id: they move there, this tab is told so). A
 * reload keeps the id — sessionStorage is per tab — so reloading rejoins rather than moves.
 */
import { log } from '../shared/log.ts';

const KEY = 'parta-call-device';

let fallback: string | null = null;

export function callDeviceId(): string {
  try {
    let id = sessionStorage.getItem(KEY);
    if (!id) {
      id = `d-${crypto.randomUUID()}`;
      sessionStorage.setItem(KEY, id);
    }
    return id;
  } catch (e) {
    // Storage refused (a private mode): one id for this page's life still tells devices apart.
    if (!fallback) log('calls').warn('session storage refused; this tab’s device id lasts until it reloads', e);
    fallback ??= `d-${crypto.randomUUID()}`;
    return fallback;
  }
}
