import type { SyncDomain } from '../sync/registry.ts';
import { lessonsSync } from './lessons.sync.ts';

/** The diary: lessons as families and teachers see them (its facts come from memberships). */
export const diarySync: SyncDomain = { name: 'diary', collections: [lessonsSync] };
