/**
 * Russian mobile numbers in any common spelling («8 (912) 345-67-89», «+7 912 3456789», «9123456789»)
 * normalised to E.164 `+79123456789`. Returns null when the input is not such a number.
 */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[\s()\-.]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  const bare = digits.replace(/^\+/, '');
  let national: string;
  if (bare.length === 11 && (bare.startsWith('7') || bare.startsWith('8'))) national = bare.slice(1);
  else if (bare.length === 10 && !digits.startsWith('+')) national = bare;
  else return null;
  if (!national.startsWith('9')) return null;
  return `+7${national}`;
}
