import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ic50DifferenceTest } from '../../src/compare/ic50DifferenceTest.js';
import { fitDoseResponse, relativeWeights } from '../../src/fit/fitDoseResponse.js';
import { analyze } from '../../src/index.js';
import { readReferenceCsv, readReferenceCurves } from '../reference/readReference.js';

// --weights 1/y2 against scipy 1.10.1 curve_fit with sigma = max(|y|, 1) on the independently
// normalized example (test/reference/make-weighted-reference.py).
const REFERENCE = fileURLToPath(new URL('../reference/', import.meta.url));
const [head, ...lines] = readFileSync(REFERENCE + 'mm1s-weighted-scipy.csv', 'utf8').trim().split(/\r?\n/);
const keys = head!.split(',');
const references = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i]!, v])) as Record<string, string>);
const text = readFileSync(fileURLToPath(new URL('../../fixtures/mm1s-celltiter-glo.csv', import.meta.url)), 'utf8');

const report = await analyze([{ name: 'mm1s.csv', text }], { weights: '1/y2' });

describe('relative weights 1/y² against scipy', () => {
  it.each(references.map((r) => [r.curve_id!, r] as const))('%s', (id, ref) => {
    const fit = report.fits.find((f) => `${f.cellLine}|${f.compound}` === id)!;
    expect(Math.abs(fit.log10Ic50.value + 9 - Number(ref.log10_ic50))).toBeLessThan(1e-6);
    expect(Math.abs(fit.hill.value - Number(ref.hill)) / Number(ref.hill)).toBeLessThan(1e-5);
    expect(Math.abs(fit.top.value - Number(ref.top))).toBeLessThan(1e-4);
    expect(Math.abs(fit.bottom.value - Number(ref.bottom))).toBeLessThan(1e-4);
    expect(Math.abs(fit.rss - Number(ref.wrss)) / Number(ref.wrss)).toBeLessThan(1e-8);
    expect(Math.abs(fit.log10Ic50.standardError - Number(ref.log10_ic50_se)) / Number(ref.log10_ic50_se)).toBeLessThan(1e-4);
  });
});

// The profile interval and the IC50-difference F test on the weighted RSS, against an
// independent scipy implementation (test/reference/make-weighted-profile-reference.py) on the
// reference curves of the example; with unit weights that script reproduces the R references of
// the unweighted statistics to 6e-14.
describe('weighted profile interval and IC50-difference test against scipy', () => {
  const curves = readReferenceCurves('mm1s-curves.csv');
  const profiles = readReferenceCsv('mm1s-weighted-profile-scipy.csv');
  const fit = (id: string) => {
    const c = curves.get(id)!;
    return fitDoseResponse({ cellLine: id, compound: 'x', plates: [], unit: 'nM', log10Molar: c.u, response: c.y, noBlank: false }, { weights: '1/y2', ci: 'profile' });
  };

  it.each(profiles.map((r) => [r.curve_id!, r] as const))('profile %s', (id, ref) => {
    const f = fit(id);
    expect(Math.abs(f.log10Ic50.value - Number(ref.log10_ic50))).toBeLessThan(1e-7);
    expect(Math.abs(f.rss - Number(ref.wrss_min)) / Number(ref.wrss_min)).toBeLessThan(1e-10);
    expect(Math.abs(f.log10Ic50.lower - Number(ref.ci_low))).toBeLessThan(1e-7);
    expect(Math.abs(f.log10Ic50.upper - Number(ref.ci_high))).toBeLessThan(1e-7);
  });

  it.each(readReferenceCsv('mm1s-weighted-ftest-scipy.csv').map((r) => [`${r.a} vs ${r.b}`, r] as const))('F test %s', (_, ref) => {
    const points = (id: string) => {
      const c = curves.get(id)!;
      return { log10Concentration: c.u, response: c.y, weights: relativeWeights(c.y) };
    };
    const test = ic50DifferenceTest(points(ref.a!), points(ref.b!));
    expect(test.dfSeparate).toBe(Number(ref.df_sep));
    expect(Math.abs(test.rssSeparate - Number(ref.wrss_sep)) / Number(ref.wrss_sep)).toBeLessThan(1e-10);
    expect(Math.abs(test.rssShared - Number(ref.wrss_shared)) / Number(ref.wrss_shared)).toBeLessThan(1e-9);
    expect(Math.abs(test.f - Number(ref.f)) / Number(ref.f)).toBeLessThan(1e-7);
    expect(Math.abs(test.p - Number(ref.p)) / Number(ref.p)).toBeLessThan(1e-6);
  });
});
