import type { Sfu } from './sfu.ts';

/** A STUN/TURN server as browsers' RTCPeerConnection takes it. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** What the calls domain needs from the process: the SFU, the mesh size and the ICE servers. */
export interface CallsDeps {
  sfu: Sfu;
  /** Most participants a mesh (PeerJS) call holds; one more moves it to the SFU. */
  meshMax: number;
  iceServers: IceServer[];
}

export const DEFAULT_MESH_MAX = 4;
