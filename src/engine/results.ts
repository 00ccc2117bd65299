import { summarizeExperiments } from '../compare/experiments.js';
import { growthResistanceFactor, isGrowthRateTrap } from '../compare/growthResistanceFactor.js';
import { levelResistanceFactors } from '../compare/levelResistanceFactors.js';
import { compareSides, type RfInterval } from '../compare/resistanceFactors.js';
import { curveKey } from '../plate/groupCurves.js';
import type { Comparison, CurveFit, CurveIdentity, ExperimentSummary, ResultRow } from '../types.js';
import type { PlannedCurves } from './curveTable.js';

/** A row now, or one that waits for the IC50-difference test of its comparison. */
export type PendingRow = ResultRow | Promise<ResultRow>;

/** How comparisons are made: the interval, the confidence, and the IC50-difference test (run by an executor). */
export interface ComparisonSettings {
  readonly confidence: number;
  readonly rfInterval: RfInterval;
  readonly differenceP: (line: CurveFit, parental: CurveFit) => Promise<number>;
  /** ICx levels (%) with a resistance factor too (--rf-at). */
  readonly rfAt?: readonly number[];
}

/** The key of a line and compound's summary across experiments: within one check (label columns) and one end time (when said). */
function summaryKey(cellLine: string, compound: string, labels?: readonly string[], time?: number): string {
  const key = labels && labels.length > 0 ? `${cellLine}\u0000${compound}\u0000${labels.join('\u0001')}` : `${cellLine}\u0000${compound}`;
  return time === undefined ? key : `${key}\u0002${time}`;
}

/** A comparison with the resistance factors beyond the IC50's: at other ICx levels (--rf-at), and on GR50 (with the growth-rate trap flag). */
function withExtraResistanceFactors(comparison: Comparison, fit: CurveFit, other: CurveFit, settings: ComparisonSettings): Comparison {
  let out = comparison;
  if (settings.rfAt && settings.rfAt.length > 0) {
    const levels = levelResistanceFactors(fit, other, settings.rfAt, settings.confidence);
    out = { ...out, rfAt: levels.rfAt, flags: [...out.flags, ...levels.flags] };
  }
  const growth = growthResistanceFactor(fit, other, settings.confidence);
  if (growth) {
    out = { ...out, grLog10Rf: growth.log10Rf, flags: [...out.flags, ...growth.flags] };
    if (isGrowthRateTrap(out)) out = { ...out, flags: [...out.flags, 'growth_rate_trap'] };
  }
  return out;
}

/**
 * Joins fits into result rows as they complete: a fit's own row, or one row per comparison with
 * each of its parentals (when both fits are in), and the summaries across experiments (when
 * every experiment of a line and compound is in) with their comparisons. Everything it waits
 * for is known in advance from the plan, so a fit is held only until the rows that need it are
 * made, and rows come out in the order their last fit completes — the same for any number of
 * threads.
 */
export class ResultJoiner {
  /** Fits held for comparisons not yet made, by curve key. */
  private readonly fits = new Map<string, CurveFit>();
  /** Comparisons still to make, per curve key of either side: how many remain. */
  private readonly holds = new Map<string, number>();
  /** Experiment fits gathered per (line, compound), and how many are planned. */
  private readonly groups = new Map<
    string,
    { readonly cellLine: string; readonly compound: string; readonly labels: readonly string[] | undefined; readonly time: number | undefined; planned: number; fits: CurveFit[] }
  >();
  private readonly summaries = new Map<string, ExperimentSummary>();
  private readonly summaryHolds = new Map<string, number>();
  /** Lines compared with each parental (reverse of parentals). */
  private readonly children = new Map<string, string[]>();

  constructor(
    private readonly curves: PlannedCurves,
    private readonly parentals: ReadonlyMap<string, readonly string[]>,
    private readonly settings: ComparisonSettings,
  ) {
    for (const [line, list] of parentals) for (const p of list) this.children.set(p, [...(this.children.get(p) ?? []), line]);
    for (const curve of curves.identities()) {
      for (const parental of parentals.get(curve.cellLine) ?? []) {
        const other = { cellLine: parental, compound: curve.compound, experiment: curve.experiment, labels: curve.labels, time: curve.time };
        if (!curves.has(other)) continue;
        this.hold(curveKey(curve));
        this.hold(curveKey(other));
      }
      if (curve.experiment !== '') {
        const key = summaryKey(curve.cellLine, curve.compound, curve.labels, curve.time);
        const group = this.groups.get(key) ?? { cellLine: curve.cellLine, compound: curve.compound, labels: curve.labels, time: curve.time, planned: 0, fits: [] };
        group.planned++;
        this.groups.set(key, group);
      }
    }
    for (const [key, group] of this.groups) {
      if (group.planned < 2) continue;
      for (const parental of parentals.get(group.cellLine) ?? []) {
        const other = summaryKey(parental, group.compound, group.labels, group.time);
        if ((this.groups.get(other)?.planned ?? 0) < 2) continue;
        this.summaryHolds.set(key, (this.summaryHolds.get(key) ?? 0) + 1);
        this.summaryHolds.set(other, (this.summaryHolds.get(other) ?? 0) + 1);
      }
    }
  }

  private hold(key: string): void {
    this.holds.set(key, (this.holds.get(key) ?? 0) + 1);
  }

