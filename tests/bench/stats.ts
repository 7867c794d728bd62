/** Small statistics for a handful of timed runs. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Even counts average the two middle runs, so the median of [a, b] is not biased to either.
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function min(values: readonly number[]): number {
  if (values.length === 0) throw new Error('min of no values');
  return Math.min(...values);
}

export function max(values: readonly number[]): number {
  if (values.length === 0) throw new Error('max of no values');
  return Math.max(...values);
}
