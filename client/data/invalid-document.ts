import type { FieldRefusal } from '../../sync/index.ts';

/**
 * A write the device refused before queuing it: it breaks its collection's declaration in sync/
 * (the same rules the server applies), so the server would refuse it. The screen words it with
 * `push.field.<problem>` and the field's label `sync.fields.<field>`, as the server would.
 */
export class InvalidDocumentError extends Error {
  readonly code = 'INVALID_DOCUMENT';
  readonly reason: string;
  constructor(
    readonly collection: string,
    readonly refusal: FieldRefusal,
  ) {
    super(`${collection}.${refusal.field}: ${refusal.problem}`);
    this.name = 'InvalidDocumentError';
    this.reason = `push.field.${refusal.problem}`;
  }
}
