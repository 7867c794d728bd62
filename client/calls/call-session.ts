/**
 * One person in one call: the ticket from joinCall, the room from the callRoom subscription,
 * this device's camera and microphone, and the media engine of the call's current transport
 * (PeerJS mesh or Janus SFU, each loaded only when needed). It switches engine when the call
 * moves from mesh to SFU, and re-establishes media after drops without leaving the call.
 */
import { ApiError } from '../accounts/api.ts';
import { createStore, type Store } from '../shared/store.ts';
import * as api from './api.ts';
import { banner, type Banner, type EngineState, type Phase } from './call-status.ts';
import type { CallEngine, LocalTracks } from './engine.ts';
import { callDeviceId } from './device-id.ts';
import { openCamera, openMicrophone, openScreen } from './local-media.ts';
import { loadPrefs, savePrefs } from './prefs.ts';
import { createQualityTracker, type Quality } from './quality.ts';
import { openRoomFeed } from './room-feed.ts';
import { pickSpeaker, type SpeakerState } from './speaker.ts';
import type { CallChatLine, CallParticipant, CallRoom, CallTicket, LocalFlags, Transport } from './types.ts';

export type CallTarget = { callId: string } | { linkCode: string };

export interface CallView {
  phase: Phase;
  /** Why the server refused, in the person's language. */
  error: string | null;
  callId: string | null;
  me: string | null;
  transport: Transport | null;
  participants: CallParticipant[];
  chat: CallChatLine[];
  remote: ReadonlyMap<string, MediaStream>;
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  flags: LocalFlags;
  audioOnly: boolean;
  handRaised: boolean;
  banner: Banner;
  quality: Quality;
  speaker: SpeakerState;
  /** The admin muted this person (shown once). */
  mutedByAdmin: boolean;
  /** Chat lines the person has had on screen (the rest are unread). */
  chatSeen: number;
}

export interface CallSession {
  readonly view: Store<CallView>;
  start(): Promise<void>;
  toggleMicrophone(): Promise<void>;
  toggleCamera(): Promise<void>;
  toggleScreen(): Promise<void>;
  setAudioOnly(on: boolean): Promise<void>;
  toggleHand(): Promise<void>;
  sendChat(text: string): Promise<void>;
  chooseDevice(kind: 'camera' | 'microphone', deviceId: string): Promise<void>;
  pin(participantId: string | null): void;
  dismissMuted(): void;
  markChatSeen(count: number): void;
  leave(): Promise<void>;
  /** Admin actions. */
  admin: {
    mute(userId?: string): Promise<void>;
    lowerHand(userId: string): Promise<void>;
    remove(userId: string): Promise<void>;
    endForAll(): Promise<void>;
  };
}

const SAMPLE_MS = 2_000;

