/** Everything about calls, in its own chunk: the diary's first load carries none of it. */
import './calls.css';
export { CallsOverlay } from './CallsOverlay.tsx';
export { CallsScreen } from './CallsScreen.tsx';
export { OnlineLessonsScreen } from './OnlineLessonsScreen.tsx';
