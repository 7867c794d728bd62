import { Repeater } from 'graphql-yoga';
import { operationNames } from '../../sync/index.ts';
import type { ServerCollection } from './policy.ts';
import { scopeParts } from './registry.ts';
import { scopeNotifyKeys, type Scope } from './scope.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import { log } from '../shared/log.ts';

const logger = log('sync');

const WAKE_WINDOW_MS = 20;

/**
 * A live stream of wake-ups for one collection, one per change in the subscriber's scope. When a
 * link that shapes the scope changes (a child linked, a chat joined or left: `scope:` notifications),
 * the stream recomputes the scope, listens to the new keys, and wakes the device so it pulls the
 * gained history or the tombstones of what it lost.
 */
export function stream(ctx: RequestContext, collection: ServerCollection) {
  requireUser(ctx);
  const { spec } = collection;
  const userId = ctx.session?.userId ?? '';
  return new Repeater<{ [op: string]: { collection: string } }>(async (pushSignal, stop) => {
    const op = operationNames(spec).stream;
    const signal = { [op]: { collection: spec.name } };
    // The first change wakes the device at once; more within the next 20 ms (a teacher saving a
    // column of marks is many transactions) make one more wake-up at the end: the device pulls
    // everything after its checkpoint anyway.
    let last = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const send = (): void => {
      last = Date.now();
      void pushSignal(signal);
    };
    const wake = (): void => {
      if (trailing) return;
      const wait = last + WAKE_WINDOW_MS - Date.now();
      if (wait <= 0) send();
      else
        trailing = setTimeout(() => {
          trailing = null;
          send();
        }, wait);
    };
    let unsubscribe = (): void => undefined;
    let stopped = false;
    const listen = (scope: Scope): void => {
      unsubscribe();
      const offChanges = ctx.hub.subscribe(spec.name, new Set(collection.wakeKeys(scope)), wake);
      const offScope = ctx.hub.subscribe('scope', scopeNotifyKeys(scope, scopeParts()), () =>
        void ctx.scopes.get(userId).then(
          (fresh) => {
            if (stopped) return;
            listen(fresh);
            wake();
          },
          (error: unknown) => {
            logger.error('scope reload failed', { error });
            ctx.onStreamFailure?.();
            stop();
          },
        ),
      );
      unsubscribe = () => {
        offChanges();
        offScope();
      };
    };
    try {
      listen(await ctx.scope());
      // The client pulled when it connected, but a change may have committed between that pull and
      // this subscription: one wake-up now closes the gap.
      void pushSignal(signal);
    } catch (error) {
      logger.error('stream setup failed', { error });
      ctx.onStreamFailure?.();
      stop();
    }
    await stop;
    stopped = true;
    if (trailing) clearTimeout(trailing);
    unsubscribe();
  });
}
