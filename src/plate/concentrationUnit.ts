/** A concentration unit: how to turn a value in it into log10 molar. */
export interface ConcentrationUnit {
  /** Canonical ASCII name, as printed in outputs: pM, nM, uM, mM, M or "log10 M". */
  readonly name: string;
  /** log10 of the unit in molar (nM → −9). */
  readonly log10Molar: number;
  /** true when values are already log10 molar (e.g. −7.5). */
  readonly isLog: boolean;
}

const UNITS: Record<string, ConcentrationUnit> = {
  pm: { name: 'pM', log10Molar: -12, isLog: false },
  nm: { name: 'nM', log10Molar: -9, isLog: false },
  um: { name: 'uM', log10Molar: -6, isLog: false },
  mm: { name: 'mM', log10Molar: -3, isLog: false },
  m: { name: 'M', log10Molar: 0, isLog: false },
  log10m: { name: 'log10 M', log10Molar: 0, isLog: true },
  logm: { name: 'log10 M', log10Molar: 0, isLog: true },
};

/** The accepted spellings, for help texts and error hints. */
export const UNIT_NAMES = 'pM, nM, uM (µM, μM), mM, M, log10 M';

/**
 * Parses a unit name: pM, nM, µM / μM / uM, mM, M (any case for the prefix letters except
 * that "M" alone is molar and "mM" millimolar), and "log10 M" / "logM" for log10 molar values.
 * Returns null for anything else.
 */
export function parseConcentrationUnit(text: string): ConcentrationUnit | null {
  const compact = text.trim().replace(/[\s_]/g, '');
  if (compact === '') return null;
  // mM vs M: keep case for the single letters that differ only by case.
  if (compact === 'mM') return UNITS.mm!;
  if (compact === 'M') return UNITS.m!;
  const lower = compact.toLowerCase().replace(/[µμ]/g, 'u').replace(/^log\(?10\)?/, 'log10').replace(/\(|\)|\[|\]/g, '');
  if (lower === 'mol/l' || lower === 'molar') return UNITS.m!;
  return UNITS[lower] ?? null;
}

/** log10 molar of `value` given in `unit`; NaN when not representable (≤ 0 on a linear unit). */
export function toLog10Molar(value: number, unit: ConcentrationUnit): number {
  if (unit.isLog) return value;
  return value > 0 ? Math.log10(value) + unit.log10Molar : Number.NaN;
}

/** A log10 molar concentration expressed in `unit`. */
export function fromLog10Molar(log10Molar: number, unit: ConcentrationUnit): number {
  if (unit.isLog) return log10Molar;
  return Math.pow(10, log10Molar - unit.log10Molar);
}

/** Concentrations beyond 10^±LOG10_MOLAR_LIMIT M are refused: no assay doses them, and their IC50s would not print. */
export const LOG10_MOLAR_LIMIT = 100;

/**
 * Why a treated well's log10 molar concentration cannot be used, or null when it can: zero on a
 * linear unit (no place on a log axis — a well at 0 is a vehicle control), or beyond
 * 10^±LOG10_MOLAR_LIMIT M (a value in the wrong unit or column).
 */
export function concentrationRangeError(text: string, log10Molar: number): { message: string; hint: string } | null {
  if (Number.isNaN(log10Molar)) {
    return { message: `concentration ${text} is not above 0`, hint: 'a treated well needs a concentration above 0; a well at 0 is a vehicle control (give it the vehicle role)' };
  }
  if (!(Math.abs(log10Molar) <= LOG10_MOLAR_LIMIT)) {
    return { message: `concentration ${text} is out of range`, hint: `concentrations between 1e-${LOG10_MOLAR_LIMIT} and 1e${LOG10_MOLAR_LIMIT} M are accepted; is the unit right?` };
  }
  return null;
}
