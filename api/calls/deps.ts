import type { IceSettings } from './ice-servers.ts';
import type { Sfu } from './sfu.ts';

/** What the calls domain needs from the process: the SFU, the mesh size and the ICE servers. */
export interface CallsDeps {
  sfu: Sfu;
  /** Most participants a mesh (PeerJS) call holds; one more moves it to the SFU. */
  meshMax: number;
  /** Fixed STUN/TURN servers, and a TURN server that gets per-person time-limited credentials. */
  ice: IceSettings;
}

export const DEFAULT_MESH_MAX = 4;

declare module '../http/context.ts' {
  interface AppDeps {
    calls: CallsDeps;
  }
}
