/**
 * A small call as a PeerJS mesh: every pair of participants has one peer connection, signalled
 * through the PeerJS server on the API's own origin (/peerjs), with the peer id, key and token
 * from this device's ticket. Lost connections are called again; a lost signalling socket is
 * reconnected; the room (callRoom) says who is in the call.
 */
import Peer, { type MediaConnection } from 'peerjs';
import { log, noted } from '../shared/log.ts';
import { pageSocketEndpoint } from '../shared/socket-url.ts';
import type { EngineState } from './call-status.ts';
import type { CallEngine, EngineEvents, EngineSample, LocalTracks } from './engine.ts';
import { placeholderTracks } from './local-media.ts';
import { planMesh, retryDelay } from './mesh-plan.ts';
import { emptySample, readStats } from './quality.ts';
import { toRtcIceServers, type CallTicket } from './types.ts';

interface Link {
  conn: MediaConnection;
  ice: RTCIceConnectionState | 'new';
}

const logger = log('calls');
const PEER_UNAVAILABLE = /Could not connect to peer (.+)$/;
/** A connection not up by then is given up and dialled again (an offer lost on the way, ICE stuck). */
const SETUP_TIMEOUT_MS = 12_000;

export function createMeshEngine(ticket: CallTicket, events: EngineEvents): CallEngine {
  if (!ticket.peer) throw new Error('mesh ticket without a PeerJS server');
  const me = ticket.participantId;
  const path = ticket.peer.path.endsWith('/') ? ticket.peer.path : `${ticket.peer.path}/`;
  const placeholders = placeholderTracks();
  const links = new Map<string, Link>();
  const failures = new Map<string, number>();
  /** Participants whose retry delay is running, with its timer. */
  const waiting = new Map<string, ReturnType<typeof setTimeout>>();
  let roster: string[] = [];
  let tracks: LocalTracks = { audio: null, video: null };
  let audioOnly = false;
  let weak = false;
  let signalling: 'open' | 'down' | 'connecting' = 'connecting';
  let closed = false;
  let lastState: EngineState | null = null;

  const peer = new Peer(me, {
    ...pageSocketEndpoint(),
    path,
    key: ticket.peer.key,
    token: ticket.peer.token,
    config: { iceServers: toRtcIceServers(ticket.iceServers) },
    debug: 0,
  });

  const report = (): void => {
    const others = roster.filter((id) => id !== me);
    const states = others.map((id) => links.get(id)?.ice ?? 'new');
    const state: EngineState =
      signalling === 'down' || states.some((s) => s === 'disconnected' || s === 'failed')
        ? 'reconnecting'
        : states.every((s) => s === 'connected' || s === 'completed')
          ? 'connected'
          : 'connecting';
    if (state !== lastState) events.onState((lastState = state));
  };

  /** Puts the real tracks (or nothing) on a connection's senders in place of the placeholders. */
  const applyTracks = async (conn: MediaConnection): Promise<void> => {
    const pc = conn.peerConnection as RTCPeerConnection | undefined;
    if (!pc) return;
    // A sender loses its track (and so its kind) once given null; the receiver's track keeps it.
    for (const { sender, receiver } of pc.getTransceivers()) {
      const next = receiver.track.kind === 'audio' ? tracks.audio : audioOnly ? null : tracks.video;
      if (sender.track !== next) await sender.replaceTrack(next).catch(noted(logger, 'replacing a sent track'));
    }
    // Audio-only: decode no one's video either (PeerJS cannot renegotiate it away).
    for (const { receiver } of pc.getTransceivers()) if (receiver.track.kind === 'video') receiver.track.enabled = !audioOnly;
    await applyWeak(pc);
  };

  const applyWeak = async (pc: RTCPeerConnection): Promise<void> => {
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      const params = sender.getParameters();
      const encoding = params.encodings?.[0];
      if (!encoding) continue;
      // A weak uplink sends a quarter of the pixels at a capped bitrate rather than freezing.
      encoding.maxBitrate = weak ? 150_000 : 800_000;
      encoding.scaleResolutionDownBy = weak ? 2 : 1;
      await sender.setParameters(params).catch(noted(logger, 'setting the sending bitrate'));
    }
  };

  const localStream = (): MediaStream => new MediaStream([placeholders.audio, placeholders.video]);

  const drop = (id: string, conn: MediaConnection): void => {
    if (links.get(id)?.conn !== conn) return;
    links.delete(id);
    events.onRemote(id, null);
    const n = (failures.get(id) ?? 0) + 1;
    failures.set(id, n);
    if (waiting.has(id) || closed) return;
    waiting.set(
      id,
      setTimeout(() => {
        waiting.delete(id);
        sync();
      }, retryDelay(n)),
    );
  };

  const adopt = (id: string, conn: MediaConnection): void => {
    const previous = links.get(id);
    if (previous && previous.conn !== conn) previous.conn.close();
    const link: Link = { conn, ice: 'new' };
    links.set(id, link);
    const watchdog = setTimeout(() => {
      if (link.ice === 'connected' || link.ice === 'completed' || links.get(id) !== link) return;
      conn.close();
      drop(id, conn);
      report();
    }, SETUP_TIMEOUT_MS);
    conn.on('close', () => clearTimeout(watchdog));
    conn.on('stream', (stream) => {
      events.onRemote(id, stream);
      void applyTracks(conn);
    });
    conn.on('iceStateChanged', (state) => {
      link.ice = state;
      if (state === 'connected' || state === 'completed') {
        failures.delete(id);
        void applyTracks(conn);
      }
      // «disconnected» often heals by itself; «failed» and «closed» never do.
      if (state === 'failed' || state === 'closed') {
        conn.close();
        drop(id, conn);
      }
      report();
    });
    conn.on('close', () => {
      drop(id, conn);
      report();
    });
    conn.on('error', () => {
      conn.close();
      drop(id, conn);
    });
    report();
  };

  const sync = (): void => {
    if (closed || signalling !== 'open') return;
    const plan = planMesh(me, roster, new Set(links.keys()), new Set(waiting.keys()));
    for (const id of plan.close) {
      const link = links.get(id);
      links.delete(id);
      link?.conn.close();
      events.onRemote(id, null);
    }
    for (const id of plan.call) {
      const conn = peer.call(id, localStream());
      if (conn) adopt(id, conn);
    }
    report();
  };

  peer.on('open', () => {
    signalling = 'open';
    sync();
  });
  peer.on('call', (conn) => {
    // The server only lets ticket holders of this call in; answer with the placeholders, then put the real tracks on.
    conn.answer(localStream());
    adopt(conn.peer, conn);
    failures.delete(conn.peer);
  });
  peer.on('disconnected', () => {
    if (closed) return;
    signalling = 'down';
    report();
    setTimeout(() => {
      if (!closed && peer.disconnected && !peer.destroyed) {
        signalling = 'connecting';
        peer.reconnect();
      }
    }, 1_000);
  });
  peer.on('error', (error) => {
    const unavailable = PEER_UNAVAILABLE.exec(error.message);
    if (unavailable?.[1]) {
      // They have a ticket but their socket is not open yet (they are still joining): try again soon.
      const id = unavailable[1];
      const link = links.get(id);
      if (link) drop(id, link.conn);
      return;
    }
    if (error.type === 'network' || error.type === 'socket-error' || error.type === 'socket-closed' || error.type === 'server-error') {
      signalling = 'down';
      report();
    }
  });

  return {
    transport: 'mesh',
    async start(initial) {
      tracks = initial;
    },
    setRoster(ids) {
      roster = [...ids];
      sync();
      report();
    },
    async setTrack(kind, track) {
      tracks = { ...tracks, [kind]: track };
      await Promise.all([...links.values()].map((l) => applyTracks(l.conn)));
    },
    async setAudioOnly(on) {
      audioOnly = on;
      await Promise.all([...links.values()].map((l) => applyTracks(l.conn)));
    },
    setWeak(next) {
      if (weak === next) return;
      weak = next;
      for (const l of links.values()) if (l.conn.peerConnection) void applyWeak(l.conn.peerConnection);
    },
    async sample(at) {
      let stats = emptySample(at);
      const levels = new Map<string, number>();
      for (const [id, link] of links) {
        const pc = link.conn.peerConnection as RTCPeerConnection | undefined;
        if (!pc) continue;
        const report = await pc.getStats().catch(noted(logger, 'reading call statistics', 'debug'));
        if (!report) continue;
        stats = readStats(report, stats);
        report.forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio' && typeof s.audioLevel === 'number') levels.set(id, s.audioLevel);
        });
      }
      return { stats, levels } satisfies EngineSample;
    },
    close() {
      closed = true;
      for (const t of waiting.values()) clearTimeout(t);
      for (const l of links.values()) l.conn.close();
      links.clear();
      peer.destroy();
      placeholders.stop();
    },
  };
}
