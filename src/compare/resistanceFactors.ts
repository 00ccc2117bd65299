import { Ic50Error } from '../errors.js';
import { studentTCritical } from '../fit/studentT.js';
import type { Comparison, CurveFit, Estimate, ExperimentSummary, Flag } from '../types.js';
import { closestName } from './closestName.js';
import { fiellerLog10Ratio } from './fieller.js';

/** Which lines are compared with which: `--parental NAME` and `--pair RESISTANT=PARENTAL`. */
export interface ComparisonOptions {
  readonly parental?: string | undefined;
  readonly pairs?: readonly (readonly [resistant: string, parental: string])[] | undefined;
}

/** RF interval: delta method on log10 (default) or Fieller's. */
export type RfInterval = 'delta' | 'fieller';

const MISSING: Estimate = Object.freeze({ value: Number.NaN, standardError: Number.NaN, lower: Number.NaN, upper: Number.NaN });

/**
 * The parentals of each line: every line but NAME against NAME with --parental; with --pair, the
 * pairs given (a line may have several parentals; a --pair of a line replaces --parental for it).
 * Throws Ic50Error (exit 2, before anything is written) for a name that is not in the data,
 * suggesting the closest one.
 */
export function parentalsOf(lines: ReadonlySet<string>, options: ComparisonOptions): Map<string, string[]> {
  const known = [...lines];
  const check = (name: string, option: string): void => {
    if (lines.has(name)) return;
    const close = closestName(name, known);
    throw new Ic50Error(`${option}: cell line "${name}" is not in the data`, {
      code: 'usage',
      hint: `${close !== undefined ? `did you mean "${close}"? ` : ''}cell lines found: ${known.map((l) => `"${l}"`).join(', ')}`,
    });
  };
  const parentals = new Map<string, string[]>();
  const paired = new Set<string>();
  for (const [resistant, parental] of options.pairs ?? []) {
    check(resistant, '--pair');
    check(parental, '--pair');
    if (resistant === parental) throw new Ic50Error(`--pair ${resistant}=${parental} compares a line with itself`, { code: 'usage' });
    paired.add(resistant);
    const list = parentals.get(resistant) ?? [];
    if (!list.includes(parental)) list.push(parental);
    parentals.set(resistant, list);
  }
  if (options.parental !== undefined) {
    check(options.parental, '--parental');
    for (const line of known) if (line !== options.parental && !paired.has(line)) parentals.set(line, [options.parental]);
  }
  return parentals;
}

/** What a resistance factor needs of each side: a log10 IC50 with its interval, its df and its flags. */
export type RfSide = Pick<CurveFit, 'log10Ic50' | 'dfResidual' | 'flags'> | Pick<ExperimentSummary, 'log10Ic50' | 'dfResidual' | 'flags'>;

/**
 * log10 resistance factor of two independent fits, log10 RF = log10 IC50(line) − log10 IC50(parental),
 * with a delta-method interval on the log10 scale: se = √(se₁² + se₂²), Student t with
 * Welch–Satterthwaite degrees of freedom ν = (se₁² + se₂²)² / (se₁⁴/ν₁ + se₂⁴/ν₂).
 * RF itself is 10^log10 RF, its interval 10^(bounds): asymmetric, and always positive.
 */
export function log10ResistanceFactor(line: Pick<RfSide, 'log10Ic50' | 'dfResidual'>, parental: Pick<RfSide, 'log10Ic50' | 'dfResidual'>, confidence: number): Estimate {
  const value = line.log10Ic50.value - parental.log10Ic50.value;
  const v1 = line.log10Ic50.standardError ** 2;
  const v2 = parental.log10Ic50.standardError ** 2;
  const standardError = Math.sqrt(v1 + v2);
  const df = (v1 + v2) ** 2 / ((v1 * v1) / line.dfResidual + (v2 * v2) / parental.dfResidual);
  const critical = studentTCritical(confidence, df);
  return { value, standardError, lower: value - critical * standardError, upper: value + critical * standardError };
}

/** Direction in which an IC50 is only a bound: +1 above its range (true IC50 ≥), −1 below, 0 inside. */
function boundDirection(side: RfSide): number {
  if (side.flags.includes('ic50_above_range')) return 1;
  if (side.flags.includes('ic50_below_range')) return -1;
  return 0;
}

/**
 * The comparison of a line with its parental, same compound and experiment (or both summaries
 * across experiments): RF with its interval (delta method, or Fieller's with `fieller`). When an
 * IC50 lies beyond its tested range the RF is only a bound, and flagged: rf_lower_bound (true RF
 * ≥ value: the line's IC50 is above its range, or the parental's below), rf_upper_bound (the
 * reverse), rf_undetermined (both point the same way, so nothing bounds the ratio; no RF). Without
 * a parental side: `no_parental_fit`, no RF. rfP is left for the IC50-difference test.
 */
export function compareSides(
  identity: Pick<Comparison, 'cellLine' | 'parental' | 'compound' | 'experiment' | 'ofSummaries'>,
  line: RfSide,
  parental: RfSide | undefined,
  confidence: number,
  interval: RfInterval = 'delta',
): Comparison {
  if (!parental) return { ...identity, log10Rf: MISSING, rfP: Number.NaN, flags: ['no_parental_fit'] };
  const flags: Flag[] = [];
  let log10Rf = log10ResistanceFactor(line, parental, confidence);
  if (interval === 'fieller' && Number.isFinite(log10Rf.value)) {
    const fieller = fiellerLog10Ratio(line, parental, confidence);
    if (!Number.isFinite(fieller.lower) || !Number.isFinite(fieller.upper)) flags.push('rf_ci_open');
    log10Rf = { ...log10Rf, lower: Number.isFinite(fieller.lower) ? fieller.lower : Number.NaN, upper: Number.isFinite(fieller.upper) ? fieller.upper : Number.NaN };
  }
  if (!Number.isFinite(log10Rf.value)) log10Rf = MISSING;
  // The line's IC50 pushes RF one way, the parental's the other way.
  const up = boundDirection(line) > 0 || boundDirection(parental) < 0;
  const down = boundDirection(line) < 0 || boundDirection(parental) > 0;
  if (up && down) {
    flags.push('rf_undetermined');
    log10Rf = MISSING;
  } else if (up) flags.push('rf_lower_bound');
  else if (down) flags.push('rf_upper_bound');
  return { ...identity, log10Rf, rfP: Number.NaN, flags };
}
