import type { Db } from '../db/database.ts';

export const CHANGES_CHANNEL = 'parta_changes';

type Listener = () => void;

/**
 * Fans database change notifications out to live streams. Every API process LISTENs on the same
 * channel, so a change written through any process wakes the subscribers of all of them.
 * A notification names a collection and a scope key (`marks:class-7a`); only subscribers whose
 * scope holds that key are woken, and they pull — the notification itself carries no data.
 */
export class ChangeHub {
  /** `collection:key` → listeners: a notification costs a lookup, not a scan of every stream. */
  private readonly byKey = new Map<string, Set<Listener>>();
  private readonly all = new Set<Listener>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(
      CHANGES_CHANNEL,
      (payload) => this.dispatch(payload),
      // The listening connection dropped: changes may have been missed, so everyone pulls.
      () => this.wakeAll(),
    );
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.byKey.clear();
    this.all.clear();
  }

  get size(): number {
    return this.all.size;
  }

  subscribe(collection: string, keys: ReadonlySet<string>, listener: Listener): () => void {
    // One wrapper per subscription, so a listener registered under many keys is one entry in `all`.
    const wake: Listener = () => listener();
    this.all.add(wake);
    const slots = [...keys].map((key) => `${collection}:${key}`);
    for (const slot of slots) {
      let set = this.byKey.get(slot);
      if (!set) this.byKey.set(slot, (set = new Set()));
      set.add(wake);
    }
    return () => {
      this.all.delete(wake);
      for (const slot of slots) {
        const set = this.byKey.get(slot);
        set?.delete(wake);
        if (set?.size === 0) this.byKey.delete(slot);
      }
    };
  }

  wakeAll(): void {
    for (const wake of this.all) wake();
  }

  private dispatch(payload: string): void {
    // The payload is exactly one `collection:key` slot, so each subscriber is woken at most once.
    for (const wake of this.byKey.get(payload) ?? []) wake();
  }
}
