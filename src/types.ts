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

/** What a well is for. `exclude` wells are read, counted and reported, never used. */
export type WellRole = 'sample' | 'vehicle' | 'blank' | 'positive' | 'exclude';

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
}

/** The identity of a curve: one cell line, one compound, one independent experiment. */
export interface CurveIdentity {
  readonly cellLine: string;
  readonly compound: string;
  /** Independent experiment the wells belong to; "" when experiments are not separated. */
  readonly experiment: string;
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
  | 'share_failed';

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
  /** Tested log10 molar range of the curve. */
  readonly log10Range: readonly [number, number];
  /**
   * The points fitted (finite ones): log10 molar concentration and % viability, for plots and
   * the IC50-difference test. Empty when nobody downstream needs them.
   */
  readonly points: { readonly log10Molar: readonly number[]; readonly response: readonly number[] };
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
  /** The comparison of models on this curve (--compare-models, --model auto). */
  readonly modelComparison?: ModelComparison;
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
