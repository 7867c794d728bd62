import type { UserError } from '../shared/user-error.ts';
import { errorText } from './error-text.ts';
import { useNamespace, useT } from './i18n.ts';

/**
 * A refusal on screen, worded at render time: it follows a change of language. Its words
 * (locales/<lang>/errors.json) are not in the first load: the alert appears once they are here.
 */
export function ErrorMessage({ error }: { error: UserError | null }) {
  const { t } = useT();
  const worded = useNamespace('errors');
  if (!error || !worded) return null;
  return (
    <p className="form-error" role="alert">
      {errorText(t, error)}
    </p>
  );
}
