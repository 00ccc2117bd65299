import { describe, expect, it } from 'vitest';
import { studentTCritical } from '../../src/fit/studentT.js';

describe('studentTCritical', () => {
  it('matches scipy.stats.t.ppf (scipy 1.10.1)', () => {
    expect(studentTCritical(0.95, 10)).toBeCloseTo(2.2281388519649385, 10);
    expect(studentTCritical(0.95, 81.30807719799857)).toBeCloseTo(1.9895720444907352, 8);
  });
  it('is NaN without degrees of freedom', () => {
    expect(studentTCritical(0.95, 0)).toBeNaN();
  });
});
