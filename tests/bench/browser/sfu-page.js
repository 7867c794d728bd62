// @ts-check
/**
 * A minimal Janus VideoRoom client for the SFU benchmark and the Janus tests, in plain browser
 * JavaScript (no bundler, no janus-gateway): the raw Janus protocol over one WebSocket, non-trickle
 * SDP (every candidate in the offer/answer). Driven by tests/bench/sfu.ts through `window.sfu`.
 *
 * Each participant is a real one as far as Janus is concerned: its own session, a publisher handle
 * that joins with display = participant id and the room token (rooms require a private id to
 * subscribe), and — for receivers — a subscriber handle with its own PeerConnection.
 */

/** @param {string} url */
function connect(url) {
  const ws = new WebSocket(url, 'janus-protocol');
  /** @type {Map<string, (m: any) => void>} */
  const waiting = new Map();
  /** @type {Map<number, (m: any) => void>} */
  const handlers = new Map();
  let n = 0;
  /** @type {number | undefined} */
  let sessionId;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let keepalive;
  ws.onmessage = (ev) => {
    const m = JSON.parse(String(ev.data));
    // Asynchronous plugin requests (join, configure, start) are acked; their answer is an event.
    const w = m.transaction && waiting.get(m.transaction);
    if (w && m.janus !== 'event') {
      waiting.delete(m.transaction);
      w(m);
      return;
    }
    if (m.sender && handlers.has(m.sender)) handlers.get(m.sender)?.(m);
  };
  /** @param {Record<string, unknown>} msg @returns {Promise<any>} */
  const send = (msg) =>
    new Promise((resolve, reject) => {
      const transaction = `t${++n}`;
      waiting.set(transaction, (m) => (m.janus === 'error' ? reject(new Error(JSON.stringify(m.error))) : resolve(m)));
      ws.send(JSON.stringify({ ...msg, transaction, ...(sessionId ? { session_id: sessionId } : {}) }));
    });
  const opened = new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('websocket error'));
  });
  return {
    async start() {
      await opened;
      sessionId = (await send({ janus: 'create' })).data.id;
      keepalive = setInterval(() => void send({ janus: 'keepalive' }).catch(() => undefined), 20_000);
    },
    /** @returns {Promise<{ id: number, message: (body: any, jsep?: any) => Promise<any>, next: () => Promise<any> }>} */
    async attach() {
      const id = (await send({ janus: 'attach', plugin: 'janus.plugin.videoroom' })).data.id;
      /** @type {any[]} */
      const events = [];
      /** @type {((m: any) => void)[]} */
      const takers = [];
      handlers.set(id, (m) => {
        if (m.janus !== 'event') return;
        const take = takers.shift();
        if (take) take(m);
        else events.push(m);
      });
      return {
        id,
        message: (body, jsep) => send({ janus: 'message', handle_id: id, body, ...(jsep ? { jsep } : {}) }),
        /** The next plugin event of this handle (joined, attached, configured, …). */
        next: () => new Promise((resolve) => (events.length ? resolve(events.shift()) : takers.push(resolve))),
      };
    },
    close() {
      clearInterval(keepalive);
      ws.close();
    },
  };
}

/** @param {RTCPeerConnection} pc */
async function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise((resolve) => {
    const check = () => pc.iceGatheringState === 'complete' && resolve(undefined);
    pc.addEventListener('icegatheringstatechange', check);
    setTimeout(resolve, 5_000);
  });
}

/** @param {any} event */
function check(event) {
  const data = event?.plugindata?.data;
  if (!data || data.error_code) throw new Error(`janus: ${JSON.stringify(data ?? event)}`);
  return data;
}

/**
 * @param {{ url: string, room: number, token: string, display: string }} o
 * @returns {Promise<{ feed: number, privateId: number, conn: ReturnType<typeof connect>, publishers: any[] }>}
 */
async function joinRoom(o) {
  const conn = connect(o.url);
  await conn.start();
  const h = await conn.attach();
  await h.message({ request: 'join', ptype: 'publisher', room: o.room, display: o.display, token: o.token });
  const joined = check(await h.next());
  if (joined.videoroom !== 'joined') throw new Error(`janus: not joined: ${JSON.stringify(joined)}`);
  return Object.assign({ feed: joined.id, privateId: joined.private_id, conn, publishers: joined.publishers ?? [] }, { handle: h });
}

/** @type {RTCPeerConnection[]} */
const connections = [];

const sfu = {
  /**
   * Joins and publishes the fake camera and microphone.
   * @param {{ url: string, room: number, token: string, display: string, width: number, height: number, fps: number }} o
   */
  async publish(o) {
    const me = await joinRoom(o);
    const h = /** @type {any} */ (me).handle;
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: o.width, height: o.height, frameRate: o.fps } });
    const pc = new RTCPeerConnection();
    connections.push(pc);
    for (const t of media.getTracks()) pc.addTransceiver(t, { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const local = /** @type {RTCSessionDescription} */ (pc.localDescription);
    await h.message({ request: 'configure', audio: true, video: true }, { type: local.type, sdp: local.sdp, trickle: false });
    const answer = await h.next();
    check(answer);
    await pc.setRemoteDescription(answer.jsep);
    return { feed: me.feed };
  },

  /**
   * One receive-only participant: joins the room (no media) and subscribes to `feed`.
   * Resolves with the milliseconds from the start to the first decoded video frame.
   * @param {{ url: string, room: number, token: string, display: string, feed: number, timeoutMs: number }} o
   */
  async subscribe(o) {
    const t0 = performance.now();
    const me = await joinRoom(o);
    const h = await me.conn.attach();
    await h.message({ request: 'join', ptype: 'subscriber', room: o.room, streams: [{ feed: o.feed }], private_id: me.privateId, token: o.token });
    const offer = await h.next();
    check(offer);
    const pc = new RTCPeerConnection();
    connections.push(pc);
    await pc.setRemoteDescription(offer.jsep);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    const local = /** @type {RTCSessionDescription} */ (pc.localDescription);
    await h.message({ request: 'start', room: o.room }, { type: local.type, sdp: local.sdp, trickle: false });
    while (performance.now() - t0 < o.timeoutMs) {
      const s = await received(pc);
      if (s.framesDecoded > 0 && s.audioBytes > 0) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no media after ${o.timeoutMs} ms (ICE ${pc.iceConnectionState})`);
  },

  /** Inbound totals over every PeerConnection of this page. */
  async totals() {
    let videoBytes = 0;
    let audioBytes = 0;
    let framesDecoded = 0;
    for (const pc of connections) {
      const s = await received(pc);
      videoBytes += s.videoBytes;
      audioBytes += s.audioBytes;
      framesDecoded += s.framesDecoded;
    }
    return { videoBytes, audioBytes, framesDecoded, connections: connections.length };
  },
};

/** @param {RTCPeerConnection} pc */
async function received(pc) {
  const out = { videoBytes: 0, audioBytes: 0, framesDecoded: 0 };
  (await pc.getStats()).forEach((s) => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') {
      out.videoBytes += s.bytesReceived ?? 0;
      out.framesDecoded += s.framesDecoded ?? 0;
    } else out.audioBytes += s.bytesReceived ?? 0;
  });
  return out;
}

Object.assign(window, { sfu });
