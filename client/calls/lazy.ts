/** Everything about calls, in its own chunk: the diary's first load carries none of it. */
import type { Resource } from 'i18next';
import { addPartCatalog, partCatalog } from '../i18n/i18n.ts';
import './calls.css';

// The call screens' strings come with them (locales/calls/), not in the diary's first load.
await addPartCatalog(partCatalog('calls', import.meta.glob<{ default: Resource }>('../../locales/calls/*.json')));

export { CallsOverlay } from './CallsOverlay.tsx';
export { CallsScreen } from './CallsScreen.tsx';
