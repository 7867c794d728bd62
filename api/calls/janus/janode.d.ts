/**
 * The part of janode (plain JavaScript, no types of its own) that Parta uses: a connection, a
 * session and a generic plugin handle that sends VideoRoom requests and resolves with Janus's answer.
 */
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface JanusAnswer {
    janus: string;
    plugindata?: { plugin: string; data: Record<string, unknown> & { error_code?: number; error?: string } };
  }
  export interface JanodeHandle extends EventEmitter {
    readonly id: number;
    message(body: Record<string, unknown>): Promise<JanusAnswer>;
    detach(): Promise<void>;
  }
  export interface JanodeSession extends EventEmitter {
    readonly id: number;
    attach(opts: { id: string }): Promise<JanodeHandle>;
    destroy(): Promise<void>;
  }
  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<void>;
  }
  const Janode: {
    connect(config: { address: { url: string }; retry_time_secs?: number; max_retries?: number; is_admin?: boolean }): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): void };
    EVENT: { CONNECTION_CLOSED: string; CONNECTION_ERROR: string; SESSION_DESTROYED: string };
  };
  export default Janode;
}
