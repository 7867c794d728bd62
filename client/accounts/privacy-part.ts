/** The privacy notice with its strings, in its own small chunk: few open it, and the first load stays lean. */
import type { Resource } from 'i18next';
import { addPartCatalog, partCatalog } from '../i18n/i18n.ts';

await addPartCatalog(partCatalog('privacy', import.meta.glob<{ default: Resource }>('../../locales/privacy/*.json')));

export { PrivacyPage } from './PrivacyPage.tsx';