  private release(key: string): void {
    const left = (this.holds.get(key) ?? 1) - 1;
    if (left > 0) this.holds.set(key, left);
    else {
      this.holds.delete(key);
      this.fits.delete(key);
    }
  }

  /** Whether a curve's fit is needed as an object (comparisons or summaries); others can be rendered where they are fitted. */
  needs(curve: Pick<CurveIdentity, 'cellLine' | 'compound' | 'experiment'>): boolean {
    return this.parentals.has(curve.cellLine) || this.children.has(curve.cellLine) || curve.experiment !== '';
  }

  /** The rows a completed fit makes ready, in order. */
  complete(fit: CurveFit): PendingRow[] {
    const rows: PendingRow[] = [];
    const key = curveKey(fit);
    const parentals = this.parentals.get(fit.cellLine) ?? [];
    if (this.holds.has(key)) this.fits.set(key, fit);
    if (parentals.length === 0) rows.push({ kind: 'fit', fit });
    // This line against each of its parentals whose fit is in (or will never come).
    for (const parental of parentals) {
      const otherIdentity = { cellLine: parental, compound: fit.compound, experiment: fit.experiment, labels: fit.labels, time: fit.time };
      if (!this.curves.has(otherIdentity)) {
        rows.push(this.row(fit, parental, undefined));
        continue;
      }
      const other = this.fits.get(curveKey(otherIdentity));
      if (other) rows.push(this.row(fit, parental, other));
    }
    // Lines waiting for this one as their parental.
    for (const child of this.children.get(fit.cellLine) ?? []) {
      if (child === fit.cellLine) continue;
      const childKey = curveKey({ cellLine: child, compound: fit.compound, experiment: fit.experiment, labels: fit.labels, time: fit.time });
      const waiting = this.fits.get(childKey);
      if (waiting) rows.push(this.row(waiting, fit.cellLine, fit));
    }
    if (fit.experiment !== '') rows.push(...this.gather(fit));
    return rows;
  }

  /** The row of `fit` compared with `parental` (its fit, or none), releasing both fits' holds. */
  private row(fit: CurveFit, parental: string, other: CurveFit | undefined): PendingRow {
    let comparison = compareSides(
      { cellLine: fit.cellLine, parental, compound: fit.compound, experiment: fit.experiment, ofSummaries: false },
      fit,
      other,
      this.settings.confidence,
      this.settings.rfInterval,
    );
    if (!other) return { kind: 'fit', fit, comparison };
    comparison = withExtraResistanceFactors(comparison, fit, other, this.settings);
    this.release(curveKey(fit));
    this.release(curveKey(other));
    if (!Number.isFinite(comparison.log10Rf.value)) return { kind: 'fit', fit, comparison };
    return this.settings.differenceP(fit, other).then((rfP): ResultRow => ({ kind: 'fit', fit, comparison: { ...comparison, rfP } }));
  }

  /** Adds an experiment's fit to its line and compound; when all are in, the summary's rows. */
  private gather(fit: CurveFit): PendingRow[] {
    const key = summaryKey(fit.cellLine, fit.compound, fit.labels, fit.time);
    const group = this.groups.get(key);
    if (!group || group.planned < 2) return [];
    group.fits.push(fit);
    if (group.fits.length < group.planned) return [];
    this.groups.delete(key);
    const summary = summarizeExperiments(group.fits, this.settings.confidence)!;
    const rows: ResultRow[] = [];
    const parentals = this.parentals.get(fit.cellLine) ?? [];
    if (this.summaryHolds.has(key)) this.summaries.set(key, summary);
    if (parentals.length === 0) rows.push({ kind: 'summary', summary });
    for (const parental of parentals) {
      const otherKey = summaryKey(parental, fit.compound, fit.labels, fit.time);
      const planned = this.groups.get(otherKey)?.planned ?? (this.summaries.has(otherKey) ? 2 : 0);
      if (planned < 2 && !this.summaries.has(otherKey)) {
        rows.push({ kind: 'summary', summary, comparison: this.compareSummaries(summary, parental, undefined) });
        continue;
      }
      const other = this.summaries.get(otherKey);
      if (other) rows.push({ kind: 'summary', summary, comparison: this.compareSummaries(summary, parental, other) });
    }
    for (const child of this.children.get(fit.cellLine) ?? []) {
      const childKey = summaryKey(child, fit.compound, fit.labels, fit.time);
      const waiting = this.summaries.get(childKey);
      if (waiting && child !== fit.cellLine) rows.push({ kind: 'summary', summary: waiting, comparison: this.compareSummaries(waiting, fit.cellLine, summary) });
    }
    return rows;
  }

  private compareSummaries(summary: ExperimentSummary, parental: string, other: ExperimentSummary | undefined): Comparison {
    const comparison = compareSides(
      { cellLine: summary.cellLine, parental, compound: summary.compound, experiment: '', ofSummaries: true },
      summary,
      other,
      this.settings.confidence,
      this.settings.rfInterval,
    );
    if (other) {
      for (const key of [summaryKey(summary.cellLine, summary.compound, summary.labels, summary.time), summaryKey(other.cellLine, other.compound, other.labels, other.time)]) {
        const left = (this.summaryHolds.get(key) ?? 1) - 1;
        if (left > 0) this.summaryHolds.set(key, left);
        else {
          this.summaryHolds.delete(key);
          this.summaries.delete(key);
        }
      }
    }
    return comparison;
  }
}
