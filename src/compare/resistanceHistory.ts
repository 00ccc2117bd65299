import type { Flag } from '../types.js';
import type { HistoryAxis, NameMismatch, ResistanceCheck } from './resistanceChecks.js';
import { latestVersusLevel, weightedLevel, weightedTrend, type LevelTest, type WeightedLevel, type WeightedTrend } from './weightedTrend.js';

/**
 * Where a check stands: `below` (its RF interval reaches down to the fold, before resistance was
 * established), `established` (the first check whose RF interval lies wholly above the fold),
 * `resistant` (a later one that still does), `fading` (a later one that no longer does), `unused`
 * (left out of the statistics: see UNUSABLE).
 */
export type CheckStatus = 'below' | 'established' | 'resistant' | 'fading' | 'unused';

/** A check in its history: its status and flags (the saved ones, then the history's). */
export interface HistoryCheck extends ResistanceCheck {
  readonly status: CheckStatus;
  readonly historyFlags: readonly Flag[];
}

/** One resistant line on one compound against one parental (at one end time, when said), over its checks. */
export interface ResistanceHistory {
  readonly cellLine: string;
  readonly compound: string;
  readonly parental: string;
  /** Hours from treatment to the read of its checks, as saved; "" when the results do not say (one end time). */
  readonly time: string;
  /** The label that orders the checks, and its axis. */
  readonly by: string;
  readonly axis: HistoryAxis;
  /** What one unit of x is: the `by` label (passage), or "30 days". */
  readonly per: string;
  /** --resistant-at. */
  readonly fold: number;
  /** Every check, in order of x (then as read). */
  readonly checks: readonly HistoryCheck[];
  /** Checks that enter the statistics. */
  readonly used: number;
  /** The weighted trend of log10 RF over x; null with fewer than 3 usable checks. */
  readonly trend: WeightedTrend | null;
  readonly established: HistoryCheck | undefined;
  /** The level since resistance was established: the weighted mean of log10 RF from the established check to the one before the latest. */
  readonly level: WeightedLevel | null;
  readonly levelChecks: readonly HistoryCheck[];
  readonly latest: HistoryCheck | undefined;
  /** The latest check against that level. */
  readonly latestTest: LevelTest | null;
  readonly flags: readonly Flag[];
}

/**
 * Saved flags that leave a check out of the statistics: its RF is only a bound or undetermined,
 * or a fit has no usable IC50 (the same flags that leave an experiment out of a mean).
 */
const UNUSABLE = ['rf_lower_bound', 'rf_upper_bound', 'rf_undetermined', 'no_parental_fit', 'too_few_concentrations', 'not_converged', 'ic50_above_range', 'ic50_below_range', 'flat'];

/** Whether a check enters the statistics: an RF with its interval and standard error, from usable fits. */
export function isUsable(check: ResistanceCheck): boolean {
  return (
    Number.isFinite(check.log10Rf) &&
    check.log10RfSe > 0 &&
    Number.isFinite(check.log10RfSe) &&
    Number.isFinite(check.rf.lower) &&
    Number.isFinite(check.rf.upper) &&
    ![...check.flags, ...check.parentalFlags].some((flag) => UNUSABLE.includes(flag))
  );
}

export interface HistoryOptions {
  /** --resistant-at: the fold a check's RF interval must lie wholly above. */
  readonly fold: number;
  readonly confidence: number;
  readonly by: string;
  readonly axis: HistoryAxis;
  /** Name mismatches of the whole run: histories naming one of these names are flagged. */
  readonly mismatches?: readonly NameMismatch[];
}

