/**
 * A large call or an online lesson through Janus (VideoRoom), reached over the API's /sfu
 * WebSocket proxy. This device publishes its microphone and camera (video in three simulcast
 * layers) and subscribes, on one multistream subscriber, to every other publisher; a weak
 * receiver asks Janus for the lowest layer, and audio-only mode subscribes to no video at all.
 * The room, its secret and the per-participant tokens are the API's: the browser only joins with
 * display = its participant id and the ticket's token. This file holds the session and the
 * publishing half; the receiving half is sfu-subscriber.ts.
 */
import Janus, { type JanusJS } from 'janus-gateway';
import adapter from 'webrtc-adapter';
import { log, noted } from '../shared/log.ts';
import { guardedWebSocket } from '../shared/open-socket-only.ts';
import { pageSocketUrl } from '../shared/socket-url.ts';
import type { EngineState } from './call-status.ts';
import type { CallEngine, EngineEvents, LocalTracks } from './engine.ts';
import { emptySample, readStats } from './quality.ts';
import { applyRoomEvent, type Publisher } from './sfu-plan.ts';
import { createSfuSubscriber, VIDEOROOM_PLUGIN } from './sfu-subscriber.ts';
import { toRtcIceServers, type CallTicket } from './types.ts';

const logger = log('sfu');

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

export interface SfuEngineEvents extends EngineEvents {
  /** The Janus session is gone (socket closed for good, room destroyed): join again. */
  onLost(reason: string): void;
}

export function createSfuEngine(ticket: CallTicket, events: SfuEngineEvents): CallEngine {
  if (!ticket.sfu) throw new Error('SFU ticket without a room');
  const { room, token } = ticket.sfu;
  const me = ticket.participantId;
  const url = pageSocketUrl(ticket.sfu.path);
  let janus: Janus | null = null;
  let publisher: JanusJS.PluginHandle | null = null;
  let myFeed: number | null = null;
  let privateId: number | null = null;
  let publishers: Publisher[] = [];
  let tracks: LocalTracks = { audio: null, video: null };
  let published: { audio: boolean; video: boolean } = { audio: false, video: false };
  let audioOnly = false;
  let weak = false;
  let closed = false;
  let pubIce: string = 'new';
  let lastState: EngineState | null = null;

  const report = (): void => {
    const states = [published.audio || published.video ? pubIce : 'connected', subscriber.iceState()];
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

  const subscriber = createSfuSubscriber({
    room,
    token,
    view: () => ({ janus, publishers, myFeed, privateId, audioOnly, weak, closed }),
    lost,
    report,
    onRemote: (participant, stream) => events.onRemote(participant, stream),
  });

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
      plugin: VIDEOROOM_PLUGIN,
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
          subscriber.dropGone(publishers);
        } else if (kind === 'destroyed') {
          lost('room destroyed');
          return;
        }
        if (msg.error_code === 426 || msg.error_code === 433) lost(String(msg.error));
        if (jsep) publisher?.handleRemoteJsep({ jsep });
        subscriber.update();
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
      if (existing) await existing.replaceTrack(effective).catch(noted(logger, 'replacing a sent track'));
      else if (effective) publish();
    },
    async setAudioOnly(on) {
      audioOnly = on;
      await sender('video')?.replaceTrack(on ? null : tracks.video).catch(noted(logger, 'replacing the sent video'));
      if (!on) publish();
      subscriber.update();
    },
    setWeak(next) {
      if (weak === next) return;
      weak = next;
      subscriber.applySubstream();
    },
    async sample(at) {
      let stats = emptySample(at);
      const levels = new Map<string, number>();
      for (const [pc, receiving] of [[publisher?.webrtcStuff?.pc, false], [subscriber.connection(), true]] as const) {
        // A connection closing under the sampler has no statistics this second: skip it.
        const report = pc ? await pc.getStats().catch(noted(logger, 'reading SFU statistics', 'debug')) : null;
        if (!report) continue;
        stats = readStats(report, stats);
        if (!receiving) continue;
        report.forEach((s: Record<string, unknown>) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'audio' || typeof s.audioLevel !== 'number') return;
          const who = subscriber.participantOf(String(s.mid));
          if (who) levels.set(who, s.audioLevel);
        });
      }
      return { stats, levels };
    },
    close() {
      closed = true;
      publisher?.detach({ noRequest: false });
      subscriber.detach();
      janus?.destroy({ cleanupHandles: true, notifyDestroyed: false });
      janus = null;
    },
  };
}
