/**
 * A large call or an online lesson through Janus (VideoRoom), reached over the API's /sfu
 * WebSocket proxy. This device publishes its microphone and camera (video in three simulcast
 * layers) and subscribes, on one multistream subscriber, to every other publisher; a weak
 * receiver asks Janus for the lowest layer, and audio-only mode subscribes to no video at all.
 * The room, its secret and the per-participant tokens are the API's: the browser only joins with
 * display = its participant id and the ticket's token.
 */
import Janus, { type JanusJS } from 'janus-gateway';
import adapter from 'webrtc-adapter';
import { guardedWebSocket } from '../shared/open-socket-only.ts';
import type { EngineState } from './call-status.ts';
import type { CallEngine, EngineEvents, LocalTracks } from './engine.ts';
import { emptySample, readStats } from './quality.ts';
import { applyRoomEvent, diffStreams, substreamFor, wantedStreams, type Publisher, type StreamRef } from './sfu-plan.ts';
import { toRtcIceServers, type CallTicket } from './types.ts';

const PLUGIN = 'janus.plugin.videoroom';

let ready: Promise<void> | null = null;
function initJanus(): Promise<void> {
  // debug: false keeps janus.js silent (its errors would otherwise go to the console). janus.js
  // keeps sending (detach, hangup, trickle, keep-alive) until the socket's `close` event, so a relay
  // the server is closing gets sends while CLOSING: its WebSocket drops those (open-socket-only.ts).
  ready ??= new Promise((resolve) => {
    const Socket = guardedWebSocket();
    const dependencies = { ...Janus.useDefaultDependencies({ adapter }), newWebSocket: (server: string, protocol: string) => new Socket(server, protocol) };
    Janus.init({ debug: false, dependencies, callback: resolve });
  });
  return ready;
}

interface SubscribedStream {
  mid: string;
  feed_id: number;
  feed_display?: string;
  type: string;
  active?: boolean;
}

export interface SfuEngineEvents extends EngineEvents {
  /** The Janus session is gone (socket closed for good, room destroyed): join again. */
  onLost(reason: string): void;
}

