/**
 * The sign-in page's view of sync/phone.ts. libphonenumber with its metadata is ~33 KB gzip — a fifth
 * of the first-load budget — so it comes as a chunk of its own (`phone-*.js`), fetched when the person
 * first reaches the phone field. The server normalises whatever is sent anyway: this only shows the number back in
 * its international spelling, so a family from Almaty or Minsk sees which country it was read as.
 */
import type * as PhoneRulesModule from '../../sync/phone.ts';

type PhoneRules = typeof PhoneRulesModule;

let loading: Promise<PhoneRules> | null = null;

/** Starts fetching the phone rules (once); a failed fetch (offline, not yet cached) is retried next time. */
export function loadPhoneRules(): Promise<PhoneRules> {
  loading ??= import('../../sync/phone.ts').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** «8 (701) 234-56-78» → «+7 701 234 5678»; null when it is not an accepted number or the rules cannot be had. */
export async function formatTypedPhone(typed: string): Promise<string | null> {
  try {
    return (await loadPhoneRules()).formatPhone(typed);
  } catch {
    return null;
  }
}
