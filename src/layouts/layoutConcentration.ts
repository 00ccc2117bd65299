import { Ic50Error } from '../errors.js';
import { concentrationRangeError, parseConcentrationUnit, toLog10Molar, UNIT_NAMES, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import { isWrittenZero, parseNumber } from '../readers/parseNumber.js';
import type { Location } from '../types.js';

/** Where a concentration's unit may come from, besides the cell itself, in order of precedence. */
export interface UnitSources {
  /** From the column header or grid corner (`concentration_nM`, `conc (µM)`). */
  readonly header?: ConcentrationUnit | null | undefined;
  /** The text of a `unit` column on the same row ("" when none or empty). */
  readonly column?: string | undefined;
  /** --unit. */
  readonly option?: ConcentrationUnit | undefined;
}

/**
 * A cell's number and the text after it: "12.5 µM" → {value "12.5", unit "µM"}; a plain number
 * ("1.00E-06", "0,3") has unit "". Null when the cell does not start with a number.
 */
function splitValueUnit(cell: string, decimalComma: boolean): { value: string; unit: string } | null {
  const text = cell.trim();
  if (Number.isFinite(parseNumber(text, decimalComma))) return { value: text, unit: '' };
  const m = /^([-+]?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][-+]?\d+)?)\s*([^\d\s.,+-].*)$/.exec(text);
  return m ? { value: m[1]!, unit: m[2]!.trim() } : null;
}

/** true when a concentration cell says 0 (with or without a unit): such a well is a vehicle control. */
export function concentrationIsZero(cell: string, decimalComma: boolean): boolean {
  const split = splitValueUnit(cell, decimalComma);
  return split !== null && isWrittenZero(split.value, decimalComma);
}

/**
 * The log10 molar concentration of a treated well's cell. The unit comes from the cell
 * ("12.5 µM", "10 nM"), else the header, else the unit column, else --unit; a number with no
 * unit anywhere is refused rather than guessed. Throws Ic50Error at `location` for an empty,
 * non-numeric or negative value and for a unit that is missing or unknown ("%", "mg/kg").
 * Zero on a linear unit and values beyond 10^±100 M are refused too (concentrationRangeError), as
 * in the tidy reader: such a well would silently drop out of its curve.
 */
export function layoutConcentration(
  cell: string,
  sources: UnitSources,
  decimalComma: boolean,
  location: Location,
  what = 'concentration',
): { log10Molar: number; unit: ConcentrationUnit } {
  if (cell === '') {
    throw new Ic50Error(`no ${what}`, {
      location,
      hint: 'a treated well needs a concentration; mark controls with a role or a control name (DMSO, medium, …)',
    });
  }
  const split = splitValueUnit(cell, decimalComma);
  if (!split) throw new Ic50Error(`${what} "${cell}" is not a number`, { location });
  let unit: ConcentrationUnit | null = null;
  if (split.unit !== '') {
    unit = parseConcentrationUnit(split.unit);
    if (!unit) {
      throw new Ic50Error(`unknown concentration unit "${split.unit}" in "${cell}"`, {
        location,
        hint: `accepted units: ${UNIT_NAMES}${split.unit.includes('%') ? '; a % value is only accepted on controls (DMSO, vehicle)' : ''}`,
      });
    }
  }
  unit ??= sources.header ?? null;
  const columnText = sources.column ?? '';
  if (!unit && columnText !== '') {
    unit = parseConcentrationUnit(columnText);
    if (!unit) throw new Ic50Error(`unknown concentration unit "${columnText}"`, { location, hint: `accepted units: ${UNIT_NAMES}` });
  }
  unit ??= sources.option ?? null;
  if (!unit) {
    throw new Ic50Error('no concentration unit', {
      code: 'unit',
      location,
      hint: `put it in the header (concentration_nM, "conc (uM)"), in a unit column or in the cell ("10 nM"), or give --unit; accepted: ${UNIT_NAMES}`,
    });
  }
  const value = parseNumber(split.value, decimalComma);
  if (Number.isNaN(value)) throw new Ic50Error(`${what} "${cell}" is not a number`, { location });
  // "1e-400" would become 0 (a vehicle well), "1e400" Infinity: never a silent change of meaning.
  if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(split.value.replace(/[eE].*$/, '')))) {
    throw new Ic50Error(`${what} ${cell} is beyond the range of numbers`, { location, hint: 'is the unit right? concentrations between 1e-100 and 1e100 M are accepted' });
  }
  if (!unit.isLog && value < 0) throw new Ic50Error(`${what} ${cell} is negative`, { location });
  const log10Molar = toLog10Molar(value, unit);
  const range = concentrationRangeError(cell, log10Molar);
  if (range) throw new Ic50Error(range.message.replace(/^concentration/, what), { location, hint: range.hint });
  return { log10Molar, unit };
}
