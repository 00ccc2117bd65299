/**
 * The data model: what flows through the pipeline
 *
 *   bytes ─▶ readers ─▶ WellRecord ─▶ normalize ─▶ Curve ─▶ fit ─▶ CurveFit ─┐
 *                                                                          ├─▶ compare ─▶ Comparison, ExperimentSummary
 *   plate controls ─▶ PlateQc                                              │
 *                                              writers ◀─ ResultRow ◀──────┘  (fits, summaries and comparisons joined)
 *
 * A Report keeps each kind of result in its own collection — fits, experiment summaries,
 * comparisons, plates, problems — joined only by the writers (one row per fit or summary and
 * comparison). Concentrations travel as log10 molar inside the pipeline (so units never mix) and
 * are turned back into the user's unit only by the writers.
 */

/**
 * What a well is for. `exclude` wells are read, counted and reported, never used. `time0` wells
 * are read at the moment of treatment (a time-zero plate): the cell count the growth-rate (GR)
 * metrics start from.
 */
export type WellRole = 'sample' | 'vehicle' | 'blank' | 'positive' | 'exclude' | 'time0';

/** Where something came from, for messages: a file and, when known, a line and a well. */
export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly well?: string;
  /** Worksheet of a workbook. */
  readonly sheet?: string;
}

/** One well as read from an input, before normalization. */
export interface WellRecord {
  readonly location: Location;
  /** Plate identifier: the `plate` column, else the file name. */
  readonly plate: string;
  readonly role: WellRole;
  /** true when the role was guessed from the compound name (no role column said it). */
  readonly roleInferred?: boolean;
  /** Empty for controls that serve every cell line on their plate (e.g. medium-only blanks). */
  readonly cellLine: string;
  /** Empty for controls without a compound. */
  readonly compound: string;
  /** log10 molar concentration; NaN for controls (their concentration is ignored). */
  readonly log10Molar: number;
  /** Unit the concentration was given in, for output (e.g. "nM"). */
  readonly unit: string;
  /** Raw signal (RLU, absorbance, or % viability with normalization off); NaN when unusable. */
  readonly signal: number;
  /** Independent experiment, from the column named by --experiment COLUMN (tidy CSV). */
  readonly experiment?: string;
  /** Values of the label columns (options.labelColumns, in order) of a tidy CSV's row; "" where empty. */
  readonly labels?: readonly string[];
  /**
   * Hours from treatment to the read (a `time` column, a map's or a manifest's); absent when not
   * said. Wells read at time 0 (other than blanks) are `time0` wells.
   */
  readonly time?: number;
  /**
   * Set when the user excluded the well (--exclude, --exclude-file): its role is then `exclude`,
   * and this keeps the role it had and why it was left out.
   */
  readonly userExclusion?: { readonly reason: string; readonly role: WellRole };
}

/** A well the user excluded (--exclude, --exclude-file), as read: the audit list of a run. */
export interface ExcludedWell {
  readonly plate: string;
  /** "plate:well". */
  readonly label: string;
  /** The role it had: sample (left out of its curve's fit) or a control (not counted as one). */
  readonly role: WellRole;
  readonly cellLine: string;
  readonly compound: string;
  /** Why ("" when no reason was given). */
  readonly reason: string;
}

/**
 * Wells of a curve the user excluded (--exclude, --exclude-file): where each came from
 * ("plate:well"), its point (log10 molar, % viability; NaN when it had no usable signal) and the
 * reason given. They are not in the fit; plots draw them as hollow crossed points.
 */
export interface ExcludedPoints {
  readonly wells: readonly string[];
  readonly log10Molar: readonly number[];
  readonly response: readonly number[];
  readonly reasons: readonly string[];
  /**
   * Where each was read among the curve's points: the number of points read before it (so the
   * report's page can put a well it brings back where the command line would have read it).
   */
  readonly at?: readonly number[];
}