/**
 * The history of one line, compound and parental, answering what a scientist asks of it:
 *
 * - **the trend**: the weighted regression of log10 RF on x (passage, or days / 30) with weights
 *   1/SE², its slope with interval and p (weightedTrend: SEs scaled by the dispersion, floored at 1);
 * - **established**: the first check whose RF interval lies wholly above `fold` (lower bound
 *   > fold); later checks whose interval no longer does are `fading` (flag `resistance_fading`);
 * - **the latest check against the established level**: the weighted mean of log10 RF over the
 *   checks from the established one to the one before the latest, and the latest check as a new
 *   observation of it (latestVersusLevel), with p.
 *
 * Checks that are only bounds, undetermined, without a standard error or from unusable fits are
 * shown (`unused`, flag `not_in_trend`) and left out of every statistic. History flags:
 * `not_established`, `resistance_fading` (the latest check is fading), `too_few_checks` (no slope),
 * `probable_name_mismatch`.
 */
export function resistanceHistory(checks: readonly ResistanceCheck[], options: HistoryOptions): ResistanceHistory {
  const first = checks[0]!;
  const ordered = checks.map((check, i) => ({ check, i })).sort((a, b) => a.check.x - b.check.x || a.i - b.i).map((e) => e.check);
  const usable = ordered.filter(isUsable);
  const establishedAt = usable.findIndex((c) => c.rf.lower > options.fold);
  const statusOf = (check: ResistanceCheck): CheckStatus => {
    if (!isUsable(check)) return 'unused';
    const k = usable.indexOf(check);
    if (establishedAt < 0 || k < establishedAt) return 'below';
    if (k === establishedAt) return 'established';
    return check.rf.lower > options.fold ? 'resistant' : 'fading';
  };
  const history: HistoryCheck[] = ordered.map((check) => {
    const status = statusOf(check);
    const historyFlags: Flag[] = [];
    if (status === 'unused') historyFlags.push('not_in_trend');
    if (status === 'fading') historyFlags.push('resistance_fading');
    return { ...check, status, historyFlags };
  });
  const used = history.filter((c) => c.status !== 'unused');
  const point = (c: ResistanceCheck) => ({ x: c.x, y: c.log10Rf, standardError: c.log10RfSe });
  const trend = weightedTrend(used.map(point), options.confidence);
  const established = establishedAt >= 0 ? used[establishedAt] : undefined;
  const latest = used[used.length - 1];
  const levelChecks = establishedAt >= 0 ? used.slice(establishedAt, -1) : [];
  const level = weightedLevel(levelChecks.map(point), options.confidence);
  const latestTest = level && latest ? latestVersusLevel(level, point(latest)) : null;

  const flags: Flag[] = [];
  if (used.length < 3) flags.push('too_few_checks');
  if (!established) flags.push('not_established');
  if (latest?.status === 'fading') flags.push('resistance_fading');
  const names = new Set((options.mismatches ?? []).flatMap((m) => m.names.map((n) => `${m.what}\u0000${n.name}`)));
  if (names.has(`cell line\u0000${first.cellLine}`) || names.has(`cell line\u0000${first.parental}`) || names.has(`compound\u0000${first.compound}`)) flags.push('probable_name_mismatch');
  return {
    cellLine: first.cellLine,
    compound: first.compound,
    parental: first.parental,
    time: first.time,
    by: options.by,
    axis: options.axis,
    per: options.axis === 'date' ? '30 days' : options.by,
    fold: options.fold,
    checks: history,
    used: used.length,
    trend,
    established,
    level,
    levelChecks,
    latest,
    latestTest,
    flags,
  };
}

/**
 * The histories of a run's checks: one per resistant line, compound and parental — and end time,
 * for results with several (an RF read at 72 h and one at 96 h are not one series) — in the order
 * first met.
 */
export function resistanceHistories(checks: readonly ResistanceCheck[], options: HistoryOptions): ResistanceHistory[] {
  const groups = new Map<string, ResistanceCheck[]>();
  for (const check of checks) {
    const key = `${check.cellLine}\u0000${check.compound}\u0000${check.parental}\u0000${check.time}`;
    groups.set(key, [...(groups.get(key) ?? []), check]);
  }
  return [...groups.values()].map((group) => resistanceHistory(group, options));
}