export interface SessionOptions {
  /** The call is audio-only by its settings (a link call created as «audio»). */
  audioCall?: boolean;
  onJoined?(callId: string): void;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createCallSession(target: CallTarget, options: SessionOptions = {}): CallSession {
  const prefs = loadPrefs();
  const view = createStore<CallView>({
    phase: 'joining',
    error: null,
    callId: 'callId' in target ? target.callId : null,
    me: null,
    transport: null,
    participants: [],
    chat: [],
    remote: new Map(),
    camera: null,
    screen: null,
    flags: { audio: false, video: false, screen: false },
    audioOnly: prefs.startAudioOnly || options.audioCall === true,
    handRaised: false,
    banner: 'none',
    quality: 'good',
    speaker: { current: null, since: 0 },
    mutedByAdmin: false,
    chatSeen: 0,
  });
  const quality = createQualityTracker();
  let ticket: CallTicket | null = null;
  let engine: CallEngine | null = null;
  let engineState: EngineState = 'connecting';
  let roomConnected = false;
  let online = navigator.onLine;
  let microphone: MediaStreamTrack | null = null;
  let pinned: string | null = null;
  let levels = new Map<string, number>();
  let stopFeed: (() => void) | null = null;
  let sampler: ReturnType<typeof setInterval> | null = null;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let restarts = 0;
  let switching: Promise<void> | null = null;
  let finished = false;
  /** The camera was on when audio-only mode began: leaving the mode turns it back on. */
  let cameraBeforeAudioOnly = false;

  const set = (patch: Partial<CallView>): void => {
    const next = { ...view.get(), ...patch };
    const others = next.participants.filter((p) => p.participantId !== next.me).length;
    next.banner = banner({ phase: next.phase, online, roomConnected, engine: engineState, others, quality: next.quality });
    view.set(next);
  };

  const tracks = (): LocalTracks => {
    const v = view.get();
    return { audio: microphone, video: v.audioOnly ? null : (v.screen ?? v.camera) };
  };

  const flags = (): LocalFlags => {
    const v = view.get();
    return { audio: !!microphone && microphone.enabled, video: !v.audioOnly && !!(v.screen ?? v.camera), screen: !!v.screen };
  };

  const publishFlags = async (): Promise<void> => {
    const next = flags();
    set({ flags: next });
    const callId = view.get().callId;
    if (callId && view.get().phase === 'live') await api.updateCallState(callId, next).catch(() => undefined);
  };

  const stopLocal = (): void => {
    microphone?.stop();
    view.get().camera?.stop();
    view.get().screen?.stop();
    microphone = null;
  };

  /** Everything stops; the phase says why. */
  const finish = (phase: Phase, error: string | null = null): void => {
    if (finished) return;
    finished = true;
    stopFeed?.();
    stopFeed = null;
    engine?.close();
    engine = null;
    if (sampler) clearInterval(sampler);
    if (restartTimer) clearTimeout(restartTimer);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('pagehide', onPageHide);
    stopLocal();
    set({ phase, error, remote: new Map(), camera: null, screen: null });
  };

  const loadEngine = async (t: CallTicket): Promise<CallEngine> => {
    const events = {
      onRemote(participantId: string, stream: MediaStream | null) {
        const remote = new Map(view.get().remote);
        if (stream) remote.set(participantId, stream);
        else remote.delete(participantId);
        set({ remote });
      },
      onState(state: EngineState) {
        engineState = state;
        if (state === 'connected') restarts = 0;
        set({});
      },
      onLost() {
        scheduleRestart();
      },
    };
    if (t.transport === 'sfu') return (await import('./sfu-engine.ts')).createSfuEngine(t, events);
    return (await import('./mesh-engine.ts')).createMeshEngine(t, events);
  };

  /** (Re)starts media with a fresh ticket: after a drop, or when the call moved to the SFU. */
  const restartEngine = async (): Promise<void> => {
    const callId = view.get().callId;
    if (!callId || finished) return;
    engine?.close();
    engine = null;
    engineState = 'reconnecting';
    set({ remote: new Map() });
    try {
      ticket = await api.joinCall({ callId });
    } catch (e) {
      if (e instanceof ApiError) return finish(e.code === 'CALL_ENDED' ? 'ended' : 'refused', e.message);
      return scheduleRestart();
    }
    if (finished) return;
    set({ me: ticket.participantId, transport: ticket.transport });
    try {
      const next = await loadEngine(ticket);
      if (finished) return next.close();
      engine = next;
      await next.start(tracks());
      await next.setAudioOnly(view.get().audioOnly);
      next.setRoster(view.get().participants.map((p) => p.participantId));
      await publishFlags();
    } catch {
      scheduleRestart();
    }
  };

  const scheduleRestart = (): void => {
    if (finished || restartTimer) return;
    engineState = 'reconnecting';
    set({});
    const wait = Math.min(10_000, 1_000 * 2 ** restarts++) * (0.5 + Math.random());
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!online) return; // «online» will restart it
      switching ??= restartEngine().finally(() => (switching = null));
    }, wait);
  };

  const onOnline = (): void => {
    online = true;
    set({});
    // Media paths died with the network: an SFU session must be joined again; the mesh redials itself.
    if (engine?.transport === 'sfu' || engineState === 'reconnecting') switching ??= restartEngine().finally(() => (switching = null));
  };
  // Closing the tab leaves the call (keepalive lets the request outlive the page).
  const onPageHide = (): void => {
    const callId = view.get().callId;
    if (!callId || finished) return;
    void fetch('/graphql', {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation Leave($callId: ID!, $device: ID) { leaveCall(callId: $callId, device: $device) }',
        variables: { callId, device: callDeviceId() },
      }),
    }).catch(() => undefined);
  };
  const onOffline = (): void => {
    online = false;
    set({});
  };

  const onRoom = (room: CallRoom): void => {
    if (finished) return;
    if (room.command === 'REMOVED') return finish('removed');
    if (room.command === 'MOVED') return finish('moved');
    if (room.ended) return finish('ended');
    if (room.command === 'MUTE' && microphone?.enabled) {
      microphone.enabled = false;
      set({ mutedByAdmin: true });
      void engine?.setTrack('audio', microphone);
      void publishFlags();
    }
    const mine = room.participants.find((p) => p.participantId === view.get().me);
    const speaker = pickSpeaker(room.participants, view.get().me ?? '', levels, view.get().speaker, Date.now(), pinned);
    set({ participants: room.participants, chat: room.chat, speaker, handRaised: mine?.handRaised ?? false });
    engine?.setRoster(room.participants.map((p) => p.participantId));
    // The call outgrew the mesh: the same people continue through the SFU.
    if (engine && room.transport !== engine.transport) switching ??= restartEngine().finally(() => (switching = null));
  };

  const sample = async (): Promise<void> => {
    if (!engine || finished) return;
    const { stats, levels: heard } = await engine.sample(Date.now());
    levels = heard;
    const level = quality.push(stats);
    engine.setWeak(level === 'weak');
    const v = view.get();
    set({ quality: level, speaker: pickSpeaker(v.participants, v.me ?? '', levels, v.speaker, Date.now(), pinned) });
  };

  const session: CallSession = {
    view,
    async start() {
      try {
        ticket = await api.joinCall(target);
      } catch (e) {
        return finish('refused', messageOf(e));
      }
      const callId = ticket.callId;
      // Left (or unmounted) while joining: the server has admitted us, so leave again — for a link
      // target leave() did not even know the call — and open nothing that finish() would not stop.
      if (finished) return void (await api.leaveCall(callId).catch(() => undefined));
      set({ callId, me: ticket.participantId, transport: ticket.transport });
      options.onJoined?.(callId);
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
      window.addEventListener('pagehide', onPageHide);
      stopFeed = openRoomFeed(callId, {
        onRoom,
        onConnected(connected) {
          roomConnected = connected;
          set({});
        },
        onRefused(message) {
          finish('refused', message);
        },
      });
      const mic = await openMicrophone(prefs.microphoneId);
      if (finished) return mic?.stop();
      microphone = mic;
      const camera = view.get().audioOnly ? null : await openCamera(prefs.cameraId);
      if (finished) {
        // finish() stopped the microphone already; the camera was not in the view yet.
        camera?.stop();
        return;
      }
      set({ phase: 'live', camera });
      try {
        const next = await loadEngine(ticket);
        if (finished) return next.close();
        engine = next;
        // Left while starting: finish() closed it (and the engine does not open a session once closed).
        await next.start(tracks());
        if (finished) return;
        await next.setAudioOnly(view.get().audioOnly);
        next.setRoster(view.get().participants.map((p) => p.participantId));
      } catch {
        scheduleRestart();
      }
      await publishFlags();
      if (!finished) sampler = setInterval(() => void sample().catch(() => undefined), SAMPLE_MS);
    },
    async toggleMicrophone() {
      if (!microphone) {
        microphone = await openMicrophone(prefs.microphoneId);
        if (!microphone) return;
      } else microphone.enabled = !microphone.enabled;
      set({ mutedByAdmin: false });
      await engine?.setTrack('audio', microphone);
      await publishFlags();
    },
    async toggleCamera() {
      const v = view.get();
      if (v.camera) {
        v.camera.stop();
        set({ camera: null });
      } else {
        const camera = await openCamera(loadPrefs().cameraId);
        if (!camera) return;
        // Turning the camera on is the way out of audio-only mode.
        set({ camera, audioOnly: false });
        await engine?.setAudioOnly(false);
      }
      if (!view.get().screen) await engine?.setTrack('video', view.get().audioOnly ? null : view.get().camera);
      await publishFlags();
    },
    async toggleScreen() {
      const v = view.get();
      if (v.screen) {
        v.screen.stop();
        set({ screen: null });
      } else {
        const screen = await openScreen();
        if (!screen) return;
        // The browser's own «stop sharing» button ends it too.
        screen.addEventListener('ended', () => {
          if (view.get().screen !== screen) return;
          set({ screen: null });
          void engine?.setTrack('video', tracks().video).then(publishFlags);
        });
        set({ screen, audioOnly: false });
        await engine?.setAudioOnly(false);
      }
      await engine?.setTrack('video', tracks().video);
      await publishFlags();
    },
    async setAudioOnly(on) {
      const v = view.get();
      if (on) {
        if (!v.audioOnly) cameraBeforeAudioOnly = !!v.camera;
        v.camera?.stop();
        v.screen?.stop();
        set({ audioOnly: true, camera: null, screen: null });
      } else {
        // Leaving audio-only gives back the camera it turned off (the person did not turn it off).
        const reopen = cameraBeforeAudioOnly && !v.camera;
        cameraBeforeAudioOnly = false;
        const camera = reopen ? await openCamera(loadPrefs().cameraId) : v.camera;
        if (finished) return camera?.stop();
        set({ audioOnly: false, camera });
      }
      await engine?.setAudioOnly(on);
      await engine?.setTrack('video', tracks().video);
      await publishFlags();
    },
    async toggleHand() {
      const callId = view.get().callId;
      if (!callId) return;
      const raised = !view.get().handRaised;
      set({ handRaised: raised });
      await api.setHand(callId, raised);
    },
    async sendChat(text) {
      const callId = view.get().callId;
      const clean = text.trim();
      if (!callId || !clean) return;
      await api.sendCallChat(callId, clean, api.clientId());
    },
    async chooseDevice(kind, deviceId) {
      savePrefs(kind === 'camera' ? { cameraId: deviceId } : { microphoneId: deviceId });
      if (kind === 'microphone') {
        const wasOn = microphone?.enabled ?? true;
        const next = await openMicrophone(deviceId);
        if (!next) return;
        microphone?.stop();
        next.enabled = wasOn;
        microphone = next;
        await engine?.setTrack('audio', next);
      } else if (view.get().camera) {
        const next = await openCamera(deviceId);
        if (!next) return;
        view.get().camera?.stop();
        set({ camera: next });
        if (!view.get().screen) await engine?.setTrack('video', next);
      }
      await publishFlags();
    },
    pin(participantId) {
      pinned = participantId;
      const v = view.get();
      set({ speaker: pickSpeaker(v.participants, v.me ?? '', levels, { current: null, since: 0 }, Date.now(), pinned) });
    },
    dismissMuted() {
      set({ mutedByAdmin: false });
    },
    markChatSeen(count) {
      if (count > view.get().chatSeen) set({ chatSeen: count });
    },
    async leave() {
      const callId = view.get().callId;
      finish('left');
      if (callId) await api.leaveCall(callId).catch(() => undefined);
    },
    admin: {
      async mute(userId) {
        const callId = view.get().callId;
        if (callId) await api.muteInCall(callId, userId);
      },
      async lowerHand(userId) {
        const callId = view.get().callId;
        if (callId) await api.setHand(callId, false, userId);
      },
      async remove(userId) {
        const callId = view.get().callId;
        if (callId) await api.removeFromCall(callId, userId);
      },
      async endForAll() {
        const callId = view.get().callId;
        if (!callId) return;
        await api.endCall(callId);
        finish('ended');
      },
    },
  };
  return session;
}
