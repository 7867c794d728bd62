import { defaultConflictHandler, type RxConflictHandler } from 'rxdb';
import { sameContent, type CollectionSpec } from '../../sync/index.ts';
import { outboxId, recordIssue, type Outbox } from './outbox.ts';
import { log, noted } from '../shared/log.ts';

const logger = log('sync');

type AnyDoc = Record<string, unknown> & { id: string };

/** Refusals from the push answer, waiting for the conflict handler (which runs right after). */
export type PendingRefusals = Map<string, { code: string; message: string }>;

/**
 * What the device does when the server answers a push with its own version of a document:
 * - refused (no right, invalid): the device takes the server's version and keeps the person's in
 *   the outbox as «not sent», with the reason;
 * - `manual`: the device shows the server's version and keeps the person's beside it, to choose
 *   (unless they say the same: then it is only the server's copy of what the device pushed);
 * - `append-only` / `mergeable`: the server's version is the answer (first version stands, or the
 *   merge already kept the person's changed fields).
 */
export function conflictHandlerFor(spec: CollectionSpec, outbox: Outbox, refusals: PendingRefusals): RxConflictHandler<AnyDoc> {
  return {
    isEqual: defaultConflictHandler.isEqual,
    async resolve({ newDocumentState: mine, realMasterState: theirs }) {
      const refusal = refusals.get(mine.id);
      if (refusal) {
        refusals.delete(mine.id);
        await recordIssue(outbox, spec.name, { docId: mine.id, state: 'rejected', mine, theirs, code: refusal.code, reason: refusal.message });
      } else if (spec.conflict === 'manual' && !sameContent(spec, mine, theirs)) {
        await recordIssue(outbox, spec.name, { docId: mine.id, state: 'conflict', mine, theirs });
      } else {
        await outbox.findOne(outboxId(spec.name, mine.id)).remove().catch(noted(logger, 'clearing an outbox entry', 'debug'));
      }
      return theirs;
    },
  };
}
