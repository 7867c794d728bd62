/** The teacher's journal: `/lessons` (this week's lessons) and `/lessons/week/2026-11-30`. */
import { param, segment, type PlaceRoute } from '../shared/navigation.ts';

export interface LessonsPlace {
  /** Any day of the week shown; null for this week. */
  week: string | null;
}

export const LESSONS_PATH = '/lessons';

export const LESSONS_ROUTES: readonly PlaceRoute<LessonsPlace>[] = [
  { path: LESSONS_PATH, place: () => ({ week: null }) },
  { path: `${LESSONS_PATH}/week/:week`, place: (p) => ({ week: param(p, 'week') }) },
];

export const lessonsPath = (place: LessonsPlace): string => (place.week ? `${LESSONS_PATH}/week/${segment(place.week)}` : LESSONS_PATH);
