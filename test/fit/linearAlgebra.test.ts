import { describe, expect, it } from 'vitest';
import { invertSymmetric } from '../../src/fit/linearAlgebra.js';

describe('invertSymmetric', () => {
  it('inverts a positive-definite matrix', () => {
    const a = [4, 2, 0.6, 2, 5, 1, 0.6, 1, 3];
    const inverse = invertSymmetric(a, 3)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inverse[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('returns null for a singular matrix', () => {
    expect(invertSymmetric([1, 2, 2, 4], 2)).toBeNull();
  });
});
