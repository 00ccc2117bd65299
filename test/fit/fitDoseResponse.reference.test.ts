import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import { analyze } from '../../src/index.js';
import { toRecord } from '../../src/writers/records.js';
import type { CurveFit } from '../../src/types.js';

// Values computed by independent software, committed with the scripts that made them
// (test/reference/README.md): R 4.2.2 + drc 3.0-1 (drm LL2.4) and scipy 1.10.1 (curve_fit).
// drc's own standard errors come from a numerically differentiated Hessian; its *_gn columns and
// scipy use the Gauss–Newton covariance s²(JᵀJ)⁻¹ that we report, so those are compared tightly.
const REFERENCE = fileURLToPath(new URL('../reference/', import.meta.url));

function readCsv(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(REFERENCE + name, 'utf8').trim().split('\n');
  const keys = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i], v])));
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** Our fit against a reference row; log10 values in the reference's concentration unit (nM). */
function expectMatches(fit: CurveFit, ref: Record<string, string>, log10Offset: number, gn: boolean, tolerance = 1e-6): void {
  const log10Ic50 = fit.log10Ic50.value + log10Offset;
  expect(Math.abs(log10Ic50 - Number(ref.log10_ic50))).toBeLessThan(tolerance);
  // Never a worse optimum than the reference's (our convergence test stops within ~1e-12 of it).
  expect(fit.rss).toBeLessThanOrEqual(Number(ref.rss) * (1 + 1e-10));
  expect(relative(fit.hill.value, Number(ref.hill))).toBeLessThan(10 * tolerance);
  expect(Math.abs(fit.top.value - Number(ref.top))).toBeLessThan(1e-4 * Math.max(1, Math.abs(Number(ref.top))));
  expect(Math.abs(fit.bottom.value - Number(ref.bottom))).toBeLessThan(1e-4 * Math.max(1, Math.abs(Number(ref.top))));
  expect(relative(fit.rss, Number(ref.rss))).toBeLessThan(1e-9);
  expect(fit.dfResidual).toBe(Number(ref.df_residual));
  const suffix = gn ? '_gn' : '';
  expect(Math.abs(fit.log10Ic50.lower + log10Offset - Number(ref[`log10_ic50_ci_low${suffix}`]))).toBeLessThan(10 * tolerance);
  expect(Math.abs(fit.log10Ic50.upper + log10Offset - Number(ref[`log10_ic50_ci_high${suffix}`]))).toBeLessThan(10 * tolerance);
  expect(relative(fit.log10Ic50.standardError, Number(ref[`log10_ic50_se${suffix}`]))).toBeLessThan(1e-4);
}

const text = readFileSync(fileURLToPath(new URL('../../fixtures/mm1s-celltiter-glo.csv', import.meta.url)), 'utf8');
const report = await analyze([{ name: 'mm1s.csv', text }], { parental: 'MM1S WT' });

describe('the bundled example against drc and scipy (normalized independently in Python)', () => {
  const byId = new Map(report.fits.map((f) => [`${f.cellLine}|${f.compound}`, f]));
  const NM = 9; // log10 molar + 9 = log10 nM

  it('has every curve of the reference', () => {
    expect([...byId.keys()].sort()).toEqual(readCsv('mm1s-scipy.csv').map((r) => r.curve_id).sort());
  });

  it.each(readCsv('mm1s-scipy.csv').map((r) => [r.curve_id, r] as const))('%s matches scipy', (id, ref) => {
    expectMatches(byId.get(id!)!, ref, NM, false);
  });

  it.each(readCsv('mm1s-drc.csv').map((r) => [r.curve_id, r] as const))('%s matches drc', (id, ref) => {
    const fit = byId.get(id!)!;
    expectMatches(fit, ref, NM, true);
    // drc's own (Hessian-based) standard error: the same to within 10 %.
    expect(relative(fit.log10Ic50.standardError, Number(ref.log10_ic50_se))).toBeLessThan(0.1);
  });

  it.each(readCsv('mm1s-scipy.csv').map((r) => [r.curve_id, r] as const))('%s: Wald intervals of hill, top and bottom from scipy’s SEs', (id, ref) => {
    // value ± t(0.975, 56)·se, t = 2.0032407188478722 (R 4.2.2: qt(0.975, 56)); scipy's SEs.
    const fit = byId.get(id!)!;
    const record = toRecord(fit);
    expect(fit.dfResidual).toBe(56);
    const t = 2.0032407188478722;
    for (const [name, value, se] of [['hill', ref.hill, ref.hill_se], ['top', ref.top, ref.top_se], ['bottom', ref.bottom, ref.bottom_se]] as const) {
      const low = record[`${name}_ci_low`] as number;
      const high = record[`${name}_ci_high`] as number;
      expect(Math.abs(low - (Number(value) - t * Number(se)))).toBeLessThan(1e-4 * Math.max(1, Number(se)));
      expect(Math.abs(high - (Number(value) + t * Number(se)))).toBeLessThan(1e-4 * Math.max(1, Number(se)));
    }
    expect(record.asymmetry_ci_low).toBeNull();
  });

  it.each(readCsv('mm1s-rf-scipy.csv').map((r) => [r.resistant, r] as const))('RF of %s matches scipy', (id, ref) => {
    const comparison = report.comparisons.find((c) => `${c.cellLine}|${c.compound}` === id)!;
    expect(comparison.parental).toBe(ref.parental!.split('|')[0]);
    expect(Math.abs(comparison.log10Rf.value - Number(ref.log10_rf))).toBeLessThan(1e-6);
    expect(relative(comparison.log10Rf.standardError, Number(ref.log10_rf_se))).toBeLessThan(1e-4);
    expect(relative(10 ** comparison.log10Rf.lower, Number(ref.rf_ci_low))).toBeLessThan(1e-5);
    expect(relative(10 ** comparison.log10Rf.upper, Number(ref.rf_ci_high))).toBeLessThan(1e-5);
  });
});

// On these curves drc and scipy themselves stop up to 2.5e-6 apart in log10 IC50 (RSS within
// 1e-11): the optimum is flat there, so positions are compared to 1e-5 and RSS tightly.
describe('normal peer curves against drc and scipy', () => {
  const points = new Map<string, { u: number[]; y: number[] }>();
  for (const r of readCsv('peers-normal-curves.csv')) {
    let c = points.get(r.curve_id!);
    if (!c) points.set(r.curve_id!, (c = { u: [], y: [] }));
    c.u.push(Math.log10(Number(r.conc)));
    c.y.push(Number(r.response));
  }
  const fits = new Map(
    [...points].map(([id, c]) => [
      id,
      fitDoseResponse({ cellLine: id, compound: 'x', experiment: '', plates: [], unit: 'nM', log10Molar: c.u, response: c.y, noBlank: false }),
    ]),
  );

  it('fits all 60 curves', () => expect(fits.size).toBe(60));

  it.each(readCsv('peers-normal-scipy.csv').map((r) => [r.curve_id, r] as const))('%s matches scipy', (id, ref) => {
    expectMatches(fits.get(id!)!, ref, 0, false, 1e-5);
  });

  it.each(readCsv('peers-normal-drc.csv').map((r) => [r.curve_id, r] as const))('%s matches drc', (id, ref) => {
    expectMatches(fits.get(id!)!, ref, 0, true, 1e-5);
  });
});
