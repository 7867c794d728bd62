import { useSearch } from '../shared/navigation.ts';
import { childOf, diaryPath, type DiaryPlace } from './paths.ts';

/** Builds diary paths for the child on screen (the child named in the address, kept across views). */
export function useDiaryPath(): (place: DiaryPlace) => string {
  const child = childOf(useSearch());
  return (place) => diaryPath(place, child);
}

/**
 * History state of an entry pushed from inside the diary (a week or the grades opening a subject):
 * the subject's «back» then goes back in history, to the very week it came from.
 */
export const FROM_DIARY = { parta: 'from-diary' } as const;

export function cameFromDiary(): boolean {
  const state: unknown = history.state;
  return typeof state === 'object' && state !== null && (state as { parta?: unknown }).parta === FROM_DIARY.parta;
}
