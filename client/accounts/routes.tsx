import { lazy } from 'react';
import type { PublicRoute } from '../shared/navigation.ts';
import { PRIVACY_PATH } from './paths.ts';

const PrivacyPage = lazy(() => import('./privacy-part.ts').then((m) => ({ default: m.PrivacyPage })));

/** Addresses anyone may open, signed in or not. */
export const accountsPublicRoutes: PublicRoute[] = [{ path: PRIVACY_PATH, render: () => <PrivacyPage /> }];
