/**
 * What a concentration measures: amount of substance per volume (molar: small molecules) or mass
 * per volume (biologics such as antibodies, dosed in µg/mL, which have no molar concentration to
 * convert to). Values of different kinds never mix: one compound is dosed in one kind.
 */
export type ConcentrationKind = 'molar' | 'mass';

/**
 * A concentration unit: how to turn a value in it into the pipeline's log10 scale. Inside the
 * pipeline a concentration travels as log10 of its value in the base unit of its kind — molar
 * (M) for molar units, g/L for mass units — in the fields named `log10Molar` (for a mass unit
 * that is log10 g/L, never a molarity: pIC50 is not defined for it).
 */
export interface ConcentrationUnit {
  /** Canonical ASCII name, as printed in outputs: pM, nM, uM, mM, M, "log10 M"; ng/mL, ug/mL, mg/mL, g/L. */
  readonly name: string;
  /** log10 of the unit in its kind's base unit: molar (nM → −9) or g/L (µg/mL → −3). */
  readonly log10Molar: number;
  /** true when values are already log10 molar (e.g. −7.5). */
  readonly isLog: boolean;
  /** Molar or mass per volume (absent on values made before mass units: molar). */
  readonly kind?: ConcentrationKind;
}

const UNITS: Record<string, ConcentrationUnit> = {
  pm: { name: 'pM', log10Molar: -12, isLog: false, kind: 'molar' },
  nm: { name: 'nM', log10Molar: -9, isLog: false, kind: 'molar' },
  um: { name: 'uM', log10Molar: -6, isLog: false, kind: 'molar' },
  mm: { name: 'mM', log10Molar: -3, isLog: false, kind: 'molar' },
  m: { name: 'M', log10Molar: 0, isLog: false, kind: 'molar' },
  log10m: { name: 'log10 M', log10Molar: 0, isLog: true, kind: 'molar' },
  logm: { name: 'log10 M', log10Molar: 0, isLog: true, kind: 'molar' },
  // Mass per volume, in g/L: 1 ng/mL = 1e-6 g/L, 1 µg/mL = 1 mg/L = 1e-3 g/L, 1 mg/mL = 1 g/L.
  'ng/ml': { name: 'ng/mL', log10Molar: -6, isLog: false, kind: 'mass' },
  'ug/ml': { name: 'ug/mL', log10Molar: -3, isLog: false, kind: 'mass' },
  'mg/ml': { name: 'mg/mL', log10Molar: 0, isLog: false, kind: 'mass' },
  'g/l': { name: 'g/L', log10Molar: 0, isLog: false, kind: 'mass' },
};

/** The accepted spellings, for help texts and error hints. */
export const UNIT_NAMES = 'pM, nM, uM (µM, μM), mM, M, log10 M; by mass: ng/mL, ug/mL (µg/mL), mg/mL, g/L';

/** The kind of a unit (molar or mass), by its value or its name ("" and unknown names: molar). */
export function unitKind(unit: ConcentrationUnit | string | null | undefined): ConcentrationKind {
  const value = typeof unit === 'string' ? parseConcentrationUnit(unit) : unit;
  return value?.kind ?? 'molar';
}

/**
 * Parses a unit name: pM, nM, µM / μM / uM, mM, M (any case for the prefix letters except
 * that "M" alone is molar and "mM" millimolar), "log10 M" / "logM" for log10 molar values, and
 * the mass units ng/mL, µg/mL (ug/mL, μg/mL), mg/mL and g/L (any case).
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

/** The unit a result names, or M when it names none ic50 knows: what figures, tables and records convert with. */
export function unitOrMolar(unit: string): ConcentrationUnit {
  return parseConcentrationUnit(unit) ?? parseConcentrationUnit('M')!;
}
