import { lazy } from 'react';
import { dateInZone, type SessionInfo } from '../../sync/index.ts';
import { HOME_PATH, Redirect, type AppRoute } from '../shared/navigation.ts';
import type { OnlineLessonActions } from './online-lesson-actions.ts';
import { LESSONS_ROUTES } from './paths.ts';

const OnlineLessonsScreen = lazy(() => import('./lazy.ts').then((m) => ({ default: m.OnlineLessonsScreen })));

/** The journal is a teacher's, in their school. */
export function keepsJournal(session: SessionInfo): boolean {
  return session.school !== null && session.roles.some((r) => r.role === 'teacher');
}

/** The journal's addresses (see paths.ts); anyone else who opens one is sent home. */
export function journalRoutes(actions: OnlineLessonActions): AppRoute[] {
  return LESSONS_ROUTES.map((route) => ({
    path: route.path,
    render: (params, session) =>
      session.school && keepsJournal(session) ? (
        <OnlineLessonsScreen
          teacherId={session.userId}
          schoolId={session.school.id}
          today={dateInZone(session.school.timeZone)}
          place={route.place(params)}
          actions={actions}
        />
      ) : (
        <Redirect to={HOME_PATH} replace />
      ),
  }));
}
