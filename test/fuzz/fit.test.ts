import { describe, it } from 'vitest';
import { holds } from './holds.js';
import { fitProperty } from './properties.js';

// The fit on random curves: never throws; finite numbers, or NaN with a flag saying why; the
// optimizer's iterations bounded (the long run also times each call).
describe('fitCurve and fitDoseResponse on random curves (fuzz)', () => {
  it('all-identical, all-NaN, one point, 1e-15…1e3 M, responses ±1e308, anything at all', async () => {
    await holds(fitProperty, 1500, 41);
  });
});