/** The identity of a curve: one cell line, one compound, one independent experiment (and one end time, when said). */
export interface CurveIdentity {
  readonly cellLine: string;
  readonly compound: string;
  /** Independent experiment the wells belong to; "" when experiments are not separated. */
  readonly experiment: string;
  /**
   * The check the wells belong to: the values of the label columns (passage, date, …; see
   * options.labelColumns) of a tidy CSV's rows or a manifest's row, in order. Absent without label
   * columns. Curves of different checks are never pooled, and lines are compared within a check.
   */
  readonly labels?: readonly string[];
  /** Hours from treatment to the read, when the input says (a `time` column): curves read at different times are different curves. */
  readonly time?: number | undefined;
}

/** One curve: every usable sample well of one (cell line, compound, experiment), normalized. */
export interface Curve extends Omit<CurveIdentity, 'experiment'> {
  /** Independent experiment the wells belong to; "" or absent when experiments are not separated. */
  readonly experiment?: string;
  /** Plates its wells came from, in first-seen order. */
  readonly plates: readonly string[];
  /** Output unit (the unit of its first well unless overridden). */
  readonly unit: string;
  readonly log10Molar: ArrayLike<number>;
  /** % viability (100 = vehicle, 0 = background). */
  readonly response: ArrayLike<number>;
  /**
   * Where each point came from, "plate:well" (or "plate:line N" for a table without wells), for
   * naming outliers; collected only when outlier detection is on.
   */
  readonly wells?: readonly string[];
  /** Set when a plate contributing to the curve had no blank or positive control. */
  readonly noBlank: boolean;
  /** Set when a plate contributing to the curve failed plate QC. */
  readonly qcFailed?: boolean;
  /** Wells of the curve the user excluded: not among its points. */
  readonly excluded?: ExcludedPoints;
  /** Hours from treatment to the read (when said): part of the curve's identity. */
  readonly time?: number | undefined;
  /**
   * Control doublings during the assay of each point's plate, log2(x_vehicle/x_time0) from its
   * time-zero reads (or T/Td from --doubling-time); NaN where the plate has none. Absent when no
   * point has one. With % viability v it gives the growth-rate value GR = 2^(1 + log2(v/100)/d) − 1.
   */
  readonly doublings?: ArrayLike<number>;
}

/**
 * Quality of one plate's controls for one cell line (controls without a cell line count for
 * every line of their plate). Z′ = 1 − 3(sd_vehicle + sd_background)/|mean_vehicle − mean_background|
 * (Zhang, Chung & Oldenburg 1999), background being the blank wells, or the positive-control
 * wells when there are no blanks; CV = 100·sd/mean; signal-to-background = mean_vehicle /
 * mean_background. NaN where there are too few wells to say.
 */
export interface PlateQc {
  readonly file: string;
  readonly plate: string;
  /** Independent experiment the plate was normalized for ("" when not separated). */
  readonly experiment: string;
  readonly cellLine: string;
  /** Hours from treatment to the read of the wells normalized (when the input says). */
  readonly time?: number;
  readonly nVehicle: number;
  readonly nBlank: number;
  readonly nPositive: number;
  /** Wells excluded on the plate (markers, unreadable signals, role exclude). */
  readonly nExcluded: number;
  readonly vehicleMean: number;
  readonly vehicleCv: number;
  readonly blankMean: number;
  readonly blankCv: number;
  readonly zPrime: number;
  readonly signalToBackground: number;
  /** What the signal is (the read, or reads, of a plate-reader export); "" for tidy input. */
  readonly signal: string;
  readonly passed: boolean;
  /** Why it failed, e.g. "Z′ 0.31 < 0.5". */
  readonly reasons: string[];
}

