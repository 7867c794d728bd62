import type { CallTicket, CallTransport, IceServer } from '../../sync/index.ts';
import type { SfuRoom } from './sfu.ts';

/** Where the PeerJS client connects (`new Peer(id, { path, key, token })`): the API's own origin. */
export const PEER_PATH = '/peerjs/';
export const PEER_KEY = 'parta';
/** The PeerJS client opens its WebSocket at `<path>peerjs?key=…&id=…&token=…`. */
export const PEER_SOCKET_PATH = `${PEER_PATH}peerjs`;
/** The WebSocket proxy to Janus on the API's origin. */
export const SFU_PATH = '/sfu';

export function callTicket(
  call: { id: string; transport: CallTransport },
  participant: { id: string; token: string },
  room: SfuRoom | null,
  iceServers: IceServer[],
): CallTicket {
  return {
    callId: call.id,
    transport: call.transport,
    participantId: participant.id,
    iceServers,
    peer: call.transport === 'mesh' ? { path: PEER_PATH, key: PEER_KEY, token: participant.token } : null,
    // The relay speaks for one presence: it is named in the path (checked against the session).
    sfu: call.transport === 'sfu' && room ? { path: `${SFU_PATH}?p=${participant.id}`, room: room.room, token: participant.token } : null,
  };
}
