import { describe, expect, it } from 'vitest';
import { flatTestPValue } from '../../src/fit/flatTest.js';

describe('flatTestPValue', () => {
  it('matches scipy 1.10.1 f.sf for the extra-sum-of-squares F statistic', () => {
    // F = (600/3)/(300/26) = 17.333…; scipy.stats.f.sf(17.333333333333332, 3, 26)
    expect(flatTestPValue(900, 300, 30, 4)).toBeCloseTo(2.180648705495475e-6, 15);
    // F = 3.5 with (3, 20) df: RSS_curve 20 → RSS_constant = 20 + 3.5·3·1 = 30.5; f.sf(3.5, 3, 20) = 0.03449310388512439
    expect(flatTestPValue(30.5, 20, 24, 4)).toBeCloseTo(0.03449310388512439, 12);
  });

  it('tests against a constant with no free level when the top is pinned (q = 0)', () => {
    // LL.2 (p = 2) against y = top: F = (600/2)/(300/28) = 28; scipy.stats.f.sf(28.000000000000004, 2, 28)
    expect(flatTestPValue(900, 300, 30, 2, 0)).toBeCloseTo(2.090751581287688e-7, 15);
  });

  it('is 1 when the curve fits no better than a constant, NaN without residual degrees of freedom', () => {
    expect(flatTestPValue(100, 100, 30, 4)).toBe(1);
    expect(flatTestPValue(100, 10, 4, 4)).toBeNaN();
  });
});
