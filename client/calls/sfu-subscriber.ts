/**
 * The receiving half of the SFU engine: one multistream subscriber handle in the Janus session
 * that takes every other publisher's audio (and video unless audio-only), one subscribe or
 * unsubscribe at a time, and hands the tracks out per participant. A weak receiver asks Janus for
 * the lowest simulcast layer. sfu-engine.ts owns the session and the publisher and tells this
 * half when the room's publishers change.
 */
import type Janus from 'janus-gateway';
import type { JanusJS } from 'janus-gateway';
import { diffStreams, substreamFor, wantedStreams, type Publisher, type StreamRef } from './sfu-plan.ts';

export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

interface SubscribedStream {
  mid: string;
  feed_id: number;
  feed_display?: string;
  type: string;
  active?: boolean;
}

/** What the subscriber reads from the engine each time it decides. */
export interface SubscriberView {
  janus: Janus | null;
  publishers: readonly Publisher[];
  myFeed: number | null;
  /** The publisher's private id: the API's rooms require it from this device's subscriber (require_pvtid). */
  privateId: number | null;
  audioOnly: boolean;
  weak: boolean;
  closed: boolean;
}

export interface SubscriberHost {
  room: number;
  token: string;
  view(): SubscriberView;
  lost(reason: string): void;
  /** The subscriber's ICE state changed: the engine reports its own state again. */
  report(): void;
  onRemote(participantId: string, stream: MediaStream | null): void;
}

export interface SfuSubscriber {
  /** Brings the held streams one step closer to the wanted ones (call after every room change). */
  update(): void;
  /** Asks Janus for the layer the receiver's weakness calls for. */
  applySubstream(): void;
  /** Forgets the media of participants who no longer publish. */
  dropGone(publishers: readonly Publisher[]): void;
  /** Its ICE state, or 'connected' while it holds nothing (nothing to wait for). */
  iceState(): string;
  connection(): RTCPeerConnection | undefined;
  /** The participant a subscribed mid carries. */
  participantOf(mid: string): string | undefined;
  detach(): void;
}

export function createSfuSubscriber(host: SubscriberHost): SfuSubscriber {
  const { room, token } = host;
  let handle: JanusJS.PluginHandle | null = null;
  let joined = false;
  let updating = false;
  let held: StreamRef[] = [];
  let ice = 'new';
  /** Subscriber mid → participant id and kind, from Janus's `attached` / `updated` events. */
  const mids = new Map<string, { participant: string; type: string }>();
  const remote = new Map<string, MediaStreamTrack[]>();

  const emitRemote = (participant: string): void => {
    const list = remote.get(participant) ?? [];
    host.onRemote(participant, list.length ? new MediaStream(list) : null);
  };

  const rememberStreams = (streams: SubscribedStream[] | undefined): void => {
    if (!streams) return;
    for (const s of streams) {
      if (s.active === false || !s.feed_display) mids.delete(s.mid);
      else mids.set(s.mid, { participant: s.feed_display, type: s.type });
    }
  };

  /** Sends one subscribe/unsubscribe at a time: each one renegotiates the subscriber connection. */
  const update = (): void => {
    const v = host.view();
    if (v.closed || updating || !v.janus || v.privateId === null) return;
    const wanted = wantedStreams(v.publishers, v.myFeed, v.audioOnly);
    if (!handle) {
      if (wanted.length === 0) return;
      updating = true;
      held = wanted;
      attach(v.janus, wanted, v.privateId);
      return;
    }
    if (!joined) return;
    const { subscribe, unsubscribe } = diffStreams(held, wanted);
    const request = unsubscribe.length ? { request: 'unsubscribe', streams: unsubscribe } : subscribe.length ? { request: 'subscribe', streams: subscribe } : null;
    if (!request) return;
    updating = true;
    held = unsubscribe.length ? held.filter((h) => !unsubscribe.some((u) => u.feed === h.feed && u.mid === h.mid)) : [...held, ...subscribe];
    handle.send({ message: request, error: () => ((updating = false), update()) });
  };

  const answer = (jsep: JanusJS.JSEP): void => {
    handle?.createAnswer({
      jsep,
      // Receive only: nothing of this device goes out on the subscriber connection.
      tracks: [{ type: 'data', capture: false }],
      success: (answerJsep) => handle?.send({ message: { request: 'start', room }, jsep: answerJsep }),
      error: () => host.lost('answer'),
    });
  };

  const applySubstream = (): void => {
    if (!handle || !joined) return;
    const substream = substreamFor(host.view().weak);
    const videoMids = [...mids].filter(([, m]) => m.type === 'video').map(([mid]) => ({ mid, substream }));
    if (videoMids.length) handle.send({ message: { request: 'configure', streams: videoMids } });
  };

  const attach = (janus: Janus, streams: StreamRef[], privateId: number): void => {
    janus.attach({
      plugin: VIDEOROOM_PLUGIN,
      success: (h) => {
        handle = h;
        h.send({ message: { request: 'join', room, ptype: 'subscriber', streams, token, private_id: privateId } });
      },
      error: () => host.lost('attach subscriber'),
      iceState: (state) => {
        ice = state;
        if (state === 'failed') host.lost('subscriber ice');
        host.report();
      },
      onmessage: (msg, jsep) => {
        const kind = msg.videoroom as string | undefined;
        if (kind === 'attached' || kind === 'updated') {
          joined = true;
          rememberStreams(msg.streams as SubscribedStream[] | undefined);
        }
        // Refused before it ever joined: start over (a fresh ticket) rather than stay deaf.
        if (msg.error && !joined) return host.lost(`subscriber: ${String(msg.error)}`);
        if (jsep) answer(jsep);
        if (kind === 'attached' || kind === 'updated' || msg.error) {
          updating = false;
          if (host.view().weak) applySubstream();
          update();
        }
      },
      onremotetrack: (track, mid, on) => {
        const who = mids.get(mid);
        if (!who) return;
        const list = (remote.get(who.participant) ?? []).filter((t) => t.id !== track.id && !(on && t.kind === track.kind));
        if (on) list.push(track);
        remote.set(who.participant, list);
        emitRemote(who.participant);
      },
      oncleanup: () => {
        joined = false;
      },
    });
  };

  return {
    update,
    applySubstream,
    dropGone(publishers) {
      for (const participant of [...remote.keys()]) {
        if (!publishers.some((p) => p.display === participant)) {
          remote.delete(participant);
          host.onRemote(participant, null);
        }
      }
    },
    iceState: () => (held.length ? ice : 'connected'),
    connection: () => handle?.webrtcStuff?.pc,
    participantOf: (mid) => mids.get(mid)?.participant,
    detach() {
      handle?.detach({ noRequest: false });
    },
  };
}
