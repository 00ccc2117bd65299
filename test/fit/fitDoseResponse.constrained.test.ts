import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';

// Pinned asymptotes (--bottom 0: LL.3; --top 100 --bottom 0: LL.2) against scipy 1.10.1 curve_fit
// on the independently normalized example (test/reference/make-constrained-reference.py).
const REFERENCE = fileURLToPath(new URL('../reference/', import.meta.url));
const rows = readFileSync(REFERENCE + 'mm1s-constrained-scipy.csv', 'utf8').trim().split(/\r?\n/);
const keys = rows[0]!.split(',');
const references = rows.slice(1).map((line) => {
  const cells = line.split(',');
  return Object.fromEntries(keys.map((k, i) => [k, cells[i]!])) as Record<string, string>;
});
const text = readFileSync(fileURLToPath(new URL('../../fixtures/mm1s-celltiter-glo.csv', import.meta.url)), 'utf8');

const ll3 = await analyze([{ name: 'mm1s.csv', text }], { bottom: 0 });
const ll2 = await analyze([{ name: 'mm1s.csv', text }], { top: 100, bottom: 0 });

describe('fits with pinned asymptotes against scipy', () => {
  it.each(references.map((r) => [`${r.curve_id} ${r.model}`, r] as const))('%s', (_, ref) => {
    const report = ref.model === 'll3' ? ll3 : ll2;
    const fit = report.fits.find((f) => `${f.cellLine}|${f.compound}` === ref.curve_id)!;
    expect(Math.abs(fit.log10Ic50.value + 9 - Number(ref.log10_ic50))).toBeLessThan(1e-6);
    expect(Math.abs(fit.hill.value - Number(ref.hill)) / Number(ref.hill)).toBeLessThan(1e-5);
    expect(Math.abs(fit.top.value - Number(ref.top))).toBeLessThan(1e-4);
    expect(fit.bottom.value).toBe(0);
    expect(Math.abs(fit.rss - Number(ref.rss)) / Number(ref.rss)).toBeLessThan(1e-9);
    expect(Math.abs(fit.log10Ic50.standardError - Number(ref.log10_ic50_se)) / Number(ref.log10_ic50_se)).toBeLessThan(1e-4);
    expect(fit.dfResidual).toBe(fit.nPoints - (ref.model === 'll3' ? 3 : 2));
    expect(fit.bottom.standardError).toBeNaN(); // pinned: not estimated
  });
});

describe('curve metrics and the flat test in the output', () => {
  it('gives pIC50 and, with top 100 and bottom 0, an absolute IC50 equal to the relative one', async () => {
    const fit = (await analyze([{ name: 'mm1s.csv', text }], { top: 100, bottom: 0 })).fits[0]!;
    expect(fit.metrics.pIc50).toBeCloseTo(-fit.log10Ic50.value, 12);
    expect(fit.metrics.log10AbsoluteIc50).toBeCloseTo(fit.log10Ic50.value, 10);
    expect(fit.flatP).toBeLessThan(1e-10);
    expect(fit.flags).toEqual([]);
  });

  it('with the top pinned, tests against "the pinned top everywhere": flat at 100 %, not flat when viability falls', async () => {
    const rows = (f: (i: number) => number) =>
      ['cell_line,compound,conc_nM,signal', ...Array.from({ length: 30 }, (_, i) => `A,x,${10 ** ((i % 10) - 3)},${f(i)}`), 'A,DMSO,0,100', ',blank,,0'].join('\n');
    const flat = (await analyze([{ name: 'flat.csv', text: rows((i) => 100 + ((i * 7) % 5) - 2) }], { top: 100, bottom: 0 })).fits[0]!;
    expect(flat.flatP).toBeGreaterThan(0.05);
    expect(flat.flags).toContain('flat');
    const falling = (await analyze([{ name: 'fall.csv', text: rows((i) => 100 / (1 + 10 ** ((i % 10) - 5)) + ((i * 7) % 5) - 2) }], { top: 100, bottom: 0 })).fits[0]!;
    expect(falling.flatP).toBeLessThan(1e-6);
    expect(falling.flags).not.toContain('flat');
  });

  it('flags a curve with no dose response as flat', async () => {
    const flat = ['cell_line,compound,conc_nM,signal', ...Array.from({ length: 30 }, (_, i) => `A,x,${10 ** ((i % 10) - 3)},${100 + ((i * 7) % 5) - 2}`), 'A,DMSO,0,100', ',blank,,0'].join('\n');
    const fit = (await analyze([{ name: 'flat.csv', text: flat }])).fits[0]!;
    expect(fit.flatP).toBeGreaterThan(0.05);
    expect(fit.flags).toContain('flat');
  });
});

// The same fits by R 4.2.2 + drc 3.0-1 (LL2.4 with c = 0, and c = 0, d = 100 fixed):
// test/reference/make-drc-ll3-reference.R.
describe('fits with pinned asymptotes against drc', () => {
  const [drcHead, ...drcLines] = readFileSync(REFERENCE + 'mm1s-constrained-drc.csv', 'utf8').trim().split(/\r?\n/);
  const drcKeys = drcHead!.split(',').map((k) => k.replace(/"/g, ''));
  const drc = drcLines.map((line) => {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    return Object.fromEntries(drcKeys.map((k, i) => [k, cells[i]!])) as Record<string, string>;
  });

  it.each(drc.map((r) => [`${r.curve_id} ${r.model}`, r] as const))('%s', (_, ref) => {
    const fit = (ref.model === 'll3' ? ll3 : ll2).fits.find((f) => `${f.cellLine}|${f.compound}` === ref.curve_id)!;
    expect(Math.abs(fit.log10Ic50.value + 9 - Number(ref.log10_ic50))).toBeLessThan(1e-6);
    expect(Math.abs(fit.top.value - Number(ref.top))).toBeLessThan(1e-4);
    expect(Math.abs(fit.rss - Number(ref.rss)) / Number(ref.rss)).toBeLessThan(1e-9);
    expect(Math.abs(fit.log10Ic50.standardError - Number(ref.log10_ic50_se_gn)) / Number(ref.log10_ic50_se_gn)).toBeLessThan(1e-4);
  });
});
