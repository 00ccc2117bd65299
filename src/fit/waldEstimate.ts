import type { Estimate } from '../types.js';

/** An estimate that is not there: not fitted, pinned, or not identified. */
export const MISSING: Estimate = Object.freeze({
  value: Number.NaN,
  standardError: Number.NaN,
  lower: Number.NaN,
  upper: Number.NaN,
});

/** value ± t·se as an Estimate (NaN bounds when se is unknown). */
export function waldEstimate(value: number, standardError: number, critical: number): Estimate {
  return {
    value,
    standardError,
    lower: value - critical * standardError,
    upper: value + critical * standardError,
  };
}
