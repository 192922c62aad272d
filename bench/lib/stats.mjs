// Small numeric helpers shared by the scenarios.

/** The q-th percentile (0..100) of unsorted numbers, nearest-rank; null when empty. */
export function percentile(values, q) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function percentiles(values, qs = [50, 95, 99], digits = 1) {
  return Object.fromEntries(qs.map((q) => [`p${q}`, round(percentile(values, q), digits)]));
}

export function round(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** a / b rounded, or null when either is missing or b is 0. */
export function ratio(a, b, digits = 2) {
  if (!a || !b) return null;
  return round(a / b, digits);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
