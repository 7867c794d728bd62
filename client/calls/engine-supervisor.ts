/**
 * The media engine of a call: loads the one for the call's transport (PeerJS mesh or Janus SFU,
 * each in its own chunk, only when needed), restarts it with a fresh ticket after a drop (backing
 * off, and waiting for the network), switches engine when the call moves from the mesh to the SFU,
 * and samples its statistics for the quality warning and the speaker view.
 */
import { ApiError } from '../shared/request.ts';
import { backoffDelay, type Backoff } from '../../sync/backoff.ts';
import { log } from '../shared/log.ts';
import { toUserError, type UserError } from '../shared/user-error.ts';
import * as api from './api.ts';
import type { Phase } from './call-status.ts';
import type { CallEvent, CallState } from './call-view.ts';
import type { CallEngine, LocalTracks } from './engine.ts';
import { createQualityTracker } from './quality.ts';
import type { CallTicket, Transport } from './types.ts';

/** About a second, doubling to about ten: media is back soon after a short drop. */
const logger = log('calls');
const RESTART: Backoff = { baseMs: 1_000, maxMs: 10_000 };

/** What the supervisor needs from the session around it. */
export interface SupervisorHost {
  view(): CallState;
  dispatch(event: CallEvent): void;
  finished(): boolean;
  tracks(): LocalTracks;
  publishFlags(): Promise<void>;
  /** The server refused a new ticket: the call is over for this device. */
  finish(phase: Phase, error: UserError): void;
}

export interface EngineSupervisor {
  current(): CallEngine | null;
  /** Starts the engine for the join's ticket; if it fails, a restart is scheduled. */
  start(ticket: CallTicket): Promise<void>;
  /** The network came back: media paths died with it. */
  online(): void;
  /** The room's transport now: a call that outgrew the mesh continues through the SFU. */
  follow(transport: Transport): void;
  /** Reads the engine's statistics: the connection's quality and who is speaking. */
  sample(): Promise<void>;
  close(): void;
}

export function createEngineSupervisor(host: SupervisorHost): EngineSupervisor {
  const quality = createQualityTracker();
  let engine: CallEngine | null = null;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let restarts = 0;
  let switching: Promise<void> | null = null;

  const events = {
    onRemote(participantId: string, stream: MediaStream | null) {
      host.dispatch({ type: 'remote', participantId, stream });
    },
    onState(state: CallState['engineState']) {
      if (state === 'connected') restarts = 0;
      host.dispatch({ type: 'engine', state });
    },
    onLost() {
      scheduleRestart();
    },
  };

  const loadEngine = async (t: CallTicket): Promise<CallEngine> => {
    if (t.transport === 'sfu') return (await import('./sfu-engine.ts')).createSfuEngine(t, events);
    return (await import('./mesh-engine.ts')).createMeshEngine(t, events);
  };

  /** Loads and starts the engine of `t` with this device's tracks; false if the session finished meanwhile. */
  const attach = async (t: CallTicket): Promise<boolean> => {
    const next = await loadEngine(t);
    if (host.finished()) {
      next.close();
      return false;
    }
    engine = next;
    // Left while starting: finish() closed it (and the engine does not open a session once closed).
    await next.start(host.tracks());
    if (host.finished()) return false;
    await next.setAudioOnly(host.view().audioOnly);
    next.setRoster(host.view().participants.map((p) => p.participantId));
    return true;
  };

  /** (Re)starts media with a fresh ticket: after a drop, or when the call moved to the SFU. */
  const restart = async (): Promise<void> => {
    const callId = host.view().callId;
    if (!callId || host.finished()) return;
    engine?.close();
    engine = null;
    host.dispatch({ type: 'engineRestarting' });
    let ticket: CallTicket;
    try {
      ticket = await api.joinCall({ callId });
    } catch (e) {
      if (e instanceof ApiError) return host.finish(e.code === 'CALL_ENDED' ? 'ended' : 'refused', toUserError(e));
      logger.warn('a fresh ticket failed; trying again', e);
      return scheduleRestart();
    }
    if (host.finished()) return;
    host.dispatch({ type: 'joined', callId, me: ticket.participantId, transport: ticket.transport });
    try {
      if (await attach(ticket)) await host.publishFlags();
    } catch (e) {
      logger.warn('restarting the media engine failed; trying again', e);
      scheduleRestart();
    }
  };

  // One restart at a time: a drop, the network's return and a transport change may come together.
  const restartOnce = (): void => {
    switching ??= restart().finally(() => (switching = null));
  };

  const scheduleRestart = (): void => {
    if (host.finished() || restartTimer) return;
    host.dispatch({ type: 'engine', state: 'reconnecting' });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!host.view().online) return; // «online» will restart it
      restartOnce();
    }, backoffDelay(restarts++, RESTART));
  };

  return {
    current: () => engine,
    async start(ticket) {
      try {
        await attach(ticket);
      } catch (e) {
        logger.warn('starting the media engine failed; trying again', e);
        scheduleRestart();
      }
    },
    online() {
      // An SFU session must be joined again; the mesh redials by itself unless it was already lost.
      if (engine?.transport === 'sfu' || host.view().engineState === 'reconnecting') restartOnce();
    },
    follow(transport) {
      if (engine && transport !== engine.transport) restartOnce();
    },
    async sample() {
      if (!engine || host.finished()) return;
      const { stats, levels } = await engine.sample(Date.now());
      const level = quality.push(stats);
      engine.setWeak(level === 'weak');
      host.dispatch({ type: 'sampled', quality: level, levels, at: Date.now() });
    },
    close() {
      engine?.close();
      engine = null;
      if (restartTimer) clearTimeout(restartTimer);
    },
  };
}
