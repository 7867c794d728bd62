/** Everything about calls, in its own chunk: the diary's first load carries none of it. */
import { loadNamespaces } from '../i18n/i18n.ts';
import './calls.css';

// The call screens' strings come with them (locales/<lang>/calls.json, call.json), not in the diary's first load.
await loadNamespaces('calls', 'call');

export { CallsOverlay } from './CallsOverlay.tsx';
export { CallsScreen } from './CallsScreen.tsx';
