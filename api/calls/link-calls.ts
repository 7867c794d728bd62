/** Calls by link: anyone signed in starts one, shares its link; the link can be replaced (revoked). */
import { CALL_TITLE_FIELD, checkField, type CallMediaKind } from '../../sync/index.ts';
import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import { invalidField, rejectionMessage } from '../sync/checks.ts';
import { loadCall, requireAdmin } from './access.ts';
import { newCallId, newLinkCode } from './ids.ts';

export async function createLinkCall(
  ctx: RequestContext,
  args: { title: string; media: CallMediaKind; audience: 'school' | 'link'; schoolId?: string | null },
): Promise<string> {
  const me = requireUser(ctx);
  const title = args.title.trim();
  // The title's declaration in sync/: one line, not blank (zero-width characters say nothing), not too long.
  const refusal = checkField(CALL_TITLE_FIELD, title);
  if (refusal) throw userError(ctx.lang, 'BAD_REQUEST', { detail: rejectionMessage(ctx.lang, invalidField({ field: 'title', ...refusal })) });
  // The call belongs to one of the starter's schools — the one named (someone in two schools picks),
  // else their first: «my school» calls admit that school's people.
  const [school] = await ctx.db.query<{ school_id: string }>(
    'SELECT school_id FROM memberships WHERE user_id = $1 AND ($2::text IS NULL OR school_id = $2) ORDER BY school_id LIMIT 1',
    [me, args.schoolId ?? null],
  );
  if (!school) throw userError(ctx.lang, 'FORBIDDEN');
  const id = newCallId();
  await ctx.db.query(
    `INSERT INTO calls (id, school_id, kind, media, audience, title, admin_id, status, published_at, transport, link_code)
     VALUES ($1, $2, 'link', $3, $4, $5, $6, 'published', now(), 'mesh', $7)`,
    [id, school.school_id, args.media, args.audience, title, me, newLinkCode()],
  );
  return id;
}

/** A new link for the call: the old one stops working at once (people already in stay). */
export async function revokeCallLink(ctx: RequestContext, callId: string): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, callId);
  requireAdmin(ctx, call, me);
  if (call.link_code === null) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'the call has no link' });
  await ctx.db.query('UPDATE calls SET link_code = $2 WHERE id = $1', [callId, newLinkCode()]);
  return true;
}
