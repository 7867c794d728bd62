import { useDataSession, useSyncIssues, useSyncStatus } from '../data/index.ts';
import { useT } from '../i18n/i18n.ts';

type Plain = Record<string, unknown>;
/** Fields a person recognises; bookkeeping (ids, positions, server-set copies) is not shown. */
const SHOWN_FIELDS = ['value', 'weight', 'comment', 'title', 'about', 'whoCanPost', 'text', '_deleted'] as const;

function parse(json: string | undefined): Plain {
  return json ? (JSON.parse(json) as Plain) : {};
}

/** Writes waiting to be sent, and the ones that need the person: refused, or in conflict. */
export function SyncIssues() {
  const { t } = useT();
  const status = useSyncStatus();
  const issues = useSyncIssues();
  const data = useDataSession();
  const show = (v: unknown): string => (v === true ? t('sync.yes') : v === false ? t('sync.no') : v == null ? '—' : String(v));
  const changed = (mine: Plain, theirs: Plain): string[] =>
    SHOWN_FIELDS.filter((f) => show(mine[f]) !== show(theirs[f]) && (f !== '_deleted' || mine[f] || theirs[f]));
  return (
    <>
      {status.pendingWrites > 0 && (
        <div className="sync-pending" role="status" data-testid="sync-pending">
          {t('sync.pending', { count: status.pendingWrites })}
        </div>
      )}
      {issues.length > 0 && (
        <section className="sync-issues" role="alert" aria-label={t('sync.issuesTitle')} data-testid="sync-issues">
          <h2 className="sync-issues__title">{t('sync.issuesTitle')}</h2>
          <ul>
            {issues.map((entry) => {
              const mine = parse(entry.mine);
              const theirs = parse(entry.theirs);
              return (
                <li key={entry.id} className="sync-issue" data-testid={`sync-issue-${entry.docId}`}>
                  <div className="sync-issue__what">
                    <strong>{t(`sync.kind.${entry.target}`)}</strong>
                    {entry.state === 'rejected' ? ` · ${t('sync.notSent', { reason: entry.reason ?? '' })}` : ` · ${t('sync.conflict')}`}
                  </div>
                  <table className="sync-issue__diff">
                    <thead>
                      <tr>
                        <th />
                        <th>{t('sync.mine')}</th>
                        <th>{t('sync.theirs')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changed(mine, theirs).map((field) => (
                        <tr key={field}>
                          <th scope="row">{t(`sync.fields.${field}`)}</th>
                          <td>{show(mine[field])}</td>
                          <td>{show(theirs[field])}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <div className="sync-issue__actions">
                    <button type="button" className="button" onClick={() => void data.keepMine(entry.id)}>
                      {entry.state === 'rejected' ? t('sync.retry') : t('sync.keepMine')}
                    </button>
                    <button type="button" className="button" onClick={() => void data.keepTheirs(entry.id)}>
                      {entry.state === 'rejected' ? t('sync.discard') : t('sync.keepTheirs')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}
