import type { CallDoc } from '../../sync/index.ts';

const STATUS_ORDER: Record<CallDoc['status'], number> = { published: 0, draft: 1, ended: 2 };

/** Live calls first, then published, drafts, ended; newest date first within each. */
export function sortCalls(calls: readonly CallDoc[]): CallDoc[] {
  return [...calls].sort(
    (a, b) =>
      Number(b.live && b.status !== 'ended') - Number(a.live && a.status !== 'ended') ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (b.date ?? '').localeCompare(a.date ?? '') ||
      a.title.localeCompare(b.title),
  );
}
