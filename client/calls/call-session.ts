/**
 * One person in one call: the join's lifecycle. It gets the ticket from joinCall, follows the
 * room through the callRoom subscription, opens this device's media (call-media.ts) and runs the
 * engine of the call's transport (engine-supervisor.ts); everything it learns becomes an event of
 * the view (call-view.ts). Leaving, the admin, the network or closing the tab end it.
 */
import { createStore, type Store } from '../shared/store.ts';
import { toUserError, type UserError } from '../shared/user-error.ts';
import * as api from './api.ts';
import { createCallMedia } from './call-media.ts';
import type { Phase } from './call-status.ts';
import { initialCallState, reduceCall, type CallEvent, type CallState, type CallView } from './call-view.ts';
import { callDeviceId } from './device-id.ts';
import { createEngineSupervisor } from './engine-supervisor.ts';
import { loadPrefs } from './prefs.ts';
import { openRoomFeed } from './room-feed.ts';
import type { CallRoom, CallTicket } from './types.ts';
import { log, noted } from '../shared/log.ts';

const logger = log('calls');

export type { CallView } from './call-view.ts';
export type CallTarget = { callId: string } | { linkCode: string };

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

export function createCallSession(target: CallTarget, options: SessionOptions = {}): CallSession {
  const prefs = loadPrefs();
  const store = createStore<CallState>(
    initialCallState({
      callId: 'callId' in target ? target.callId : null,
      audioOnly: prefs.startAudioOnly || options.audioCall === true,
      online: navigator.onLine,
    }),
  );
  const view = store.get;
  const dispatch = (event: CallEvent): void => store.set(reduceCall(store.get(), event));
  let finished = false;
  let stopFeed: (() => void) | null = null;
  let sampler: ReturnType<typeof setInterval> | null = null;

  const media = createCallMedia({ view, dispatch, engine: () => supervisor.current(), finished: () => finished }, prefs);
  const supervisor = createEngineSupervisor({
    view,
    dispatch,
    finished: () => finished,
    tracks: media.tracks,
    publishFlags: media.publishFlags,
    finish: (phase, error) => finish(phase, error),
  });

  /** Everything stops; the phase says why. */
  const finish = (phase: Phase, error: UserError | null = null): void => {
    if (finished) return;
    finished = true;
    stopFeed?.();
    stopFeed = null;
    supervisor.close();
    if (sampler) clearInterval(sampler);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('pagehide', onPageHide);
    media.stop();
    dispatch({ type: 'finished', phase, error });
  };

  const onOnline = (): void => {
    dispatch({ type: 'network', online: true });
    supervisor.online();
  };
  const onOffline = (): void => dispatch({ type: 'network', online: false });
  // Closing the tab leaves the call (keepalive lets the request outlive the page).
  const onPageHide = (): void => {
    const callId = view().callId;
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
    }).catch(noted(logger, 'leaving the call as the page closes'));
  };

  const onRoom = (room: CallRoom): void => {
    if (finished) return;
    if (room.command === 'REMOVED') return finish('removed');
    if (room.command === 'MOVED') return finish('moved');
    if (room.ended) return finish('ended');
    if (room.command === 'MUTE') media.mutedByAdmin();
    dispatch({ type: 'room', room, at: Date.now() });
    supervisor.current()?.setRoster(room.participants.map((p) => p.participantId));
    supervisor.follow(room.transport);
  };

  /** Runs `action` on the joined call (nothing before the call is known). */
  const onCall = async (action: (callId: string) => Promise<void>): Promise<void> => {
    const callId = view().callId;
    if (callId) await action(callId);
  };

  return {
    view: store,
    async start() {
      let ticket: CallTicket;
      try {
        ticket = await api.joinCall(target);
      } catch (e) {
        return finish('refused', toUserError(e));
      }
      const callId = ticket.callId;
      // Left (or unmounted) while joining: the server has admitted us, so leave again — for a link
      // target leave() did not even know the call — and open nothing that finish() would not stop.
      if (finished) return void (await api.leaveCall(callId).catch(noted(logger, 'leaving the call')));
      dispatch({ type: 'joined', callId, me: ticket.participantId, transport: ticket.transport });
      options.onJoined?.(callId);
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
      window.addEventListener('pagehide', onPageHide);
      stopFeed = openRoomFeed(callId, {
        onRoom,
        onConnected: (connected) => dispatch({ type: 'roomConnected', connected }),
        onRefused: (error) => finish('refused', error),
      });
      const opened = await media.open();
      if (!opened) return;
      dispatch({ type: 'live', camera: opened.camera });
      await supervisor.start(ticket);
      if (finished) return;
      await media.publishFlags();
      if (!finished) sampler = setInterval(() => void supervisor.sample().catch(noted(logger, 'sampling the call quality', 'debug')), SAMPLE_MS);
    },
    toggleMicrophone: media.toggleMicrophone,
    toggleCamera: media.toggleCamera,
    toggleScreen: media.toggleScreen,
    setAudioOnly: media.setAudioOnly,
    chooseDevice: media.chooseDevice,
    async toggleHand() {
      await onCall(async (callId) => {
        const raised = !view().handRaised;
        dispatch({ type: 'hand', raised });
        await api.setHand(callId, raised);
      });
    },
    async sendChat(text) {
      const clean = text.trim();
      if (clean) await onCall((callId) => api.sendCallChat(callId, clean, api.clientId()));
    },
    pin(participantId) {
      dispatch({ type: 'pinned', participantId, at: Date.now() });
    },
    dismissMuted() {
      dispatch({ type: 'mutedByAdmin', muted: false });
    },
    markChatSeen(count) {
      dispatch({ type: 'chatSeen', count });
    },
    async leave() {
      const callId = view().callId;
      finish('left');
      if (callId) await api.leaveCall(callId).catch(noted(logger, 'leaving the call'));
    },
    admin: {
      mute: (userId) => onCall((callId) => api.muteInCall(callId, userId)),
      lowerHand: (userId) => onCall((callId) => api.setHand(callId, false, userId)),
      remove: (userId) => onCall((callId) => api.removeFromCall(callId, userId)),
      async endForAll() {
        await onCall(async (callId) => {
          await api.endCall(callId);
          finish('ended');
        });
      },
    },
  };
}
