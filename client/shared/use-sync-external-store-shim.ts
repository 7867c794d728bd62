/**
 * Stands in for the `use-sync-external-store/shim` package that wouter imports (see vite.config.ts):
 * the shim exists for React before 18, and on React 18 it only hands over React's own hook — so
 * the first load need not carry it.
 */
export { useSyncExternalStore } from 'react';
