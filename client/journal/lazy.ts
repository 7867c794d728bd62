/** The teacher's journal, in its own chunk with its strings: a student's or a parent's first load carries none of it. */
import type { Resource } from 'i18next';
import { addPartCatalog, partCatalog } from '../i18n/i18n.ts';
import './journal.css';

await addPartCatalog(partCatalog('journal', import.meta.glob<{ default: Resource }>('../../locales/journal/*.json')));

export { OnlineLessonsScreen } from './OnlineLessonsScreen.tsx';
