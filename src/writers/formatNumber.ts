/**
 * A number as text with `digits` significant digits and no trailing zeros ("15.2", "0.00123",
 * "1.5e-11"); empty for null. Deterministic: the same number always gives the same text.
 */
export function formatNumber(value: number | null, digits = 6): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const text = value.toPrecision(digits);
  // Without an exponent, String(Number(text)) is text without trailing zeros (faster so).
  if (text.indexOf('e') < 0 && Math.abs(value) >= 1e-6) {
    if (text.indexOf('.') < 0) return text;
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    return text.slice(0, end);
  }
  return String(Number(text));
}

/**
 * A number as formatNumber writes it, with a decimal comma instead of the point ("15,2",
 * "1,5e-11") for spreadsheets in locales that read numbers so (--decimal-comma).
 */
export function formatNumberDecimalComma(value: number | null, digits = 6): string {
  return formatNumber(value, digits).replace('.', ',');
}
