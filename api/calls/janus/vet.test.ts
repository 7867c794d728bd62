import { describe, expect, it } from 'vitest';
import type { SfuSeat } from '../sfu.ts';
import { vetJanusRequest } from './vet.ts';

const seat: SfuSeat = { room: 7001, token: 'tok-anna', participantId: 'p-anna', watch: () => () => undefined };
const vet = (msg: unknown) => vetJanusRequest(JSON.stringify(msg), seat);
const forwarded = (msg: unknown) => {
  const v = vet(msg);
  if (!('forward' in v)) throw new Error(`refused: ${v.refused}`);
  return JSON.parse(v.forward) as { body: Record<string, unknown> };
};

describe('what a browser may ask Janus through /sfu', () => {
  it('joins only its own room, as its own presence, whatever the page asked', () => {
    const join = forwarded({ janus: 'message', transaction: 't', handle_id: 1, body: { request: 'join', ptype: 'publisher', room: 42, display: 'p-teacher', token: 'stolen' } });
    expect(join.body).toMatchObject({ room: 7001, display: 'p-anna', token: 'tok-anna' });
    const sub = forwarded({ janus: 'message', transaction: 't', handle_id: 2, body: { request: 'join', ptype: 'subscriber', room: 42, streams: [{ feed: 5 }] } });
    expect(sub.body).toMatchObject({ room: 7001, token: 'tok-anna', streams: [{ feed: 5 }] });
    expect(forwarded({ janus: 'message', transaction: 't', body: { request: 'configure', display: 'p-teacher', audio: true } }).body.display).toBe('p-anna');
    expect(forwarded({ janus: 'message', transaction: 't', body: { request: 'start', room: 1 } }).body.room).toBe(7001);
  });

  it('refuses the rest with a Janus error the client can match to its transaction', () => {
    for (const request of ['create', 'destroy', 'kick', 'moderate', 'allowed', 'listparticipants', 'list', 'rtp_forward', 'edit', 'joinandconfigure']) {
      expect(vet({ janus: 'message', transaction: `t-${request}`, body: { request, room: 7001 } })).toEqual({
        refused: JSON.stringify({ janus: 'error', transaction: `t-${request}`, error: { code: 403, reason: 'request not allowed' } }),
      });
    }
    expect('refused' in vet({ janus: 'attach', transaction: 'a', plugin: 'janus.plugin.echotest' })).toBe(true);
    expect('refused' in vet({ janus: 'info', transaction: 'i' })).toBe(true);
    expect('refused' in vetJanusRequest('not json', seat)).toBe(true);
    expect('forward' in vet({ janus: 'attach', transaction: 'a', plugin: 'janus.plugin.videoroom' })).toBe(true);
    expect('forward' in vet({ janus: 'keepalive', session_id: 1, transaction: 'k' })).toBe(true);
  });
});
