/**
 * Every domain's addresses, gathered: the app's one route table. Domains know only their own
 * paths and client/shared/navigation.ts; the wiring between them (the journal's use of calls'
 * operations) is done here, where every domain may be seen.
 */
import { accountsPublicRoutes } from '../accounts/routes.tsx';
import { callsRoutes } from '../calls/routes.tsx';
import { diaryRoutes } from '../diary/routes.tsx';
import type { OnlineLessonActions } from '../journal/online-lesson-actions.ts';
import { journalRoutes } from '../journal/routes.tsx';
import type { AppRoute, PublicRoute } from '../shared/navigation.ts';

// Calls' operations over HTTP, fetched on first use (a small chunk, not the call screens).
const callsApi = () => import('../calls/api.ts');
const onlineLessonActions: OnlineLessonActions = {
  create: async (lessonId, studentIds) => (await callsApi()).createOnlineLesson(lessonId, studentIds),
  publish: async (callId) => (await callsApi()).publishOnlineLesson(callId),
  end: async (callId) => (await callsApi()).endCall(callId),
};

/** Open to anyone: shown on their own when signed out, inside the app's frame when signed in. */
export const publicRoutes: readonly PublicRoute[] = [...accountsPublicRoutes];

/** The signed-in app. Order matters only where patterns overlap (they do not). */
export const appRoutes: readonly AppRoute[] = [...diaryRoutes, ...callsRoutes, ...journalRoutes(onlineLessonActions)];
