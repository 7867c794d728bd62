import type { AppRoute } from '../shared/navigation.ts';
import { DiaryScreen } from './DiaryScreen.tsx';
import { DIARY_ROUTES } from './paths.ts';

/** The diary's addresses (see paths.ts); part of the first load, as the diary is what most people open. */
export const diaryRoutes: AppRoute[] = DIARY_ROUTES.map((route) => ({
  path: route.path,
  render: (params, session) => <DiaryScreen session={session} place={route.place(params)} />,
}));
