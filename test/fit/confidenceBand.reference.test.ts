import { describe, expect, it } from 'vitest';
import { confidenceBand } from '../../src/fit/confidenceBand.js';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import type { CurveFit } from '../../src/types.js';
import { readReferenceCsv, readReferenceCurves, referenceNumber } from '../reference/readReference.js';

// The curve's confidence band against R drc 3.0-1: test/reference/band/make-band-reference.R,
// predict(fit, interval = "confidence", level = 0.95 and 0.90) on 21 concentrations of each of
// the example's 6 curves fitted with LL.3, LL.4 and LL.5, and on 11 of each of the 60 peer curves
// (LL.4). `*_gn` columns: drc's predict() given the Gauss–Newton covariance s²(JᵀJ)⁻¹ (ours);
// the others: drc's own Hessian covariance.

const MODEL = { 'LL.3': 'll3', 'LL.4': 'll4', 'LL.5': 'll5' } as const;

interface Case {
  readonly key: string;
  readonly fit: CurveFit;
  readonly rows: Record<string, string>[];
}

function cases(curvesFile: string, referenceFile: string): Case[] {
  const curves = readReferenceCurves(curvesFile);
  const groups = new Map<string, Record<string, string>[]>();
  for (const row of readReferenceCsv(referenceFile)) {
    const key = `${row.curve_id}|${row.model}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups].map(([key, rows]) => {
    const { u, y } = curves.get(rows[0]!.curve_id!)!;
    const model = MODEL[rows[0]!.model as keyof typeof MODEL];
    const fit = fitDoseResponse({ cellLine: key, compound: 'x', plates: [], unit: 'nM', log10Molar: u, response: y, noBlank: false }, { model });
    return { key, fit, rows };
  });
}

/** Our optimum is drc's (same RSS to 1e-9): the cases to compare tightly. */
function sameOptimum({ fit, rows }: Case): boolean {
  return Math.abs(fit.rss / referenceNumber(rows[0]!.rss) - 1) < 1e-9;
}

const all = [...cases('mm1s-curves.csv', 'band/mm1s-band-drc.csv'), ...cases('peers-normal-curves.csv', 'band/peers-normal-band-drc.csv')];

/** Our band at the reference's concentrations (nM) and level. */
function ours(c: Case, level: number) {
  const rows = c.rows.filter((r) => Number(r.level) === level);
  const band = confidenceBand(c.fit, rows.map((r) => Math.log10(Number(r.conc))), level);
  expect(band, c.key).not.toBeNull();
  return rows.map((row, i) => ({ row, point: band![i]! }));
}

describe('confidence band against drc’s predict(interval = "confidence")', () => {
  it('compares enough curves of each model at the same optimum', () => {
    const compared = all.filter(sameOptimum);
    for (const model of ['LL.3', 'LL.4', 'LL.5']) expect(compared.filter((c) => c.key.endsWith(model)).length, model).toBeGreaterThanOrEqual(6);
    expect(compared.length).toBeGreaterThanOrEqual(70);
  });

  it('equals drc’s band with the Gauss–Newton covariance, at 95 % and 90 %', () => {
    let largest = 0;
    for (const c of all.filter(sameOptimum)) {
      for (const level of [0.95, 0.9]) {
        for (const { row, point } of ours(c, level)) {
          const where = `${c.key} ${row.conc} nM ${level}`;
          expect(Math.abs(point.y - referenceNumber(row.fit)), where).toBeLessThan(1e-4);
          expect(Math.abs(point.standardError / referenceNumber(row.se_gn) - 1), where).toBeLessThan(1e-4);
          for (const [mine, theirs] of [[point.lower, row.lower_gn], [point.upper, row.upper_gn]] as const) {
            const difference = Math.abs(mine - referenceNumber(theirs));
            largest = Math.max(largest, difference);
            expect(difference, where).toBeLessThan(1e-4);
          }
        }
      }
    }
    // In % viability: 2.8e-5 when last measured (the two optimizers' tolerance; the SEs agree to 1e-6).
    expect(largest).toBeLessThan(1e-4);
  });

  it('close to drc’s own band (its Hessian covariance) on the example: half-widths within 5 %', () => {
    for (const c of all.filter((c) => sameOptimum(c) && c.key.startsWith('MM1S'))) {
      for (const { row, point } of ours(c, 0.95)) {
        const half = (referenceNumber(row.upper) - referenceNumber(row.lower)) / 2;
        expect(Math.abs((point.upper - point.lower) / 2 / half - 1), `${c.key} ${row.conc}`).toBeLessThan(0.05);
      }
    }
  });

  it('widens with the confidence level, is narrowest near the data’s middle, and is absent without a covariance', () => {
    const c = all.find((x) => x.key === 'MM1S WT|bortezomib|LL.4')!;
    const u = [-1.3, 0, 1, 1.2, 2, 3];
    const b95 = confidenceBand(c.fit, u, 0.95)!;
    const b90 = confidenceBand(c.fit, u, 0.9)!;
    for (let i = 0; i < u.length; i++) {
      expect(b95[i]!.upper - b95[i]!.lower).toBeGreaterThan(b90[i]!.upper - b90[i]!.lower);
      expect(b95[i]!.y).toBeCloseTo((b95[i]!.upper + b95[i]!.lower) / 2, 9);
    }
    const { covariance: _, ...without } = c.fit;
    expect(confidenceBand(without, u, 0.95)).toBeNull();
    expect(confidenceBand({ ...c.fit, covariance: [1, 2, 3] }, u, 0.95)).toBeNull();
  });
});
