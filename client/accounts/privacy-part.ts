/** The privacy notice with its strings, in its own small chunk: few open it, and the first load stays lean. */
import { loadNamespaces } from '../i18n/i18n.ts';

await loadNamespaces('privacy');

export { PrivacyPage } from './PrivacyPage.tsx';
