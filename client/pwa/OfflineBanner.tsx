import { useSyncStatus } from '../data/index.ts';
import { useT } from '../i18n/i18n.ts';
import { formatMoment } from '../i18n/format.ts';

/** A quiet line at the top while the device works from its own data. */
export function OfflineBanner({ timeZone }: { timeZone: string }) {
  const { t, lang } = useT();
  const status = useSyncStatus();
  if (status.online) return null;
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      {status.lastSyncedAt
        ? t('sync.offlineSince', { time: formatMoment(t, lang, timeZone, status.lastSyncedAt) })
        : t('sync.offlineNever')}
    </div>
  );
}
