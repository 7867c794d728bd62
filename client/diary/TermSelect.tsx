import type { StructureDoc } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';

export function TermSelect({ terms, value, onChange }: { terms: StructureDoc[]; value: string; onChange: (termId: string) => void }) {
  const { t } = useT();
  return (
    <label className="field field--inline">
      <span className="field__label">{t('diary.term')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {terms.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
    </label>
  );
}
