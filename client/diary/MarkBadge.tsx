import type { MarkDoc } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';

/** A grade («5», with its weight) or an attendance mark («Н»), with its full meaning for screen readers. */
export function MarkBadge({ mark }: { mark: MarkDoc }) {
  const { t } = useT();
  if (mark.kind === 'attendance') {
    return (
      <span className="mark mark--attendance" title={t(`attendance.${mark.value}`)} data-testid="mark">
        <span aria-hidden="true">{t(`attendance.short.${mark.value}`)}</span>
        <span className="visually-hidden">{t(`attendance.${mark.value}`)}</span>
      </span>
    );
  }
  const weight = mark.weight && mark.weight > 1 ? mark.weight : null;
  const label = weight ? t('marks.gradeWithWeight', { value: mark.value, weight }) : t('marks.grade', { value: mark.value });
  return (
    <span className={`mark mark--grade mark--g${mark.value}`} title={mark.comment ?? label} aria-label={label} data-testid="mark">
      {mark.value}
      {weight && <sub className="mark__weight">×{weight}</sub>}
    </span>
  );
}
