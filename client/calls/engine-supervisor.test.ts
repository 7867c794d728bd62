/**
 * Media that drops comes back by itself: the engine is restarted with a fresh ticket after a
 * backoff (not while offline: the network's return does it), a call that outgrew the mesh
 * switches to the SFU, and a call that ended meanwhile ends here too. Driven through the session.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../shared/request.ts';
import type { CallEngine } from './engine.ts';
import type { CallRoom, CallTicket } from './types.ts';

const api = vi.hoisted(() => ({ joinCall: vi.fn(), leaveCall: vi.fn(async () => undefined), updateCallState: vi.fn(async () => undefined) }));
const feed = vi.hoisted(() => ({ openRoomFeed: vi.fn<(callId: string, events: unknown) => () => void>(() => vi.fn()) }));
const media = vi.hoisted(() => ({ openMicrophone: vi.fn(async () => null), openCamera: vi.fn(async () => null), openScreen: vi.fn() }));
const mesh = vi.hoisted(() => ({ createMeshEngine: vi.fn() }));
const sfu = vi.hoisted(() => ({ createSfuEngine: vi.fn() }));
vi.mock('./api.ts', () => api);
vi.mock('./room-feed.ts', () => feed);
vi.mock('./local-media.ts', () => media);
vi.mock('./mesh-engine.ts', () => mesh);
vi.mock('./sfu-engine.ts', () => sfu);
vi.mock('./prefs.ts', () => ({
  loadPrefs: () => ({ startAudioOnly: false, cameraId: null, microphoneId: null, speakerId: null }),
  savePrefs: () => undefined,
}));

const { createCallSession } = await import('./call-session.ts');

const ticket = (transport: 'mesh' | 'sfu'): CallTicket => ({ callId: 'call-1', transport, participantId: `p-${transport}`, iceServers: [], peer: null, sfu: null }) as unknown as CallTicket;
type Events = { onState(s: string): void; onLost(reason: string): void };
type FakeEngine = Partial<Omit<CallEngine, 'close'>> & { close: ReturnType<typeof vi.fn>; events: Events };
function fakeEngine(transport: 'mesh' | 'sfu') {
  return (_t: CallTicket, events: Events): FakeEngine => ({
    transport,
    events,
    start: vi.fn(async () => undefined),
    setRoster: vi.fn(),
    setTrack: vi.fn(async () => undefined),
    setAudioOnly: vi.fn(async () => undefined),
    setWeak: vi.fn(),
    sample: vi.fn(),
    close: vi.fn(),
  });
}
const room = (transport: 'mesh' | 'sfu'): CallRoom => ({ callId: 'call-1', transport, ended: false, participants: [], chat: [], command: null });

let win: EventTarget;
beforeEach(() => {
  vi.clearAllMocks();
  vi.useFakeTimers();
  win = new EventTarget();
  vi.stubGlobal('window', win);
  vi.stubGlobal('navigator', { onLine: true });
  mesh.createMeshEngine.mockImplementation(fakeEngine('mesh'));
  sfu.createSfuEngine.mockImplementation(fakeEngine('sfu'));
  api.joinCall.mockResolvedValue(ticket('mesh'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function live() {
  const session = createCallSession({ callId: 'call-1' });
  await session.start();
  const engine = () => mesh.createMeshEngine.mock.results[0]!.value as FakeEngine;
  const roomEvents = feed.openRoomFeed.mock.calls[0]![1] as { onRoom(r: CallRoom): void; onConnected(c: boolean): void };
  roomEvents.onConnected(true);
  engine().events.onState('connected');
  return { session, engine, roomEvents };
}

describe('the engine supervisor', () => {
  it('a lost engine: «reconnecting», then a fresh ticket and a new engine after a backoff of at most 1.5 s', async () => {
    const { session, engine } = await live();
    expect(session.view.get().banner).toBe('none');
    engine().events.onLost('gone');
    expect(session.view.get().banner).toBe('reconnecting');
    expect(api.joinCall).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(api.joinCall).toHaveBeenLastCalledWith({ callId: 'call-1' });
    expect(mesh.createMeshEngine).toHaveBeenCalledTimes(2);
    const second = mesh.createMeshEngine.mock.results[1]!.value as FakeEngine;
    second.events.onState('connected');
    expect(session.view.get().banner).toBe('none');
    await session.leave();
    expect(second.close).toHaveBeenCalled();
  });

  it('offline, the backoff does not restart anything; the network coming back does', async () => {
    const { session, engine } = await live();
    win.dispatchEvent(new Event('offline'));
    engine().events.onLost('gone');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(api.joinCall).toHaveBeenCalledTimes(1);
    win.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(api.joinCall).toHaveBeenCalledTimes(2);
    expect(mesh.createMeshEngine).toHaveBeenCalledTimes(2);
    await session.leave();
  });

  it('a call that moved to the SFU continues there: the mesh engine closes and the SFU engine starts', async () => {
    const { session, engine, roomEvents } = await live();
    api.joinCall.mockResolvedValue(ticket('sfu'));
    roomEvents.onRoom(room('sfu'));
    await vi.advanceTimersByTimeAsync(0);
    expect(engine().close).toHaveBeenCalled();
    expect(sfu.createSfuEngine).toHaveBeenCalledTimes(1);
    expect(session.view.get()).toMatchObject({ transport: 'sfu', me: 'p-sfu', phase: 'live' });
    await session.leave();
  });

  it('a restart the server refuses because the call ended ends the call here', async () => {
    const { session, engine } = await live();
    api.joinCall.mockRejectedValue(new ApiError({ message: 'Звонок уже завершён.', extensions: { code: 'CALL_ENDED' } }));
    engine().events.onLost('gone');
    await vi.advanceTimersByTimeAsync(1_500);
    expect(session.view.get().phase).toBe('ended');
    expect(feed.openRoomFeed.mock.results[0]!.value).toHaveBeenCalled(); // the room feed stopped
  });
});
