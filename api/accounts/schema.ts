import type { SessionInfo } from '../../sync/index.ts';
import { normalizePhone } from '../../sync/phone.ts';
import { userError } from '../http/errors.ts';
import type { RequestContext } from '../http/context.ts';
import { loadSessionInfo } from './me.ts';
import { verifyPassword } from './passwords.ts';
import { attemptSucceeded, beginAttempt, forgetOldAttempts } from './rate-limit.ts';
import { clearedSessionCookie, createSession, revokeSession, sessionCookie } from '../http/sessions.ts';

export const accountsTypeDefs = /* GraphQL */ `
enum SchoolRole { student parent teacher admin }
type Role { schoolId: String!, role: SchoolRole!, classId: String }
type DiaryStudent { id: String!, lastName: String!, firstName: String!, classId: String!, className: String! }
type SchoolRef { id: String!, name: String!, timeZone: String! }
type Me {
  userId: String!
  lastName: String!
  firstName: String!
  patronymic: String
  roles: [Role!]!
  diaryStudents: [DiaryStudent!]!
  school: SchoolRef
}
extend type Query {
  "The signed-in person, or null without a valid session."
  me: Me
}
extend type Mutation {
  "Signs in by phone (a mobile number of Russia, Kazakhstan, Belarus, Uzbekistan, Kyrgyzstan or Tajikistan in any common spelling) and password; sets the session cookie."
  signIn(phone: String!, password: String!): Me!
  "Ends this device's session and clears its cookie."
  signOut: Boolean!
}
`;

export const accountsResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: RequestContext): Promise<SessionInfo | null> | null =>
      ctx.session ? loadSessionInfo(ctx.db, ctx.session.userId) : null,
  },
  Mutation: {
    async signIn(_: unknown, args: { phone: string; password: string }, ctx: RequestContext): Promise<SessionInfo> {
      const phone = normalizePhone(args.phone.slice(0, 40));
      if (!phone) throw userError(ctx.lang, 'INVALID_PHONE');
      const attempt = await beginAttempt(ctx.db, phone, ctx.clientAddress);
      const refusal = attempt.refusal;
      if (refusal?.locked) throw userError(ctx.lang, 'RATE_LIMITED', { minutes: refusal.minutes });
      if (refusal) throw userError(ctx.lang, 'SIGN_IN_DELAYED', { seconds: refusal.seconds });
      const [user] = await ctx.db.query<{ id: string; password_hash: string | null }>(
        'SELECT id, password_hash FROM users WHERE phone = $1 AND NOT deleted',
        [phone],
      );
      // Unknown phone and wrong password answer alike, in the same time: no account enumeration.
      const ok = await verifyPassword(user?.password_hash ?? null, args.password.slice(0, 200));
      if (!user || !ok) {
        await forgetOldAttempts(ctx.db);
        throw userError(ctx.lang, 'INVALID_CREDENTIALS');
      }
      await attemptSucceeded(ctx.db, attempt);
      const token = await createSession(ctx.db, user.id, ctx.userAgent);
      ctx.setCookie(sessionCookie(token, { secure: ctx.secureCookies }));
      const info = await loadSessionInfo(ctx.db, user.id);
      if (!info) throw userError(ctx.lang, 'INTERNAL');
      return info;
    },
    async signOut(_: unknown, __: unknown, ctx: RequestContext): Promise<boolean> {
      if (ctx.session) await revokeSession(ctx.db, ctx.session.tokenHash);
      ctx.setCookie(clearedSessionCookie({ secure: ctx.secureCookies }));
      return true;
    },
  },
};
