import type { UserError } from '../shared/user-error.ts';
import { errorText } from './error-text.ts';
import { useT } from './i18n.ts';

/** A refusal on screen, worded at render time: it follows a change of language. */
export function ErrorMessage({ error }: { error: UserError | null }) {
  const { t } = useT();
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {errorText(t, error)}
    </p>
  );
}
