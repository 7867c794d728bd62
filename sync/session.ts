/**
 * What the server says about the signed-in person (the `me` query), kept on the device for offline
 * starts. The client's document (client/accounts/operations.ts) fails to compile if it parts from this.
 */
export interface SessionInfo {
  userId: string;
  lastName: string;
  firstName: string;
  patronymic?: string | null;
  roles: { schoolId: string; role: 'student' | 'parent' | 'teacher' | 'admin'; classId?: string | null }[];
  /** Students whose diary this person reads: themselves (student) or their children (parent). */
  diaryStudents: { id: string; lastName: string; firstName: string; classId: string; className: string }[];
  school: { id: string; name: string; timeZone: string } | null;
}

export const SESSION_COOKIE = 'parta_session';
/**
 * WebSocket close code for «this socket's session ended» (signed out, expired): graphql-ws's own
 * Unauthorized, which its client treats as fatal and does not retry with the dead cookie.
 */
export const SESSION_ENDED_CLOSE = 4401;
/** The close frame's reason with that code (protocol text, never shown to a person). */
export const SESSION_ENDED_REASON = 'Unauthorized';

/** A socket's close event (browser CloseEvent, `ws`'s, graphql-ws's) saying the session ended. */
export function isSessionEndedClose(event: unknown): boolean {
  // `in`, not own keys: a browser CloseEvent's `code` is a getter on its prototype.
  return typeof event === 'object' && event !== null && 'code' in event && event.code === SESSION_ENDED_CLOSE;
}
