import type { CurveFit, Estimate, Flag, LevelRf } from '../types.js';
import { log10ResistanceFactor } from './resistanceFactors.js';

const MISSING: Estimate = Object.freeze({ value: Number.NaN, standardError: Number.NaN, lower: Number.NaN, upper: Number.NaN });

/** +1 when a log10 concentration lies above the tested range (only a lower bound), −1 below, 0 inside. */
export function rangeDirection(log10: number, range: readonly [number, number]): number {
  if (log10 > range[1]) return 1;
  if (log10 < range[0]) return -1;
  return 0;
}

/**
 * Resistance factors at other ICx levels (--rf-at): for each level P, log10 RF_P = log10 ICP(line)
 * − log10 ICP(parental) with the delta-method interval of log10ResistanceFactor (se = √(se₁² + se₂²),
 * Welch–Satterthwaite df). As for the IC50's RF, an ICP beyond its tested range makes RF_P only a
 * bound (icx_rf_lower_bound / icx_rf_upper_bound, as rf_lower_bound: the table prints it as one), or undetermined when both point
 * the same way (icx_rf_undetermined; no RF). Levels either side has not estimated are left out.
 */
export function levelResistanceFactors(
  line: Pick<CurveFit, 'icx' | 'dfResidual' | 'log10Range'>,
  parental: Pick<CurveFit, 'icx' | 'dfResidual' | 'log10Range'>,
  levels: readonly number[],
  confidence: number,
): { rfAt: LevelRf[]; flags: Flag[] } {
  const rfAt: LevelRf[] = [];
  const flags = new Set<Flag>();
  for (const level of levels) {
    const a = line.icx?.find((x) => x.level === level);
    const b = parental.icx?.find((x) => x.level === level);
    if (!a || !b) continue;
    let log10Rf = log10ResistanceFactor({ log10Ic50: a.log10Relative, dfResidual: line.dfResidual }, { log10Ic50: b.log10Relative, dfResidual: parental.dfResidual }, confidence);
    if (!Number.isFinite(log10Rf.value)) log10Rf = MISSING;
    const lineSide = rangeDirection(a.log10Relative.value, line.log10Range);
    const parentalSide = rangeDirection(b.log10Relative.value, parental.log10Range);
    const up = lineSide > 0 || parentalSide < 0;
    const down = lineSide < 0 || parentalSide > 0;
    if (up && down) {
      flags.add('icx_rf_undetermined');
      log10Rf = MISSING;
    } else if (up || down) flags.add(up ? 'icx_rf_lower_bound' : 'icx_rf_upper_bound');
    rfAt.push({ level, log10Rf });
  }
  return { rfAt, flags: [...flags] };
}
