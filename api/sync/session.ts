import { userError } from '../http/errors.ts';
import type { RequestContext } from '../http/context.ts';

/** Every sync operation is a signed-in person's: pulls, pushes and streams refuse anyone else. */
export function requireSession(ctx: RequestContext): void {
  if (!ctx.session) throw userError(ctx.lang, 'UNAUTHENTICATED');
}
