/**
 * What a browser may ask Janus through the `/sfu` relay: the Janus API calls a VideoRoom participant
 * needs, and VideoRoom requests that join, publish, subscribe and leave — in its own call's room
 * only, as its own presence. Without this, any seat in any SFU call would be raw Janus access: join
 * another room, appear under someone else's participant id (and dodge a kick), or list rooms.
 */
import type { SfuSeat } from '../sfu.ts';

const JANUS_CALLS = new Set(['create', 'attach', 'message', 'trickle', 'keepalive', 'detach', 'hangup', 'destroy', 'claim']);
const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';
const VIDEOROOM_REQUESTS = new Set(['join', 'configure', 'publish', 'unpublish', 'start', 'pause', 'switch', 'update', 'subscribe', 'unsubscribe', 'leave']);

export type Vetted = { forward: string } | { refused: string };

export function vetJanusRequest(text: string, seat: SfuSeat): Vetted {
  let msg: { janus?: unknown; transaction?: unknown; plugin?: unknown; body?: Record<string, unknown> };
  try {
    msg = JSON.parse(text) as typeof msg;
  } catch {
    return refuse(undefined, 'not JSON');
  }
  if (typeof msg !== 'object' || msg === null || typeof msg.janus !== 'string' || !JANUS_CALLS.has(msg.janus)) return refuse(msg?.transaction, 'request not allowed');
  if (msg.janus === 'attach' && msg.plugin !== VIDEOROOM_PLUGIN) return refuse(msg.transaction, 'plugin not allowed');
  if (msg.janus === 'message') {
    const body = msg.body;
    if (typeof body !== 'object' || body === null || typeof body.request !== 'string' || !VIDEOROOM_REQUESTS.has(body.request)) {
      return refuse(msg.transaction, 'request not allowed');
    }
    // Only the seat's room, whatever the page asked for.
    if (body.request === 'join' || 'room' in body) body.room = seat.room;
    // As this presence: the display is how the API (kick) and the others (tiles) know who it is.
    if (body.request === 'join') body.token = seat.token;
    if (body.request === 'join' && body.ptype === 'publisher') body.display = seat.participantId;
    else if ('display' in body) body.display = seat.participantId;
  }
  return { forward: JSON.stringify(msg) };
}

function refuse(transaction: unknown, reason: string): Vetted {
  return { refused: JSON.stringify({ janus: 'error', ...(typeof transaction === 'string' ? { transaction } : {}), error: { code: 403, reason } }) };
}
