import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace, choleskySolveTwoByTwo, choleskyTwoByTwo, invertSymmetric } from '../../src/fit/linearAlgebra.js';

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

describe('choleskyTwoByTwo and choleskySolveTwoByTwo', () => {
  it('give the generic factorization and solve to the last bit, and fail where it fails', () => {
    let state = 7;
    const uniform = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    const factor = new Float64Array(3);
    const x = new Float64Array(2);
    let failures = 0;
    for (let n = 0; n < 20_000; n++) {
      const scale = 10 ** (12 * uniform() - 6);
      const a00 = scale * uniform();
      const a11 = scale * uniform();
      // Off-diagonals around the positive-definite limit, so that some factorizations fail.
      const a10 = Math.sqrt(a00 * a11) * (2.4 * uniform() - 1.2);
      const b0 = uniform() - 0.5;
      const b1 = uniform() - 0.5;
      const generic = Float64Array.of(a00, a10, a10, a11);
      const ok = choleskyInPlace(generic, 2);
      expect(choleskyTwoByTwo(a00, a10, a11, factor)).toBe(ok);
      if (!ok) {
        failures++;
        continue;
      }
      const b = Float64Array.of(b0, b1);
      choleskySolveInPlace(generic, 2, b);
      choleskySolveTwoByTwo(factor, b0, b1, x);
      if (!Object.is(x[0], b[0]) || !Object.is(x[1], b[1])) expect.fail(`[[${a00}, ${a10}], [${a10}, ${a11}]]·x = [${b0}, ${b1}]: ${x.join(', ')} against ${b.join(', ')}`);
    }
    expect(failures).toBeGreaterThan(1000);
  });
});
