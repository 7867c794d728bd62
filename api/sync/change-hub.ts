import type { Db } from '../db/database.ts';

export const CHANGES_CHANNEL = 'parta_changes';

type Listener = () => void;

interface Subscription {
  collection: string;
  keys: ReadonlySet<string>;
  listener: Listener;
}

/**
 * Fans database change notifications out to live streams. Every API process LISTENs on the same
 * channel, so a change written through any process wakes the subscribers of all of them.
 * A notification names a collection and a scope key (`marks:class-7a`); only subscribers whose
 * scope holds that key are woken, and they pull — the notification itself carries no data.
 */
export class ChangeHub {
  private readonly subscriptions = new Set<Subscription>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(CHANGES_CHANNEL, (payload) => this.dispatch(payload));
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.subscriptions.clear();
  }

  get size(): number {
    return this.subscriptions.size;
  }

  subscribe(collection: string, keys: ReadonlySet<string>, listener: Listener): () => void {
    const sub: Subscription = { collection, keys, listener };
    this.subscriptions.add(sub);
    return () => this.subscriptions.delete(sub);
  }

  private dispatch(payload: string): void {
    const colon = payload.indexOf(':');
    const collection = payload.slice(0, colon);
    const key = payload.slice(colon + 1);
    for (const sub of this.subscriptions) {
      if (sub.collection === collection && sub.keys.has(key)) sub.listener();
    }
  }
}
