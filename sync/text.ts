/**
 * What text may hold, the same on both ends: the server refuses a document that breaks these rules
 * (alone, with a reason), the client refuses to write one. Nothing is stripped or rewritten: a
 * document is stored exactly as sent or not at all, so the device's copy and the server's agree.
 */

/** One line (titles, names, ids, codes) or several (messages, comments, descriptions). */
export type TextKind = 'line' | 'multiline';

/**
 * Never in any text:
 * - C0 controls but tab, LF and CR (NUL among them: PostgreSQL cannot store it in `text`), DEL, C1;
 * - a UTF-16 half without its pair (the `u` flag makes a well-formed pair one code point, so only
 *   lone halves match): UTF-8 cannot encode it, the database would be handed U+FFFD instead;
 * - U+FEFF: a byte-order mark belongs to files, not fields, and as a zero-width no-break space it
 *   is deprecated (U+2060 replaces it). PGlite's reader drops it at the start of a value, so a
 *   text beginning with it would read back different from what was stored.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEVER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFEFF]/u;

/** Not on one line either: tab and line breaks, U+2028 / U+2029 (line and paragraph separators) among them. */
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/;

/** Whether the text holds a character its kind of field may not. */
export function hasForbiddenCharacters(text: string, kind: TextKind): boolean {
  return NEVER.test(text) || (kind === 'line' && LINE_BREAKS.test(text));
}

/**
 * Characters that show nothing on their own: white space, format characters (Unicode category Cf:
 * zero-width space, joiners, word joiner, BOM, bidi marks…), and the other default-ignorable code
 * points (variation selectors, Hangul fillers…).
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Whether the text says nothing a person could read: empty once invisible characters are removed. */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}
