import { describe, expect, it } from 'vitest';
import { isFlat, type FlatEvidence } from '../../src/fit/isFlat.js';

const evidence = (change: Partial<FlatEvidence>): FlatEvidence => ({ flatP: 0.2, dfResidual: 26, rSquared: 0.5, responseSpan: 10, noResponse: false, ...change });

describe('isFlat', () => {
  it('follows the F test when it has at least 3 residual degrees of freedom', () => {
    expect(isFlat(evidence({ flatP: 0.2 }), 0.05)).toBe(true);
    expect(isFlat(evidence({ flatP: 0.01 }), 0.05)).toBe(false);
    // However large the effect: with df ≥ 3 a non-significant test is no response.
    expect(isFlat(evidence({ dfResidual: 3, flatP: 0.2, responseSpan: 80, rSquared: 0.95 }), 0.05)).toBe(true);
  });

  it('with 1 or 2 residual df, lets a clear effect (span ≥ 30 %, r² ≥ 0.8) outweigh a test without power', () => {
    for (const dfResidual of [1, 2]) {
      expect(isFlat(evidence({ dfResidual, flatP: 0.07, responseSpan: 90, rSquared: 0.997 }), 0.05)).toBe(false);
      expect(isFlat(evidence({ dfResidual, flatP: 0.07, responseSpan: 29, rSquared: 0.997 }), 0.05)).toBe(true);
      expect(isFlat(evidence({ dfResidual, flatP: 0.4, responseSpan: 90, rSquared: 0.7 }), 0.05)).toBe(true);
      expect(isFlat(evidence({ dfResidual, flatP: 0.01, responseSpan: 5, rSquared: 0.99 }), 0.05)).toBe(false);
    }
  });

  it('calls constant data flat, and claims nothing without a test (no residual df, no fit)', () => {
    expect(isFlat(evidence({ noResponse: true, flatP: 1 }), 0.05)).toBe(true);
    expect(isFlat(evidence({ dfResidual: 0, flatP: Number.NaN }), 0.05)).toBe(false);
  });
});
