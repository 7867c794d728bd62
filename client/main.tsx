import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { ErrorBoundary } from './app/ErrorBoundary.tsx';
import { redirectLegacyLink } from './app/legacy-links.ts';
import { loadStoredSession } from './accounts/session-store.ts';
import { preloadDataLayer } from './data/index.ts';
import { initI18n } from './i18n/i18n.ts';
import { registerServiceWorker } from './pwa/service-worker.ts';
import './styles.css';

registerServiceWorker();
// Before the first render: an old-style link (`?week=…`, `#/call/…`) opens at its new address.
redirectLegacyLink();
// Someone is signed in on this device: fetch the database code while the language loads.
if (loadStoredSession()) void preloadDataLayer();
await initI18n();
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
