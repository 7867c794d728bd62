/**
 * What main.ts calls: start Janus under supervision and connect the Sfu to it, or explain why calls
 * above the mesh size will be refused (Janus off, not installed, or failing to start). Never throws:
 * the rest of Parta works without an SFU.
 */
import path from 'node:path';
import type { JanusConfig } from '../../config.ts';
import { findExecutable } from '../../system/executable.ts';
import { unavailableSfu, type Sfu } from '../sfu.ts';
import { createJanusSfu } from './janus-sfu.ts';
import { startJanus, type JanusSupervisor } from './supervisor.ts';

export interface StartedSfu {
  sfu: Sfu;
  /** The running supervisor, null when Janus is not running. */
  janus: JanusSupervisor | null;
  /** One line for the console: where Janus runs, or why calls above the mesh size are refused. */
  status: string;
  close(): Promise<void>;
}

export async function startSfu(config: JanusConfig, dataDir: string, mesh: { maxPeople: number }): Promise<StartedSfu> {
  const refused = `calls above ${mesh.maxPeople} people and online lessons are refused`;
  const none = (status: string): StartedSfu => ({ sfu: unavailableSfu, janus: null, status, close: async () => undefined });
  if (config.mode === 'off') return none(`Janus is off (PARTA_JANUS=off): ${refused}`);
  if (config.mode === 'external' && config.url && config.adminKey) {
    // Someone else runs it (several API processes share one SFU): connect, never start or stop it.
    try {
      const sfu = await createJanusSfu({ url: config.url, adminKey: config.adminKey });
      return { sfu, janus: null, status: `Janus at ${config.url} (external), reached by browsers through /sfu`, close: () => sfu.close() };
    } catch (e) {
      return none(`Janus at ${config.url} did not answer (${(e as Error).message}): ${refused}`);
    }
  }
  const bin = findExecutable(config.bin);
  if (!bin) return none(`Janus is not installed (no ${config.bin}; apt-get install janus): ${refused}`);
  let janus: JanusSupervisor | null = null;
  try {
    janus = await startJanus({
      bin,
      port: config.port,
      dir: path.join(dataDir, 'janus'),
      iceEnforce: config.iceEnforce,
      nat11: config.nat11,
      stun: config.stun,
      rtpPorts: config.rtpPorts,
    });
    const sfu = await createJanusSfu({ url: janus.url, adminKey: janus.adminKey, onJanusReady: janus.onReady });
    const running = janus;
    return {
      sfu,
      janus,
      status: `Janus ${bin} (pid ${janus.pid ?? '?'}) on ${janus.url}, reached by browsers through /sfu; media on UDP ${config.rtpPorts}; log ${janus.logFile}`,
      async close() {
        await sfu.close();
        await running.close();
      },
    };
  } catch (e) {
    await janus?.close();
    return none(`Janus did not start (${(e as Error).message}): ${refused}`);
  }
}
