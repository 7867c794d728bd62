/**
 * The navigation kit every domain uses: wouter (path URLs over the History API), re-exported so
 * that domains depend on client/shared/ rather than on the router library, and the shape of the
 * route definitions a domain hands to client/app/, which gathers them into one <Switch>.
 *
 * Each domain owns its paths (diary/paths.ts, calls/paths.ts, journal/paths.ts, accounts/paths.ts).
 * The only addresses here are the ones a domain links to in another: home, and a call.
 */
import type { ReactNode } from 'react';
import type { SessionInfo } from '../../sync/index.ts';

export { Link, Redirect, Route, Switch, useLocation, useRoute, useSearch } from 'wouter';
// The plain function (not a hook): usable from event handlers and from code outside React.
export { navigate } from 'wouter/use-browser-location';

/** Parameters of a matched path pattern, as wouter gives them. */
export type RouteParams = Readonly<Record<string | number, string | undefined>>;

/** One address a domain answers for a signed-in person. */
export interface AppRoute {
  /** A wouter pattern, e.g. `/diary/week/:week`. */
  path: string;
  render(params: RouteParams, session: SessionInfo): ReactNode;
}

/** One address anyone may open, signed in or not (shown inside the app's frame when signed in). */
export interface PublicRoute {
  path: string;
  render(params: RouteParams): ReactNode;
}

/**
 * Where a pattern leads, as data: the domain's route table, which its routes render and its
 * tests check against its path builders (a built path must lead back to the same place).
 */
export interface PlaceRoute<Place> {
  path: string;
  place(params: RouteParams): Place;
}

/** One path segment from a value (an id, a date, a link code). */
export const segment = (value: string): string => encodeURIComponent(value);

/** A value back from its segment; a malformed escape (a mangled link) is kept as it came. */
export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A path parameter, decoded; '' when absent. */
export const param = (params: RouteParams, name: string): string => decodeSegment(params[name] ?? '');

/** The app's root: it sends each person to their role's home (client/app/home.ts). */
export const HOME_PATH = '/';

/** A call's own address: the diary's «Присоединиться к уроку» and the journal's «Перейти» lead here. */
export const callPath = (callId: string): string => `/calls/${segment(callId)}`;
