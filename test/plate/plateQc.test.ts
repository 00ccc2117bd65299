import { describe, expect, it } from 'vitest';
import { plateQc } from '../../src/plate/plateQc.js';
import type { WellRecord, WellRole } from '../../src/types.js';

function well(role: WellRole, signal: number, cellLine = 'A'): WellRecord {
  return { location: { file: 'f.csv' }, plate: 'p1', role, cellLine, compound: '', log10Molar: Number.NaN, unit: '', signal };
}

describe('plateQc', () => {
  it("computes Z′, CVs and signal-to-background from the controls", () => {
    // vehicle 90, 100, 110: mean 100, sd 10; blank 8, 10, 12 (no cell line): mean 10, sd 2.
    const wells = [well('vehicle', 90), well('vehicle', 100), well('vehicle', 110), well('blank', 8, ''), well('blank', 10, ''), well('blank', 12, ''), well('exclude', Number.NaN)];
    const qc = plateQc(wells, 'A');
    expect(qc.zPrime).toBeCloseTo(1 - (3 * (10 + 2)) / 90, 12); // 0.6
    expect(qc.vehicleCv).toBeCloseTo(10, 12);
    expect(qc.blankCv).toBeCloseTo(20, 12);
    expect(qc.signalToBackground).toBeCloseTo(10, 12);
    expect(qc.nExcluded).toBe(1);
    expect(qc.passed).toBe(true);
  });

  it('fails a plate on Z′ below the threshold or vehicle CV above it, and says why', () => {
    const noisy = [well('vehicle', 60), well('vehicle', 100), well('vehicle', 140), well('blank', 10, ''), well('blank', 12, '')];
    const qc = plateQc(noisy, 'A');
    expect(qc.passed).toBe(false);
    // Z′ = 1 − 3·(40 + √2)/89 = −0.396
    expect(qc.reasons).toEqual(['Z′ -0.40 < 0.5', 'vehicle CV 40.0 % > 20 %']);
    expect(plateQc(noisy, 'A', { minZPrime: -1, maxVehicleCv: 50 }).passed).toBe(true);
  });

  it('uses positive controls as background when there are no blanks', () => {
    const qc = plateQc([well('vehicle', 100), well('vehicle', 100), well('positive', 5), well('positive', 5)], 'A');
    expect(qc.zPrime).toBe(1);
    expect(qc.signalToBackground).toBe(20);
  });
});
