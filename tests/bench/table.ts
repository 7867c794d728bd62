/** Markdown tables and the number formats every benchmark prints. */

export type Align = 'left' | 'right';

/**
 * A GitHub-flavoured Markdown table, padded so it also reads well as plain text in a terminal.
 * Numbers are right-aligned by passing `align`; columns default to left.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number): string => {
    const width = widths[i] ?? text.length;
    return align[i] === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (cells: readonly string[]): string => `| ${headers.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 161360 → "161,360": byte and document counts. */
export function int(n: number): string {
  return grouped.format(Math.round(n));
}

/** Fixed decimals, for seconds, ratios and rates. */
export function fixed(n: number, digits: number): string {
  return n.toFixed(digits);
}

/** Bytes → "157.6 KB", where 1 KB = 1024 bytes (the unit the budget is stated in). */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function ms(n: number): string {
  return `${Math.round(n)} ms`;
}

export function seconds(n: number): string {
  return `${n.toFixed(2)} s`;
}
