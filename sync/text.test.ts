import { describe, expect, it } from 'vitest';
import { hasForbiddenCharacters, isBlank } from './text.ts';

describe('characters a text may hold', () => {
  it('refuses NUL, other C0 and C1 controls, DEL, lone UTF-16 halves and U+FEFF in any text', () => {
    for (const bad of ['\u0000', 'a\u0001', '\u0007', '\u001B[31m', '\u007F', '\u0085', '\u009F', 'x\uD800', '\uDC00y', '\uFEFFПривет'])
      for (const kind of ['line', 'multiline'] as const) expect(hasForbiddenCharacters(bad, kind), `${JSON.stringify(bad)} ${kind}`).toBe(true);
  });

  it('allows tab and line breaks only where a field holds several lines', () => {
    for (const text of ['a\tb', 'a\nb', 'a\r\nb', 'a\u2028b', 'a\u2029b']) {
      expect(hasForbiddenCharacters(text, 'multiline')).toBe(false);
      expect(hasForbiddenCharacters(text, 'line')).toBe(true);
    }
  });

  it('takes any other text as it is: pairs of halves (emoji), every script, invisible characters inside words', () => {
    for (const text of ['😀', 'Сәлам, дөнья!', 'a\u200Db', '\u{10FFFF}', '\uFFFE', 'é', '']) expect(hasForbiddenCharacters(text, 'line')).toBe(false);
  });

  it('calls blank what shows nothing: spaces and zero-width, format and other ignorable characters', () => {
    for (const blank of ['', '   ', '\u00A0\u3000', '\u200B\u200C\u200D', '\u2060\u180E\u00AD', '\u3164\uFE0F\u{E0001}', '\u202E'])
      expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
    for (const text of ['a', '\u200Ba', '.', '😀', '\u0301']) expect(isBlank(text), JSON.stringify(text)).toBe(false);
  });
});
