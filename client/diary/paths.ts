/**
 * The diary's addresses: `/diary` (this week), `/diary/week/2026-11-30`, `/diary/grades`,
 * `/diary/subject/<id>`, each with `?child=<id>` when a parent looks at one of several children.
 *
 * The child is a query parameter rather than a path segment: it is optional (a student, a teacher
 * and a parent of one child never need it), it applies alike to every view of the diary (so one
 * pattern per view serves all), and switching children keeps the path — the same week or the
 * grades, for the other child.
 */
import { param, segment, type PlaceRoute } from '../shared/navigation.ts';

export type DiaryPlace = { view: 'week'; week: string | null } | { view: 'grades' } | { view: 'subject'; subjectId: string };

export const DIARY_PATH = '/diary';
export const THIS_WEEK: DiaryPlace = { view: 'week', week: null };

export const DIARY_ROUTES: readonly PlaceRoute<DiaryPlace>[] = [
  { path: DIARY_PATH, place: () => THIS_WEEK },
  { path: `${DIARY_PATH}/week/:week`, place: (p) => ({ view: 'week', week: param(p, 'week') }) },
  { path: `${DIARY_PATH}/grades`, place: () => ({ view: 'grades' }) },
  { path: `${DIARY_PATH}/subject/:subjectId`, place: (p) => ({ view: 'subject', subjectId: param(p, 'subjectId') }) },
];

export function diaryPath(place: DiaryPlace, child: string | null = null): string {
  const path =
    place.view === 'grades'
      ? `${DIARY_PATH}/grades`
      : place.view === 'subject'
        ? `${DIARY_PATH}/subject/${segment(place.subjectId)}`
        : place.week
          ? `${DIARY_PATH}/week/${segment(place.week)}`
          : DIARY_PATH;
  return child ? `${path}?${new URLSearchParams({ child })}` : path;
}

/** The child named in a query string (wouter's useSearch gives it without the `?`). */
export function childOf(search: string): string | null {
  return new URLSearchParams(search).get('child') || null;
}
