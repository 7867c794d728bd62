import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SFU_UNAVAILABLE } from '../sfu.ts';
import { writeJanusConfig } from './config.ts';
import { findExecutable } from '../../system/executable.ts';
import { startSfu } from './start.ts';

const dirs: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-janus-config-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fake installation laid out like Debian's: bin/janus and lib/<triplet>/janus/{plugins,transports,…}. */
function fakeInstall(): string {
  const root = tmp();
  const lib = path.join(root, 'lib', 'x86_64-linux-gnu', 'janus');
  const put = (folder: string, names: string[]): void => {
    fs.mkdirSync(path.join(lib, folder), { recursive: true });
    for (const n of names) fs.writeFileSync(path.join(lib, folder, n), '');
  };
  put('plugins', ['libjanus_videoroom.so', 'libjanus_streaming.so', 'libjanus_sip.so', 'libjanus_sip.so.1']);
  put('transports', ['libjanus_websockets.so', 'libjanus_http.so', 'libjanus_pfunix.so']);
  put('events', ['libjanus_wsevh.so']);
  put('loggers', ['libjanus_jsonlog.so']);
  fs.mkdirSync(path.join(root, 'bin'));
  fs.writeFileSync(path.join(root, 'bin', 'janus'), '#!/bin/sh\n', { mode: 0o755 });
  return path.join(root, 'bin', 'janus');
}

describe('generated Janus configuration', () => {
  it('loads only the VideoRoom and the loopback WebSocket, and locks room creation with the admin key', () => {
    const dir = path.join(tmp(), 'janus');
    const { configFile, logFile } = writeJanusConfig({
      bin: fakeInstall(),
      port: 18555,
      dir,
      adminKey: 'k-123',
      iceEnforce: 'eth0,10.0.0.5',
      nat11: '203.0.113.7',
      stun: 'stun.example.org:3478',
      rtpPorts: '20000-20999',
    });
    const core = fs.readFileSync(configFile, 'utf8');
    expect(core).toContain('disable = "libjanus_sip.so,libjanus_streaming.so"');
    expect(core).toContain('disable = "libjanus_http.so,libjanus_pfunix.so"');
    expect(core).toContain('disable = "libjanus_wsevh.so"');
    expect(core).toContain('disable = "libjanus_jsonlog.so"');
    expect(core).toContain(`log_to_file = "${logFile}"`);
    expect(core).toContain('ice_enforce_list = "eth0,10.0.0.5"');
    expect(core).toContain('nat_1_1_mapping = "203.0.113.7"');
    expect(core).toContain('stun_server = "stun.example.org"');
    expect(core).toContain('stun_port = 3478');
    expect(core).toContain('rtp_port_range = "20000-20999"');
    const ws = fs.readFileSync(path.join(dir, 'janus.transport.websockets.jcfg'), 'utf8');
    expect(ws).toContain('ws_port = 18555');
    expect(ws).toContain('ws_ip = "127.0.0.1"');
    expect(ws).toContain('admin_ws = false');
    expect(fs.readFileSync(path.join(dir, 'janus.plugin.videoroom.jcfg'), 'utf8')).toContain('admin_key = "k-123"');
    // The admin key is a secret: only our user reads the files.
    expect(fs.statSync(path.join(dir, 'janus.plugin.videoroom.jcfg')).mode & 0o077).toBe(0);
  });

  it('refuses values that would break the file', () => {
    expect(() => writeJanusConfig({ bin: fakeInstall(), port: 1, dir: tmp(), adminKey: 'k', rtpPorts: '20000:30000' })).toThrow(/20000-40000/);
    expect(() => writeJanusConfig({ bin: path.join(tmp(), 'janus'), port: 1, dir: tmp(), adminKey: 'k' })).toThrow();
  });
});

describe('starting without Janus', () => {
  const base = { bin: 'janus', url: undefined, adminKey: undefined, port: 1, iceEnforce: undefined, nat11: undefined, stun: undefined, rtpPorts: '20000-20100' };

  it('says why calls above the mesh size are refused, and the Sfu refuses', async () => {
    const off = await startSfu({ ...base, mode: 'off' }, tmp(), { maxPeople: 4 });
    expect(off.status).toMatch(/PARTA_JANUS=off.*calls above 4 people/);
    expect(off.sfu.available).toBe(false);
    await expect(off.sfu.createRoom({ description: 'x', publishers: 100, audioOnly: false })).rejects.toThrow(SFU_UNAVAILABLE);
    const missing = await startSfu({ ...base, mode: 'auto', bin: '/nonexistent/janus' }, tmp(), { maxPeople: 6 });
    expect(missing.status).toMatch(/not installed.*calls above 6 people/);
    expect(missing.sfu.available).toBe(false);
  });

  it('finds janus on PATH', () => {
    const bin = fakeInstall();
    expect(findExecutable('janus', path.dirname(bin))).toBe(bin);
    expect(findExecutable('janus-nope', path.dirname(bin))).toBeNull();
  });
});