/** A value with its standard error and confidence interval; NaN where undefined. */
export interface Estimate {
  readonly value: number;
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * An ICx of a fitted curve at level P (%), in log10 molar (log10 g/L for mass units): relative —
 * where the curve has fallen P % of the way from top to bottom (drc's relative ED) — with its
 * interval, and absolute — where the curve crosses 100 − P % viability (NaN when it never does).
 */
export interface IcxEstimate {
  /** P, in % (20 for IC20). */
  readonly level: number;
  readonly log10Relative: Estimate;
  readonly log10Absolute: Estimate;
}

/** One NCI-60 measure (GI50, TGI, LC50): log10 concentration, or the tested end it lies beyond. */
export interface NciEstimate {
  /** log10 molar (g/L for mass units); the lowest/highest tested concentration when only a bound. */
  readonly log10: number;
  /** 'below': passed already at the lowest concentration (<); 'above': never reached (>). */
  readonly bound?: 'below' | 'above';
}

/**
 * Growth-rate (GR) metrics of a curve (Hafner et al., Nat Methods 2016), computed as GRmetrics
 * does, and the NCI-60 measures, from each well's % viability and its plate's control doublings.
 * Concentrations in log10 molar (log10 g/L for mass units).
 */
export interface GrowthFit {
  /** Wells with a GR value. */
  readonly nPoints: number;
  /** Mean control doublings during the assay over the curve's wells, log2(x_ctrl/x₀) (or T/Td). */
  readonly doublings: number;
  /**
   * log10 GR50, where the fitted GR curve crosses 0.5, with its delta-method interval; when the
   * curve never crosses it (GRinf ≥ 0.5, or flat), the tested end it lies beyond (flag
   * gr50_above_range / gr50_below_range) without an interval.
   */
  readonly log10Gr50: Estimate;
  /** The lower of the mean GR values at the two highest concentrations. */
  readonly grMax: number;
  /** The fitted GR at infinite concentration (bounded to [−1, 1]); GRmax when the fit is flat. */
  readonly grInf: Estimate;
  /** log10 GEC50, the midpoint between 1 and GRinf; missing when flat. */
  readonly log10Gec50: Estimate;
  /** Hill slope of the GR curve (bounded to [0.1, 5]); missing when flat. */
  readonly hill: Estimate;
  /** Area over the GR curve: trapezoid of 1 − mean GR over log10 concentration, divided by the range. */
  readonly aoc: number;
  readonly rSquared: number;
  /** p of the F test of the GR curve against a flat line (its mean). */
  readonly flatP: number;
  readonly rss: number;
  readonly dfResidual: number;
  readonly gi50: NciEstimate;
  readonly tgi: NciEstimate;
  readonly lc50: NciEstimate;
  /** The GR values fitted (for plots); empty when nobody needs them. */
  readonly points: { readonly log10Molar: readonly number[]; readonly gr: readonly number[] };
}

/**
 * Flags: expected scientific outcomes are data, never exceptions (README: "Flags").
 * On a fit:
 * - ic50_above_range / ic50_below_range: the fitted IC50 lies beyond the tested concentrations
 * - not_converged: the optimizer stopped before its optimality test passed
 * - too_few_concentrations: fewer than the model's minimum of distinct concentrations: not fitted
 * - bound_hit: log10 IC50, hill or asymmetry ended on its bound (the unconstrained optimum lies beyond)
 * - ambiguous: singular covariance (no interval), or an IC50 interval wider than the chosen number of decades or open
 * - no_blank: a contributing plate had neither blank nor positive-control wells (background 0)
 * - plate_qc_failed: a contributing plate failed QC (Z′ or vehicle CV beyond the thresholds)
 * - flat: no significant dose response (F test against a constant, p above the threshold)
 * - no_absolute_ic50: the fitted curve never crosses 50 % viability
 * - ci_open: the profile IC50 interval has no bound on a side
 * - outliers: ROUT found outliers (listed in `outliers`; removed from the fit with --outliers remove)
 * - icx_beyond_range: an ICx asked for (--icx) lies beyond the tested concentrations: an extrapolation
 * - no_absolute_icx: the fitted curve never crosses 100 − P % viability for some ICx level P asked for (that icP_abs is empty)
 * - gr_flat: no significant growth-rate response (F test of the GR curve against a flat line)
 * - gr50_above_range / gr50_below_range: GR50 lies beyond the tested concentrations (or the GR curve never crosses 0.5): a bound
 * - gr_bound_hit: a GR parameter ended on its bound (GEC50 window, h_GR 0.1–5, GRinf −1–1)
 * - gr_incomplete: some of the curve's plates have no time-zero reference: no GR metrics
 * - gi50_above_range / gi50_below_range, tgi_…, lc50_…: that NCI-60 measure is not reached in the tested range (> highest) or passed below it (< lowest)
 * On an experiment summary:
 * - too_few_experiments: fewer than 2 usable IC50s
 * On a comparison:
 * - rf_ci_open: Fieller's RF interval has no bound on a side
 * - rf_lower_bound / rf_upper_bound: the resistance factor is only a bound, since an IC50 is
 *   beyond its tested range (the true RF is at least / at most the value shown)
 * - rf_undetermined: both IC50s lie beyond their ranges in directions that leave RF unbounded
 * - no_parental_fit: the parental line has no curve for this compound (and experiment)
 * On a row of a compound fitted with shared parameters (--share):
 * - share_rejected: the F test rejects sharing (p below --share-alpha): the lines differ in the shared parameter
 * - share_failed: the shared fit did not converge: no shared values
 * - icx_rf_lower_bound / icx_rf_upper_bound: an RF at an ICx level (--rf-at) is only a bound, an ICx being beyond its range
 * - icx_rf_undetermined: both ICx of a level lie beyond their ranges in directions that leave that RF unbounded
 * - gr_rf_lower_bound / gr_rf_upper_bound / gr_rf_undetermined: the same for the GR50 resistance factor
 * - growth_rate_trap: the IC50 and GR50 resistance factors disagree beyond their intervals (division rates differ)
 * On a resistance history (ic50 trend; a check is one saved RF, a trend one line, compound and parental):
 * - resistance_fading: after resistance was established, a check whose RF interval no longer lies
 *   wholly above --resistant-at (on the trend: the latest check is such a check)
 * - not_established: no check's RF interval lies wholly above --resistant-at
 * - not_in_trend: a check left out of the trend's statistics (RF only a bound or undetermined, no
 *   standard error, or an unusable fit: flat, extrapolated, not fitted, not converged)
 * - too_few_checks: fewer than 3 usable checks: no slope
 * - probable_name_mismatch: a cell line or compound name of the trend differs from another's only
 *   in case, spacing or punctuation (kept apart, never merged)
 */
export type Flag =
  | 'ic50_above_range'
  | 'ic50_below_range'
  | 'not_converged'
  | 'too_few_concentrations'
  | 'bound_hit'
  | 'ambiguous'
  | 'no_blank'
  | 'plate_qc_failed'
  | 'flat'
  | 'no_absolute_ic50'
  | 'ci_open'
  | 'rf_ci_open'
  | 'too_few_experiments'
  | 'outliers'
  | 'rf_lower_bound'
  | 'rf_upper_bound'
  | 'rf_undetermined'
  | 'no_parental_fit'
  | 'share_rejected'
  | 'share_failed'
  | 'icx_beyond_range'
  | 'no_absolute_icx'
  | 'icx_rf_lower_bound'
  | 'icx_rf_upper_bound'
  | 'icx_rf_undetermined'
  | 'gr_flat'
  | 'gr50_above_range'
  | 'gr50_below_range'
  | 'gr_bound_hit'
  | 'gr_incomplete'
  | 'gi50_above_range'
  | 'gi50_below_range'
  | 'tgi_above_range'
  | 'tgi_below_range'
  | 'lc50_above_range'
  | 'lc50_below_range'
  | 'gr_rf_lower_bound'
  | 'gr_rf_upper_bound'
  | 'gr_rf_undetermined'
  | 'growth_rate_trap'
  | 'resistance_fading'
  | 'not_established'
  | 'not_in_trend'
  | 'too_few_checks'
  | 'probable_name_mismatch';

export type FittedModelName = 'll2' | 'll3' | 'll3u' | 'll4' | 'll5';

/** One model's least-squares fit in a model comparison (--compare-models). */
export interface ModelFitSummary {
  /** The model compared: ll3, ll4 or ll5. */
  readonly model: 'll3' | 'll4' | 'll5';
  /** What was fitted, with pinned asymptotes (ll3u, ll2, …). */
  readonly fitted: string;
  /** Free curve parameters p. */
  readonly parameters: number;
  /** NaN when it could not be fitted. */
  readonly rss: number;
  readonly dfResidual: number;
  /** AICc with k = p + 1 (drc's count: σ² is a parameter); NaN when undefined. */
  readonly aicc: number;
  readonly converged: boolean;
}

/** The extra-sum-of-squares F test of a smaller model against a larger one that nests it. */
export interface ModelTest {
  readonly reduced: 'll3' | 'll4' | 'll5';
  readonly full: 'll3' | 'll4' | 'll5';
  readonly f: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
}

/**
 * Which of several nested models a curve's data support (--compare-models): every model's fit,
 * the F tests made, the preferred model (undefined when none could be fitted) and the p of the
 * test that decided.
 */
export interface ModelComparison {
  readonly models: readonly ModelFitSummary[];
  readonly tests: readonly ModelTest[];
  readonly preferred: 'll3' | 'll4' | 'll5' | undefined;
  readonly p: number;
}

/** The fit of one curve, in log10 molar internally; writers convert to `unit`. */
export interface CurveFit extends CurveIdentity {
  readonly plates: readonly string[];
  readonly unit: string;
  readonly nPoints: number;
  readonly nConcentrations: number;
  /** log10 of IC50 in molar, with its Wald interval (Student t, residual df). */
  readonly log10Ic50: Estimate;
  readonly hill: Estimate;
  readonly top: Estimate;
  readonly bottom: Estimate;
  /**
   * The model fitted, in drc's names: "ll4", "ll3" (bottom pinned), "ll3u" (top pinned), "ll2"
   * (both pinned) — one LL.4 equation with pinned asymptotes — or "ll5", whose extra parameter
   * is `asymmetry` (f; 1 is the symmetric LL.4 curve).
   */
  readonly model?: FittedModelName;
  readonly asymmetry?: Estimate;
  readonly rss: number;
  readonly rSquared: number;
  readonly dfResidual: number;
  readonly converged: boolean;
  /**
   * How the least-squares fit ended (the final Levenberg–Marquardt run, as scipy's `status`):
   * "converged" (its optimality test passed: the Newton decrement below 1e-12 × RSS), "stalled"
   * (no damped step lowers the RSS any more — a minimum to machine precision, also converged),
   * "max_iterations" (stopped at the iteration limit before the test passed: not converged), or
   * "not_fitted" (too few concentrations, or no data).
   */
  readonly status?: 'converged' | 'stalled' | 'max_iterations' | 'not_fitted';
  /** Levenberg–Marquardt steps of that final run (0 when not fitted). */
  readonly iterations?: number;
  /** Absolute IC50, pIC50, Emax and AUC of the fitted curve (NaN when not fitted). */
  readonly metrics: {
    readonly log10AbsoluteIc50: number;
    readonly pIc50: number;
    readonly emax: number;
    readonly auc: number;
  };
  /** p-value of the extra-sum-of-squares F test of the curve against a constant. */
  readonly flatP: number;
  /** ICx at the levels asked for (--icx, --rf-at), in ascending order of level. */
  readonly icx?: readonly IcxEstimate[];
  /** Growth-rate (GR) and NCI-60 metrics, when the curve's plates have time-zero reads (or a doubling time). */
  readonly gr?: GrowthFit;
  /** Tested log10 molar range of the curve. */
  readonly log10Range: readonly [number, number];
  /**
   * The points fitted (finite ones): log10 molar concentration and % viability, for plots and
   * the IC50-difference test. Empty when nobody downstream needs them.
   */
  readonly points: {
    readonly log10Molar: readonly number[];
    readonly response: readonly number[];
    /** Where each point came from ("plate:well"), when the curve's wells were collected (outliers, the report). */
    readonly wells?: readonly string[];
  };
  /**
   * ROUT outliers (--outliers flag|remove): where they came from ("plate:well"), largest residual
   * first, and their points; with `remove` these points are not in `points` and not in the fit.
   */
  readonly outliers?: {
    readonly wells: readonly string[];
    readonly log10Molar: readonly number[];
    readonly response: readonly number[];
    readonly removed: boolean;
  };
  /** Wells the user excluded (--exclude, --exclude-file): not in `points` nor in the fit. */
  readonly excluded?: ExcludedPoints;
  /**
   * Covariance s²·(JᵀWJ)⁻¹ of the fitted parameters, row-major p×p in the model's parameter order
   * ([log10 IC50, hill, (asymmetry,) top, bottom]; zero rows and columns for a pinned asymptote),
   * for the curve's confidence band (fit/confidenceBand.ts). Absent when singular or not fitted,
   * and dropped with the points when nobody draws the curve.
   */
  readonly covariance?: readonly number[];
  /** The comparison of models on this curve (--compare-models, --model auto). */
  readonly modelComparison?: ModelComparison;
  /**
   * The curve as it was fitted (its points in reading order with their wells, and the wells
   * excluded): kept only for the HTML report, whose page refits it when a reviewer excludes a well.
   */
  readonly curve?: Curve;
  readonly flags: Flag[];
}

/**
 * The summary of one cell line and compound across independent experiments (the "mean of n
 * experiments" papers report): the geometric-mean IC50 — the mean of the experiments' log10
 * IC50s — with its t-interval across experiments. Not a fit: it has no shape parameters.
 */
export interface ExperimentSummary {
  readonly cellLine: string;
  readonly compound: string;
  /** The check (label values) its experiments share; see CurveIdentity. */
  readonly labels?: readonly string[];
  /** Hours from treatment to the read of its fits, when said. */
  readonly time?: number | undefined;
  readonly unit: string;
  readonly plates: readonly string[];
  /** Every experiment of the line and compound, in first-seen order. */
  readonly experiments: readonly string[];
  /** Experiments whose IC50 entered the mean (the others are extrapolations or not fitted). */
  readonly nExperiments: number;
  readonly nPoints: number;
  readonly nConcentrations: number;
  /** Mean of log10 IC50 (molar) ± t(n−1)·sd/√n. */
  readonly log10Ic50: Estimate;
  /** n − 1: the degrees of freedom of the interval (and of RFs between summaries). */
  readonly dfResidual: number;
  readonly flags: Flag[];
}

/**
 * One resistance factor: a line's IC50 against its parental's, same compound, same experiment
 * (or both summaries across experiments). A line may be compared with several parentals.
 */
export interface Comparison {
  readonly cellLine: string;
  readonly parental: string;
  readonly compound: string;
  /** The experiment compared ("" when not separated). */
  readonly experiment: string;
  /** true when the two sides are experiment summaries. */
  readonly ofSummaries: boolean;
  /** log10 RF = log10 IC50(line) − log10 IC50(parental), with its interval; NaN when undetermined. */
  readonly log10Rf: Estimate;
  /** p-value of "do the IC50s differ?" (F test, shared vs separate log10 IC50); NaN when not tested. */
  readonly rfP: number;
  /** Resistance factors at other ICx levels (--rf-at): log10 ICP(line) − log10 ICP(parental). */
  readonly rfAt?: readonly LevelRf[];
  /** The resistance factor on GR50 (growth-rate corrected), log10; absent without GR on either side. */
  readonly grLog10Rf?: Estimate;
  readonly flags: Flag[];
}

/** One cell line in a shared (global) fit: its parameters there, a shared one the same on every line. */
export interface SharedFitLine {
  readonly cellLine: string;
  /** log10 IC50 (molar) with its Wald interval on the joint fit's residual df. */
  readonly log10Ic50: Estimate;
  readonly hill: Estimate;
  readonly top: Estimate;
  readonly bottom: Estimate;
}

/**
 * The global fit of the cell lines of one compound (and experiment) with some parameters shared
 * (--share): Prism's "shared value for all data sets", drc's `pmodels`. Lines whose own fit is
 * flat or not fitted are left out. The F test compares it with the lines' separate fits.
 */
export interface SharedFit {
  readonly compound: string;
  readonly experiment: string;
  /** What is shared: hill, top, bottom. */
  readonly parameters: readonly ('hill' | 'top' | 'bottom')[];
  readonly lines: readonly SharedFitLine[];
  /** Covariance of the lines' log10 IC50s in the joint fit (lines × lines, row-major): for RFs. */
  readonly log10Ic50Covariance: readonly number[];
  readonly rss: number;
  readonly dfResidual: number;
  /** Σ RSS and Σ df of the lines' separate fits (same model, points and weights). */
  readonly rssSeparate: number;
  readonly dfSeparate: number;
  /** Extra-sum-of-squares F test of shared against separate: F on (df − df_separate, df_separate). */
  readonly f: number;
  readonly p: number;
  readonly converged: boolean;
  readonly flags: Flag[];
}

/** A resistance factor at ICx level P (%): log10 ICP(line) − log10 ICP(parental), with its interval. */
export interface LevelRf {
  readonly level: number;
  readonly log10Rf: Estimate;
}

/**
 * One output row: a fit or an experiment summary, with one of its comparisons (a line with two
 * parentals has two rows; a line compared with none has one row without). The writers' unit.
 */
export type ResultRow =
  | { readonly kind: 'fit'; readonly fit: CurveFit; readonly comparison?: Comparison; readonly shared?: SharedFit }
  | { readonly kind: 'summary'; readonly summary: ExperimentSummary; readonly comparison?: Comparison };

/** A non-fatal finding (an excluded well, a missing blank) with where it happened. */
export interface Warning {
  readonly location: Location;
  readonly message: string;
}

/** An input that could not be used at all; the rest of a batch still completes. */
export interface FileError {
  readonly file: string;
  readonly line?: number;
  readonly well?: string;
  readonly message: string;
  /** The Ic50Error code (what kind of problem), e.g. "io", "format", "value". */
  readonly code?: string;
}

/** A plate's wells for a heat map: signal, role and marker per well, row-major. */
export interface PlateMap {
  readonly id: string;
  /** File the plate came from. */
  readonly file?: string;
  readonly rows: number;
  readonly columns: number;
  /** Signal per well; NaN where there is none. */
  readonly values: Float64Array | readonly number[];
  /** Role per well, null where unknown or unused; null when no well has one. */
  readonly roles: readonly (WellRole | null)[] | null;
  /** Well index → marker text (OVRFLW, MISSED, excluded, …): wells without a usable number. */
  readonly markers: ReadonlyMap<number, string>;
}

/** Everything an analysis produced, each kind of result in its own collection. */
export interface Report {
  readonly fits: CurveFit[];
  readonly summaries: ExperimentSummary[];
  readonly comparisons: Comparison[];
  /** Fits, summaries and comparisons joined, in output order (what the writers print). */
  readonly rows: ResultRow[];
  readonly plates: PlateQc[];
  /** Per-plate well maps, when asked for (heat maps). */
  readonly plateMaps: PlateMap[];
  /** Wells the user excluded (--exclude, --exclude-file), in reading order. */
  readonly excluded?: ExcludedWell[];
  /** Global fits per compound (--share). */
  readonly shared?: SharedFit[];
  readonly warnings: Warning[];
  readonly errors: FileError[];
  /** Inputs read (files, or sources given to the library). */
  readonly inputs: number;
}
