import type { SyncDomain } from '../sync/registry.ts';
import { marksSync } from './marks.sync.ts';

/** The teachers' journal: marks, and who may write them. */
export const journalSync: SyncDomain = { name: 'journal', collections: [marksSync] };
