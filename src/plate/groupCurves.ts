import type { Curve } from '../types.js';
import type { NormalizedWell } from './normalize.js';

/**
 * Gathers normalized sample wells into curves, one per (cell line, compound) across all inputs:
 * replicate plates are pooled (each already normalized to its own plate's controls) and every
 * well is its own point. Curves come out in first-seen order, so output order follows input
 * order. The curve's unit is `unitOut` when given, else the unit of its first well. With
 * `withWells`, each point also carries where it came from ("plate:well"), to name outliers.
 */
export function groupCurves(
  wells: readonly NormalizedWell[],
  unitOut?: string,
  experimentOf?: (well: NormalizedWell['well']) => string,
  withWells = false,
): Curve[] {
  interface Builder {
    cellLine: string;
    compound: string;
    experiment: string;
    plates: string[];
    unit: string;
    log10Molar: number[];
    response: number[];
    wells?: string[];
    noBlank: boolean;
    qcFailed: boolean;
  }
  const curves = new Map<string, Builder>();
  for (const { well, response, noBlank, qcFailed } of wells) {
    const experiment = experimentOf ? experimentOf(well) : '';
    const key = `${well.cellLine}\u0000${well.compound}\u0000${experiment}`;
    let curve = curves.get(key);
    if (!curve) {
      curve = {
        cellLine: well.cellLine,
        compound: well.compound,
        experiment,
        plates: [],
        // log10 M input is reported in M: an IC50 column of logarithms would mislead.
        unit: unitOut ?? (well.unit === 'log10 M' ? 'M' : well.unit),
        log10Molar: [],
        response: [],
        ...(withWells ? { wells: [] } : {}),
        noBlank: false,
        qcFailed: false,
      };
      curves.set(key, curve);
    }
    if (!curve.plates.includes(well.plate)) curve.plates.push(well.plate);
    curve.log10Molar.push(well.log10Molar);
    curve.response.push(response);
    curve.wells?.push(`${well.plate}:${well.location.well ?? (well.location.line !== undefined ? `line ${well.location.line}` : '?')}`);
    curve.noBlank ||= noBlank;
    curve.qcFailed ||= qcFailed;
  }
  return packCurves([...curves.values()]);
}

/**
 * The curves with their points packed into two shared Float64Arrays: 16 bytes a point instead of
 * two array objects per curve, and one buffer copy when they cross to another thread (pack a
 * batch before sending it, or the views would carry the whole buffer).
 */
export function packCurves(curves: readonly Curve[]): Curve[] {
  let total = 0;
  for (const curve of curves) total += curve.log10Molar.length;
  const log10Molar = new Float64Array(total);
  const response = new Float64Array(total);
  let offset = 0;
  return curves.map((curve) => {
    const n = curve.log10Molar.length;
    log10Molar.set(curve.log10Molar, offset);
    response.set(curve.response, offset);
    const packed: Curve = { ...curve, log10Molar: log10Molar.subarray(offset, offset + n), response: response.subarray(offset, offset + n) };
    offset += n;
    return packed;
  });
}
