/** Leaving (or unmounting) while start() is still awaiting leaves nothing running behind it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../shared/request.ts';
import type { CallEngine } from './engine.ts';
import type { CallTicket } from './types.ts';

const api = vi.hoisted(() => ({ joinCall: vi.fn(), leaveCall: vi.fn(async () => undefined), updateCallState: vi.fn(async () => undefined) }));
const feed = vi.hoisted(() => ({ openRoomFeed: vi.fn(() => vi.fn()) }));
const media = vi.hoisted(() => ({ openMicrophone: vi.fn(), openCamera: vi.fn(), openScreen: vi.fn() }));
const mesh = vi.hoisted(() => ({ createMeshEngine: vi.fn() }));
vi.mock('./api.ts', () => api);
vi.mock('./room-feed.ts', () => feed);
vi.mock('./local-media.ts', () => media);
vi.mock('./mesh-engine.ts', () => mesh);
vi.mock('./prefs.ts', () => ({
  loadPrefs: () => ({ startAudioOnly: false, cameraId: null, microphoneId: null, speakerId: null }),
  savePrefs: () => undefined,
}));

const { createCallSession } = await import('./call-session.ts');

const ticket: CallTicket = { callId: 'call-1', transport: 'mesh', participantId: 'p-1', iceServers: [], peer: { path: '/peerjs', key: 'parta', token: 't' }, sfu: null } as CallTicket;

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
const track = () => ({ stop: vi.fn(), enabled: true }) as unknown as MediaStreamTrack & { stop: ReturnType<typeof vi.fn> };
function fakeEngine(start: () => Promise<void> = async () => undefined) {
  return {
    transport: 'mesh',
    start: vi.fn(start),
    setRoster: vi.fn(),
    setTrack: vi.fn(async () => undefined),
    setAudioOnly: vi.fn(async () => undefined),
    setWeak: vi.fn(),
    sample: vi.fn(),
    close: vi.fn(),
  } satisfies Partial<CallEngine>;
}

let win: EventTarget;
let setIntervalSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.clearAllMocks();
  win = new EventTarget();
  vi.spyOn(win, 'addEventListener');
  vi.stubGlobal('window', win);
  vi.stubGlobal('navigator', { onLine: true });
  setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
  media.openMicrophone.mockImplementation(async () => track());
  media.openCamera.mockImplementation(async () => track());
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a call session left while starting', () => {
  it('left while joinCall is in flight (a link): leaves the call it was admitted to, opens no feed and adds no listeners', async () => {
    const join = deferred<CallTicket>();
    api.joinCall.mockReturnValue(join.promise);
    const session = createCallSession({ linkCode: 'abc' });
    const started = session.start();
    await session.leave();
    expect(api.leaveCall).not.toHaveBeenCalled(); // the call is not known yet
    join.resolve(ticket);
    await started;
    expect(api.leaveCall).toHaveBeenCalledWith('call-1');
    expect(feed.openRoomFeed).not.toHaveBeenCalled();
    expect(win.addEventListener).not.toHaveBeenCalled();
    expect(media.openMicrophone).not.toHaveBeenCalled();
    expect(session.view.get().phase).toBe('left');
  });

  it('left while the microphone opens: stops it and opens no camera', async () => {
    api.joinCall.mockResolvedValue(ticket);
    const mic = track();
    const opened = deferred<MediaStreamTrack>();
    media.openMicrophone.mockReturnValue(opened.promise);
    const stopFeed = vi.fn();
    feed.openRoomFeed.mockReturnValue(stopFeed);
    const session = createCallSession({ callId: 'call-1' });
    const started = session.start();
    await vi.waitFor(() => expect(media.openMicrophone).toHaveBeenCalled());
    await session.leave();
    expect(stopFeed).toHaveBeenCalled();
    opened.resolve(mic);
    await started;
    expect(mic.stop).toHaveBeenCalled();
    expect(media.openCamera).not.toHaveBeenCalled();
    expect(mesh.createMeshEngine).not.toHaveBeenCalled();
  });

  it('left while the engine loads: closes it, never starts it, and runs no sampler', async () => {
    api.joinCall.mockResolvedValue(ticket);
    const engine = fakeEngine();
    const session = createCallSession({ callId: 'call-1' });
    mesh.createMeshEngine.mockImplementation(() => {
      void session.leave(); // the person leaves before the engine module has been handed back
      return engine;
    });
    await session.start();
    expect(engine.close).toHaveBeenCalled();
    expect(engine.start).not.toHaveBeenCalled();
    expect(setIntervalSpy).not.toHaveBeenCalled();
    expect(session.view.get().phase).toBe('left');
  });

  it('left while the engine starts: the engine is closed, the tracks stopped, and no sampler runs', async () => {
    api.joinCall.mockResolvedValue(ticket);
    const starting = deferred<undefined>();
    const engine = fakeEngine(() => starting.promise);
    mesh.createMeshEngine.mockReturnValue(engine);
    const mic = track();
    const cam = track();
    media.openMicrophone.mockResolvedValue(mic);
    media.openCamera.mockResolvedValue(cam);
    const session = createCallSession({ callId: 'call-1' });
    const started = session.start();
    await vi.waitFor(() => expect(engine.start).toHaveBeenCalled());
    await session.leave();
    starting.resolve(undefined);
    await started;
    expect(engine.close).toHaveBeenCalled();
    expect(engine.setAudioOnly).not.toHaveBeenCalled();
    expect(mic.stop).toHaveBeenCalled();
    expect(cam.stop).toHaveBeenCalled();
    expect(setIntervalSpy).not.toHaveBeenCalled();
  });

  it('not left: runs the sampler until leave()', async () => {
    api.joinCall.mockResolvedValue(ticket);
    const engine = fakeEngine();
    mesh.createMeshEngine.mockReturnValue(engine);
    const session = createCallSession({ callId: 'call-1' });
    await session.start();
    expect(session.view.get().phase).toBe('live');
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect(win.addEventListener).toHaveBeenCalledWith('pagehide', expect.any(Function));
    await session.leave();
    expect(engine.close).toHaveBeenCalled();
  });
});

describe('a call session the server refuses', () => {
  it('offline: refused with the no-network code (worded on screen), not the word «network»', async () => {
    api.joinCall.mockRejectedValue(new NetworkError('network'));
    const session = createCallSession({ callId: 'call-1' });
    await session.start();
    expect(session.view.get()).toMatchObject({ phase: 'refused', error: { code: 'NETWORK', params: {} } });
    expect(feed.openRoomFeed).not.toHaveBeenCalled();
  });

  it('keeps the server’s code and parameters, not its wording', async () => {
    api.joinCall.mockRejectedValue(new ApiError({ message: 'Звонок уже завершён.', extensions: { code: 'CALL_ENDED' } }));
    const session = createCallSession({ linkCode: 'abc' });
    await session.start();
    expect(session.view.get()).toMatchObject({ phase: 'refused', error: { code: 'CALL_ENDED', params: {} } });
  });
});
