/** Everything about calls, in its own chunk: the diary's first load carries none of it. */
import type { Resource } from 'i18next';
import { addPartCatalog } from '../i18n/i18n.ts';
import './calls.css';

// The call screens' strings come with them (locales/calls/), not in the diary's first load.
const catalogs = import.meta.glob<{ default: Resource }>('../../locales/calls/*.json');
await addPartCatalog(async (lang) => {
  const load = catalogs[`../../locales/calls/${lang}.json`];
  if (!load) throw new Error(`no calls catalog for ${lang}`);
  return (await load()).default;
});

export { CallsOverlay } from './CallsOverlay.tsx';
export { CallsScreen } from './CallsScreen.tsx';
export { OnlineLessonsScreen } from './OnlineLessonsScreen.tsx';
