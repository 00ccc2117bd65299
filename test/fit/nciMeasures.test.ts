import { describe, expect, it } from 'vitest';
import { nciCrossing, nciMeasures } from '../../src/fit/nciMeasures.js';
import { percentGrowth } from '../../src/plate/growthReference.js';
import { readReferenceCsv, referenceNumber } from '../reference/readReference.js';

// NCI-60 percentage growth, GI50, TGI and LC50 by the DTP definition, against the hand-checked
// example of test/reference/nci/ (make-nci-reference.py; drugA worked by hand in its README).

const example = readReferenceCsv('nci/nci-example.csv');
const pg = readReferenceCsv('nci/nci-pg.csv');
const metrics = readReferenceCsv('nci/nci-metrics.csv');

describe('NCI-60 measures', () => {
  it('percentage growth: 100(T − T₀)/(C − T₀) above T₀, 100(T − T₀)/T₀ below, from v = 100·T/C and T₀/C', () => {
    example.forEach((row, i) => {
      const [t0, c, t] = [Number(row.t0), Number(row.control), Number(row.treated)];
      expect(percentGrowth((100 * t) / c, t0 / c)).toBeCloseTo(Number(pg[i]!.pg), 10);
    });
  });

  it.each(metrics.map((m) => [m.compound!, m] as const))('%s: GI50, TGI and LC50 with their bounds', (compound, m) => {
    const rows = example.filter((r) => r.compound === compound);
    // Wells as the engine sees them: % viability and control doublings d = log2(C/T₀).
    const u = rows.map((r) => Math.log10(Number(r.conc_nM)) - 9);
    const v = rows.map((r) => (100 * Number(r.treated)) / Number(r.control));
    const d = rows.map((r) => Math.log2(Number(r.control) / Number(r.t0)));
    const result = nciMeasures(u, v, d);
    for (const name of ['gi50', 'tgi', 'lc50'] as const) {
      const ours = result[name];
      expect(ours.log10 + 9).toBeCloseTo(referenceNumber(m[`${name}_log10`]), 10);
      const flag = m[`${name}_flag`];
      expect(ours.bound).toBe(flag === '>max' ? 'above' : flag === '<min' ? 'below' : undefined);
    }
  });

  it('drugA by hand: GI50 10^2.2, TGI 10^3.2, LC50 10^4.25 nM', () => {
    const points = [90, 60, 10, -40, -80].map((p, i) => ({ log10: i + 1, pg: p }));
    expect(nciCrossing(points, 50).log10).toBeCloseTo(2.2, 12);
    expect(nciCrossing(points, 0).log10).toBeCloseTo(3.2, 12);
    expect(nciCrossing(points, -50).log10).toBeCloseTo(4.25, 12);
  });

  it('averages replicate wells per concentration before the percentage growth', () => {
    const u = [-8, -8, -7, -7, -6, -6];
    const v = [90, 110, 40, 60, 5, 15];
    const result = nciMeasures(u, v, u.map(() => 2));
    expect(result.percentGrowth.map((p) => p.pg)).toEqual([100, percentGrowth(50, 0.25), percentGrowth(10, 0.25)]);
  });
});
