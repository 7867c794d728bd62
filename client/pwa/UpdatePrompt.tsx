import { useSyncExternalStore } from 'react';
import { useT } from '../i18n/i18n.ts';
import { applyUpdate, updateReady } from './service-worker.ts';

export function UpdatePrompt() {
  const { t } = useT();
  const ready = useSyncExternalStore(updateReady.subscribe, updateReady.get);
  if (!ready) return null;
  return (
    <div className="update-prompt" role="status">
      <span>{t('pwa.updateReady')}</span>
      <button type="button" className="button button--primary" onClick={applyUpdate}>
        {t('pwa.update')}
      </button>
    </div>
  );
}
