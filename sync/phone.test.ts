import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './phone.ts';

/** What a person types → the E.164 number their account is stored under, or null when refused. */
const TABLE: [typed: string, e164: string | null][] = [
  // Russia: the default region, with +7, 7, 8 or nothing in front.
  ['+79123456789', '+79123456789'],
  ['+7 (912) 345-67-89', '+79123456789'],
  ['8 912 345-67-89', '+79123456789'],
  ['8 (912) 345 67 89', '+79123456789'],
  ['9123456789', '+79123456789'],
  ['79123456789', '+79123456789'],
  ['  +7-912-345.67.89  ', '+79123456789'],
  ['+7\u00a0912\u00a0345\u201167\u201189', '+79123456789'], // no-break spaces and hyphens, as pasted from a message
  ['８９１２３４５６７８９', '+79123456789'], // full-width digits
  ['+7 900 000-00-01', '+79000000001'], // the demo school's numbers are real Russian mobile ranges
  // Kazakhstan: +7 7xx, one numbering plan with Russia, so 8 and the bare ten digits are unambiguous.
  ['+7 701 234 56 78', '+77012345678'],
  ['8 (701) 234-56-78', '+77012345678'],
  ['7012345678', '+77012345678'],
  ['+7 747 123-45-67', '+77471234567'],
  // Belarus.
  ['+375 29 123-45-67', '+375291234567'],
  ['+375 (44) 123 45 67', '+375441234567'],
  ['8 10 375 29 123 45 67', '+375291234567'], // the Russian international prefix
  ['00 375 29 123 45 67', '+375291234567'],
  ['375291234567', '+375291234567'], // country code typed without the plus
  // Uzbekistan.
  ['+998 90 123 45 67', '+998901234567'],
  ['+998 (33) 123-45-67', '+998331234567'],
  ['998901234567', '+998901234567'],
  // Kyrgyzstan.
  ['+996 700 123 456', '+996700123456'],
  ['+996 (555) 123-456', '+996555123456'],
  // Tajikistan.
  ['+992 917 12 3456', '+992917123456'],
  ['+992-98-123-4567', '+992981234567'],
  // Refused: not a number, too short or long, landlines (no SMS), other countries, ambiguous spellings.
  ['', null],
  ['hello', null],
  ['+7 912 ABC 4567', null],
  ['call me: +79123456789', null],
  ['+79123456789 доб. 12', null], // an extension is not a mobile number
  ['+7 912 345', null],
  ['912345678', null],
  ['+791234567890', null],
  ['+7 495 123-45-67', null], // Moscow landline
  ['+7 (7172) 12-34-56', null], // Astana landline
  ['+7 800 555-35-35', null], // toll-free
  ['+49 151 23456789', null], // a German mobile: not an accepted country
  ['29 123-45-67', null], // a national number without its country code: Belarus? Uzbekistan? Tajikistan?
  ['8 029 123-45-67', null], // Belarus's domestic spelling: in the +7 plan it is nobody
  ['0 700 123 456', null], // Kyrgyzstan's domestic spelling
  ['90 123 45 67', null], // Uzbekistan's number without its code
  ['701 234 56 7', null], // a Kazakh number a digit short
  ['+ +79123456789', null],
];

describe('normalizePhone', () => {
  it.each(TABLE)('%j → %s', (typed, e164) => {
    expect(normalizePhone(typed)).toBe(e164);
  });

  it('stores every accepted spelling of one person under one number', () => {
    const spellings = TABLE.filter(([, e164]) => e164 === '+77012345678').map(([typed]) => typed);
    expect(new Set(spellings.map(normalizePhone))).toEqual(new Set(['+77012345678']));
    expect(spellings.length).toBeGreaterThan(2);
  });
});

describe('formatPhone', () => {
  it('shows an accepted number with its country code, the way people read it', () => {
    expect(formatPhone('8 (912) 345-67-89')).toBe('+7 912 345 67 89');
    expect(formatPhone('375291234567')).toBe('+375 29 123 45 67');
    expect(formatPhone('+7 495 123-45-67')).toBeNull();
  });
});
