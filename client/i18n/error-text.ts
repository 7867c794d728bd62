import type { TFunction } from 'i18next';
import type { UserError } from '../shared/user-error.ts';

/** An error's words in the language of `t`, from its code (every UserError code has a message). */
export function errorText(t: TFunction, error: UserError): string {
  return t(`errors.${error.code}`, { ...error.params });
}
