import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';

// --weights 1/y2 against scipy 1.10.1 curve_fit with sigma = max(|y|, 1) on the independently
// normalized example (test/reference/make-weighted-reference.py).
const REFERENCE = fileURLToPath(new URL('../reference/', import.meta.url));
const [head, ...lines] = readFileSync(REFERENCE + 'mm1s-weighted-scipy.csv', 'utf8').trim().split(/\r?\n/);
const keys = head!.split(',');
const references = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i]!, v])) as Record<string, string>);
const text = readFileSync(fileURLToPath(new URL('../../fixtures/mm1s-celltiter-glo.csv', import.meta.url)), 'utf8');

describe('relative weights 1/y² against scipy', () => {
  const report = analyze([{ name: 'mm1s.csv', text }], { weights: '1/y2' });
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
