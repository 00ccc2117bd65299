import { Ic50Error } from '../errors.js';
import { MISSING, relativeWeights } from '../fit/fitDoseResponse.js';
import type { FitBounds } from '../fit/fitCurve.js';
import { modelNamed } from '../models/modelNamed.js';
import { studentTCritical } from '../fit/studentT.js';
import { fiellerLog10Ratio } from './fieller.js';
import { ic50DifferenceTest } from './ic50DifferenceTest.js';
import type { CurveFit, Estimate, Flag } from '../types.js';

/** Which line each line is compared with: `--parental NAME` or `--pair RESISTANT=PARENTAL`. */
export interface Comparisons {
  readonly parental?: string | undefined;
  readonly pairs?: readonly (readonly [resistant: string, parental: string])[] | undefined;
  /** RF interval: delta method on log10 (default) or Fieller's. */
  readonly rfCi?: 'delta' | 'fieller' | undefined;
  /** Test "do the IC50s differ?" when both fits carry their points (rfP). Default true. */
  readonly testDifference?: boolean | undefined;
  /** The fit's search window and pinned asymptotes, for the shared-IC50 fit of the test. */
  readonly bounds?: FitBounds | undefined;
  readonly top?: number | undefined;
  readonly bottom?: number | undefined;
  /** The curve equation of the fits (for the IC50-difference test's refits). Default ll4. */
  readonly model?: 'll4' | 'll5' | undefined;
  /** The fits' weighting (the test refits with the same weights). Default none. */
  readonly weights?: 'none' | '1/y2' | undefined;
}

/**
 * log10 resistance factor of two independent fits, log10 RF = log10 IC50(line) − log10 IC50(parental),
 * with a delta-method interval on the log10 scale: se = √(se₁² + se₂²), Student t with
 * Welch–Satterthwaite degrees of freedom ν = (se₁² + se₂²)² / (se₁⁴/ν₁ + se₂⁴/ν₂).
 * RF itself is 10^log10 RF, its interval 10^(bounds): asymmetric, and always positive.
 */
export function log10ResistanceFactor(line: CurveFit, parental: CurveFit, confidence: number): Estimate {
  const value = line.log10Ic50.value - parental.log10Ic50.value;
  const v1 = line.log10Ic50.standardError ** 2;
  const v2 = parental.log10Ic50.standardError ** 2;
  const standardError = Math.sqrt(v1 + v2);
  const df = (v1 + v2) ** 2 / (v1 * v1 / line.dfResidual + v2 * v2 / parental.dfResidual);
  const critical = studentTCritical(confidence, df);
  return { value, standardError, lower: value - critical * standardError, upper: value + critical * standardError };
}

/** Direction in which a fit's IC50 is only a bound: +1 above range (true IC50 ≥), −1 below, 0 inside. */
function boundDirection(fit: CurveFit): number {
  if (fit.flags.includes('ic50_above_range')) return 1;
  if (fit.flags.includes('ic50_below_range')) return -1;
  return 0;
}

/**
 * Attaches resistance factors: every fit whose cell line is compared with a parental line gets
 * `parental` and `log10Rf` for the same compound. When an IC50 lies beyond its tested range the
 * RF is only a bound, and flagged: rf_lower_bound (true RF ≥ value: the line's IC50 is above its
 * range, or the parental's below), rf_upper_bound (the reverse), rf_undetermined (both point
 * the same way, so nothing bounds the ratio; no RF is given).
 *
 * Throws Ic50Error (exit 2) when a named line is not in the data.
 */
export function attachResistanceFactors(fits: readonly CurveFit[], comparisons: Comparisons, confidence = 0.95): CurveFit[] {
  const lines = new Set(fits.map((f) => f.cellLine));
  const known = [...lines].map((l) => `"${l}"`).join(', ');
  const parentalOf = new Map<string, string>();
  const check = (name: string, option: string): void => {
    if (!lines.has(name)) {
      throw new Ic50Error(`${option}: cell line "${name}" is not in the data`, { hint: `cell lines found: ${known}` });
    }
  };
  if (comparisons.parental !== undefined) {
    check(comparisons.parental, '--parental');
    for (const line of lines) if (line !== comparisons.parental) parentalOf.set(line, comparisons.parental);
  }
  for (const [resistant, parental] of comparisons.pairs ?? []) {
    check(resistant, '--pair');
    check(parental, '--pair');
    parentalOf.set(resistant, parental);
  }
  if (parentalOf.size === 0) return [...fits];

  // Each experiment (and the summary across them) is compared with the parental's same one.
  const byKey = new Map(fits.map((f) => [`${f.cellLine}\u0000${f.compound}\u0000${f.experiment ?? ''}`, f]));
  return fits.map((fit) => {
    const parentalName = parentalOf.get(fit.cellLine);
    if (parentalName === undefined) return fit;
    const reference = byKey.get(`${parentalName}\u0000${fit.compound}\u0000${fit.experiment ?? ''}`);
    if (!reference) return { ...fit, parental: parentalName };
    const flags: Flag[] = [...fit.flags];
    let log10Rf = log10ResistanceFactor(fit, reference, confidence);
    if (comparisons.rfCi === 'fieller' && Number.isFinite(log10Rf.value)) {
      const fieller = fiellerLog10Ratio(fit, reference, confidence);
      if (!Number.isFinite(fieller.lower) || !Number.isFinite(fieller.upper)) flags.push('rf_ci_open');
      log10Rf = { ...log10Rf, lower: Number.isFinite(fieller.lower) ? fieller.lower : Number.NaN, upper: Number.isFinite(fieller.upper) ? fieller.upper : Number.NaN };
    }
    if (!Number.isFinite(log10Rf.value)) log10Rf = MISSING;
    // "Do the IC50s differ?": shared vs separate log10 IC50, other parameters free per curve.
    let rfP = Number.NaN;
    if ((comparisons.testDifference ?? true) && fit.points.log10Molar.length > 0 && reference.points.log10Molar.length > 0 && Number.isFinite(log10Rf.value)) {
      const weighted = comparisons.weights === '1/y2';
      rfP = ic50DifferenceTest(
        { log10Concentration: fit.points.log10Molar, response: fit.points.response, weights: weighted ? relativeWeights(fit.points.response) : undefined },
        { log10Concentration: reference.points.log10Molar, response: reference.points.response, weights: weighted ? relativeWeights(reference.points.response) : undefined },
        {
          ...(comparisons.bounds ? { bounds: comparisons.bounds } : {}),
          ...(comparisons.top !== undefined ? { top: comparisons.top } : {}),
          ...(comparisons.bottom !== undefined ? { bottom: comparisons.bottom } : {}),
          model: modelNamed(comparisons.model),
        },
      ).p;
    }
    // The line's IC50 pushes RF one way, the parental's the other way.
    const up = boundDirection(fit) > 0 || boundDirection(reference) < 0;
    const down = boundDirection(fit) < 0 || boundDirection(reference) > 0;
    if (up && down) {
      flags.push('rf_undetermined');
      log10Rf = MISSING;
    } else if (up) flags.push('rf_lower_bound');
    else if (down) flags.push('rf_upper_bound');
    return { ...fit, parental: parentalName, log10Rf, rfP, flags };
  });
}