export function createSfuEngine(ticket: CallTicket, events: SfuEngineEvents): CallEngine {
  if (!ticket.sfu) throw new Error('SFU ticket without a room');
  const { room, token } = ticket.sfu;
  const me = ticket.participantId;
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${ticket.sfu.path}`;
  let janus: Janus | null = null;
  let publisher: JanusJS.PluginHandle | null = null;
  let subscriber: JanusJS.PluginHandle | null = null;
  let subscriberJoined = false;
  let myFeed: number | null = null;
  /** The publisher's private id: the API's rooms require it from this device's subscriber (require_pvtid). */
  let privateId: number | null = null;
  let publishers: Publisher[] = [];
  let held: StreamRef[] = [];
  /** Subscriber mid → participant id and kind, from Janus's `attached` / `updated` events. */
  const mids = new Map<string, { participant: string; type: string }>();
  const remote = new Map<string, MediaStreamTrack[]>();
  let tracks: LocalTracks = { audio: null, video: null };
  let published: { audio: boolean; video: boolean } = { audio: false, video: false };
  let audioOnly = false;
  let weak = false;
  let updating = false;
  let closed = false;
  let pubIce: string = 'new';
  let subIce: string = 'new';
  let lastState: EngineState | null = null;

  const report = (): void => {
    const states = [published.audio || published.video ? pubIce : 'connected', held.length ? subIce : 'connected'];
    const state: EngineState = states.some((s) => s === 'disconnected')
      ? 'reconnecting'
      : states.every((s) => s === 'connected')
        ? 'connected'
        : 'connecting';
    if (state !== lastState) events.onState((lastState = state));
  };

  const lost = (reason: string): void => {
    if (closed) return;
    closed = true;
    events.onLost(reason);
  };

  const emitRemote = (participant: string): void => {
    const list = remote.get(participant) ?? [];
    events.onRemote(participant, list.length ? new MediaStream(list) : null);
  };

  const rememberStreams = (streams: SubscribedStream[] | undefined): void => {
    if (!streams) return;
    for (const s of streams) {
      if (s.active === false || !s.feed_display) mids.delete(s.mid);
      else mids.set(s.mid, { participant: s.feed_display, type: s.type });
    }
  };

  /** Sends one subscribe/unsubscribe at a time: each one renegotiates the subscriber connection. */
  const updateSubscriptions = (): void => {
    if (closed || updating || !janus || privateId === null) return;
    const wanted = wantedStreams(publishers, myFeed, audioOnly);
    if (!subscriber) {
      if (wanted.length === 0) return;
      updating = true;
      held = wanted;
      attachSubscriber(wanted);
      return;
    }
    if (!subscriberJoined) return;
    const { subscribe, unsubscribe } = diffStreams(held, wanted);
    const request = unsubscribe.length ? { request: 'unsubscribe', streams: unsubscribe } : subscribe.length ? { request: 'subscribe', streams: subscribe } : null;
    if (!request) return;
    updating = true;
    held = unsubscribe.length ? held.filter((h) => !unsubscribe.some((u) => u.feed === h.feed && u.mid === h.mid)) : [...held, ...subscribe];
    subscriber.send({ message: request, error: () => ((updating = false), updateSubscriptions()) });
  };

  const answer = (jsep: JanusJS.JSEP): void => {
    subscriber?.createAnswer({
      jsep,
      // Receive only: nothing of this device goes out on the subscriber connection.
      tracks: [{ type: 'data', capture: false }],
      success: (answerJsep) => subscriber?.send({ message: { request: 'start', room }, jsep: answerJsep }),
      error: () => lost('answer'),
    });
  };

  const attachSubscriber = (streams: StreamRef[]): void => {
    janus?.attach({
      plugin: PLUGIN,
      success: (handle) => {
        subscriber = handle;
        handle.send({ message: { request: 'join', room, ptype: 'subscriber', streams, token, private_id: privateId } });
      },
      error: () => lost('attach subscriber'),
      iceState: (state) => {
        subIce = state;
        if (state === 'failed') lost('subscriber ice');
        report();
      },
      onmessage: (msg, jsep) => {
        const kind = msg.videoroom as string | undefined;
        if (kind === 'attached' || kind === 'updated') {
          subscriberJoined = true;
          rememberStreams(msg.streams as SubscribedStream[] | undefined);
        }
        // Refused before it ever joined: start over (a fresh ticket) rather than stay deaf.
        if (msg.error && !subscriberJoined) return lost(`subscriber: ${String(msg.error)}`);
        if (jsep) answer(jsep);
        if (kind === 'attached' || kind === 'updated' || msg.error) {
          updating = false;
          if (weak) applySubstream();
          updateSubscriptions();
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
        subscriberJoined = false;
      },
    });
  };

  const applySubstream = (): void => {
    if (!subscriber || !subscriberJoined) return;
    const videoMids = [...mids].filter(([, m]) => m.type === 'video').map(([mid]) => ({ mid, substream: substreamFor(weak) }));
    if (videoMids.length) subscriber.send({ message: { request: 'configure', streams: videoMids } });
  };

  const publish = (): void => {
    if (!publisher || myFeed === null) return;
    // dontStop: the tracks are the session's (a camera switch or a move between engines reuses them).
    const offer: JanusJS.TrackOption[] = [];
    const video = audioOnly ? null : tracks.video;
    if (tracks.audio && !published.audio) offer.push({ type: 'audio', capture: tracks.audio, recv: false, add: published.video, dontStop: true });
    if (video && !published.video) offer.push({ type: 'video', capture: video, recv: false, simulcast: true, add: published.audio, dontStop: true });
    if (offer.length === 0) return;
    const next = { audio: published.audio || !!tracks.audio, video: published.video || !!video };
    publisher.createOffer({
      tracks: offer,
      success: (jsep) => {
        published = next;
        publisher?.send({ message: { request: 'configure', audio: next.audio, video: next.video }, jsep });
      },
      error: () => lost('offer'),
    });
  };

  const sender = (kind: 'audio' | 'video'): RTCRtpSender | null => {
    const pc = publisher?.webrtcStuff?.pc;
    return pc?.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender ?? null;
  };

  const attachPublisher = (): void => {
    janus?.attach({
      plugin: PLUGIN,
      success: (handle) => {
        publisher = handle;
        handle.send({ message: { request: 'join', room, ptype: 'publisher', display: me, token } });
      },
      error: () => lost('attach publisher'),
      iceState: (state) => {
        pubIce = state;
        if (state === 'failed') lost('publisher ice');
        report();
      },
      onmessage: (msg, jsep) => {
        const kind = msg.videoroom as string | undefined;
        if (kind === 'joined') {
          myFeed = Number(msg.id);
          privateId = Number(msg.private_id);
          publishers = applyRoomEvent([], { publishers: (msg.publishers as Publisher[] | undefined) ?? [] });
          publish();
        } else if (kind === 'event') {
          publishers = applyRoomEvent(publishers, msg as Parameters<typeof applyRoomEvent>[1]);
          for (const participant of [...remote.keys()]) {
            if (!publishers.some((p) => p.display === participant)) {
              remote.delete(participant);
              events.onRemote(participant, null);
            }
          }
        } else if (kind === 'destroyed') {
          lost('room destroyed');
          return;
        }
        if (msg.error_code === 426 || msg.error_code === 433) lost(String(msg.error));
        if (jsep) publisher?.handleRemoteJsep({ jsep });
        updateSubscriptions();
        report();
      },
    });
  };

  return {
    transport: 'sfu',
    async start(initial) {
      tracks = initial;
      await initJanus();
      // Closed while loading (the person left): open no Janus session that nothing would destroy.
      if (closed) return;
      await new Promise<void>((resolve, reject) => {
        const session: Janus = new Janus({
          server: url,
          iceServers: toRtcIceServers(ticket.iceServers),
          destroyOnUnload: true,
          success: () => {
            resolve();
            if (closed) return void session.destroy({ cleanupHandles: true, notifyDestroyed: false });
            attachPublisher();
          },
          error: (e: unknown) => {
            reject(new Error(String(e)));
            lost('session');
          },
          destroyed: () => lost('destroyed'),
        });
        janus = session;
      });
      report();
    },
    setRoster() {
      // Janus tells who publishes; the room's roster only labels them.
    },
    async setTrack(kind, track) {
      tracks = { ...tracks, [kind]: track };
      const effective = kind === 'video' && audioOnly ? null : track;
      const existing = sender(kind);
      if (existing) await existing.replaceTrack(effective).catch(() => undefined);
      else if (effective) publish();
    },
    async setAudioOnly(on) {
      audioOnly = on;
      await sender('video')?.replaceTrack(on ? null : tracks.video).catch(() => undefined);
      if (!on) publish();
      updateSubscriptions();
    },
    setWeak(next) {
      if (weak === next) return;
      weak = next;
      applySubstream();
    },
    async sample(at) {
      let stats = emptySample(at);
      const levels = new Map<string, number>();
      for (const handle of [publisher, subscriber]) {
        const pc = handle?.webrtcStuff?.pc;
        const report = pc ? await pc.getStats().catch(() => null) : null;
        if (!report) continue;
        stats = readStats(report, stats);
        if (handle !== subscriber) continue;
        report.forEach((s: Record<string, unknown>) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'audio' || typeof s.audioLevel !== 'number') return;
          const who = mids.get(String(s.mid));
          if (who) levels.set(who.participant, s.audioLevel);
        });
      }
      return { stats, levels };
    },
    close() {
      closed = true;
      publisher?.detach({ noRequest: false });
      subscriber?.detach({ noRequest: false });
      janus?.destroy({ cleanupHandles: true, notifyDestroyed: false });
      janus = null;
    },
  };
}
