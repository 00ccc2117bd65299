/**
 * The search window of a fit: how far the parameters may go. The model turns it into box bounds
 * of its own shape parameters for the tested range (DoseResponseModel.bounds).
 */
export interface FitBounds {
  /** log10 IC50 may lie at most this many decades beyond the tested concentrations. */
  readonly log10Ic50Margin: number;
  /** Hill slope range (both > 0). */
  readonly hillMin: number;
  readonly hillMax: number;
  /** LL.5 asymmetry range (both > 0; 1 is the symmetric LL.4 curve). Default 0.02–50. */
  readonly asymmetryMin?: number;
  readonly asymmetryMax?: number;
  /**
   * Bounds of the fitted (free) asymptotes, [lowest, highest]; none by default. GRmetrics bounds
   * GRinf to [−1, 1]: a GR curve cannot fall below −1 (every cell dead).
   */
  readonly asymptotes?: readonly [number, number];
}

/** ±3 decades around the tested range, hill 0.05–30, LL.5 asymmetry 0.02–50. */
export const DEFAULT_BOUNDS: FitBounds = { log10Ic50Margin: 3, hillMin: 0.05, hillMax: 30, asymmetryMin: 0.02, asymmetryMax: 50 };
