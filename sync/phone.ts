/**
 * Phone numbers of a school's people: Russia and the countries families most often move from —
 * Kazakhstan (shares +7 and one numbering plan with Russia), Belarus, Uzbekistan, Kyrgyzstan,
 * Tajikistan — normalised to E.164 by libphonenumber. The one rule for both sides:
 * - the server imports this file directly;
 * - the client only through `import()` (client/accounts/phone-format.ts), so libphonenumber and its
 *   metadata (~33 KB gzip) are a chunk of their own, off the first load. That is also why
 *   sync/index.ts, which the client imports at start-up, does not re-export this file.
 *
 * Metadata build: `mobile`. Sign-up and sign-in are confirmed by an SMS code (SPEC), so only mobile
 * numbers are accounts, as before (the old rule took Russian 9xx only). `mobile` has the precise
 * mobile patterns — a Kazakh or Moscow landline is not valid in it; `min` checks length alone and
 * would take any landline, and `max` adds every other number type only for us to reject it.
 */
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/mobile';

/**
 * Countries whose mobile numbers can hold an account. A fixed list, not «any country»: SMS codes
 * will go to these numbers, and sending to arbitrary premium ranges is how SMS toll fraud is paid.
 */
export const PHONE_COUNTRIES: readonly CountryCode[] = ['RU', 'KZ', 'BY', 'UZ', 'KG', 'TJ'];

/** A number typed without a country code is read in the +7 plan (Russia and Kazakhstan). */
const DEFAULT_COUNTRY: CountryCode = 'RU';

/** What a person may type: digits, one leading +, spaces, brackets, dots and dashes — no words, no extension. */
const PHONE_SPELLING = /^\+?[\d\s().\u2010-\u2015-]+$/;

function acceptedMobile(text: string): PhoneNumber | null {
  const parsed = parsePhoneNumberFromString(text, DEFAULT_COUNTRY);
  if (!parsed?.isValid() || parsed.ext || !parsed.country || !PHONE_COUNTRIES.includes(parsed.country)) return null;
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? parsed : null;
}

function parseTyped(input: string): PhoneNumber | null {
  // NFKC turns full-width digits (some phone keyboards) into ASCII ones.
  const typed = input.normalize('NFKC').trim();
  if (!PHONE_SPELLING.test(typed)) return null;
  // «00» is the international prefix in Central Asia and Europe; no +7 national number starts with 0.
  const text = typed.replace(/^00/, '+');
  // «8 912…», «912…», «7 701…» and «8 10 375…» are read in the +7 plan. A foreign number typed with
  // its country code but without the plus («375 29 …») is tried as international only when that
  // reading fails, so it never shadows a +7 number; a national number without its country code
  // («29 123-45-67» could be Belarus, Uzbekistan, Kyrgyzstan or Tajikistan) is ambiguous and refused.
  return acceptedMobile(text) ?? (text.startsWith('+') ? null : acceptedMobile(`+${text}`));
}

/**
 * A mobile number of an accepted country in any common spelling («8 (912) 345-67-89», «9123456789»,
 * «+7 701 234 56 78», «+375 29 123-45-67») → E.164 (`+79123456789`); null when it is not one.
 */
export function normalizePhone(input: string): string | null {
  return parseTyped(input)?.number ?? null;
}

/** The same number as people read it, with its country code («+7 912 345 67 89»); null when not accepted. */
export function formatPhone(input: string): string | null {
  return parseTyped(input)?.formatInternational() ?? null;
}
