/** Volume units a user may write, in litres. */
const LITRES: Record<string, number> = { nl: 1e-9, ul: 1e-6, ml: 1e-3, l: 1 };

/**
 * A volume with its unit — "25 uL", "25µL", "25000 nL", "0.025 mL" — in litres; null when the
 * text is not a positive number followed by nL, µL (uL, μL), mL or L.
 */
export function parseVolume(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:e([-+]?\d+))?\s*([nuµμm]?l)\s*$/i.exec(text);
  if (!m) return null;
  const value = Number(`${m[1]}${m[2] !== undefined ? `e${m[2]}` : ''}`);
  const unit = m[3]!.toLowerCase().replace(/[µμ]/, 'u');
  const litres = value * LITRES[unit]!;
  return Number.isFinite(litres) && litres > 0 ? litres : null;
}

/** A volume in litres as people write it: "25 µL", "500 nL". */
export function volumeText(litres: number): string {
  if (litres >= 1e-3) return `${Number((litres * 1e3).toPrecision(6))} mL`;
  if (litres >= 1e-6) return `${Number((litres * 1e6).toPrecision(6))} µL`;
  return `${Number((litres * 1e9).toPrecision(6))} nL`;
}
