/**
 * A number as text with `digits` significant digits and no trailing zeros ("15.2", "0.00123",
 * "1.5e-11"); empty for null. Deterministic: the same number always gives the same text.
 */
export function formatNumber(value: number | null, digits = 6): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (value === 0) return '0';
  return String(Number(value.toPrecision(digits)));
}
