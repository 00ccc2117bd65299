import type { Curve } from '../types.js';
import type { NormalizedWell } from './normalize.js';

/**
 * Gathers normalized sample wells into curves, one per (cell line, compound) across all inputs:
 * replicate plates are pooled (each already normalized to its own plate's controls) and every
 * well is its own point. Curves come out in first-seen order, so output order follows input
 * order. The curve's unit is `unitOut` when given, else the unit of its first well.
 */
export function groupCurves(wells: readonly NormalizedWell[], unitOut?: string): Curve[] {
  interface Builder {
    cellLine: string;
    compound: string;
    plates: string[];
    unit: string;
    log10Molar: number[];
    response: number[];
    noBlank: boolean;
    qcFailed: boolean;
  }
  const curves = new Map<string, Builder>();
  for (const { well, response, noBlank, qcFailed } of wells) {
    const key = `${well.cellLine}\u0000${well.compound}`;
    let curve = curves.get(key);
    if (!curve) {
      curve = {
        cellLine: well.cellLine,
        compound: well.compound,
        plates: [],
        // log10 M input is reported in M: an IC50 column of logarithms would mislead.
        unit: unitOut ?? (well.unit === 'log10 M' ? 'M' : well.unit),
        log10Molar: [],
        response: [],
        noBlank: false,
        qcFailed: false,
      };
      curves.set(key, curve);
    }
    if (!curve.plates.includes(well.plate)) curve.plates.push(well.plate);
    curve.log10Molar.push(well.log10Molar);
    curve.response.push(response);
    curve.noBlank ||= noBlank;
    curve.qcFailed ||= qcFailed;
  }
  return [...curves.values()];
}
