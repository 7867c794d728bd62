/** The teacher's journal, in its own chunk with its strings: a student's or a parent's first load carries none of it. */
import { loadNamespaces } from '../i18n/i18n.ts';
import './journal.css';

await loadNamespaces('onlineLessons');

export { OnlineLessonsScreen } from './OnlineLessonsScreen.tsx';
