import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';

// The curves of 30,000 simulated normal ones (normalCurves.ts, seed 20261204) on which the fit
// stopped at a steep local minimum (hill 20.6–20.9: a step through one concentration) while an
// exhaustive search in the same window (searchLocalMinima.ts: every local minimum of a
// 0.05-decade × 48-hill grid polished) found hill 4–7 and a lower RSS (data/, written by
// `node --import tsx test/fit/searchLocalMinima.ts 30000 20261204 --write` before the fix).
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const rows = (name: string) => {
  const [head, ...lines] = readFileSync(DATA + name, 'utf8').trim().split('\n');
  const keys = head!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i]!, v])) as Record<string, string>);
};
const points = new Map<string, { u: number[]; y: number[] }>();
for (const row of rows('local-minima-curves.csv')) {
  if (!points.has(row.curve_id!)) points.set(row.curve_id!, { u: [], y: [] });
  points.get(row.curve_id!)!.u.push(Number(row.log10_conc));
  points.get(row.curve_id!)!.y.push(Number(row.response));
}
const optima = rows('local-minima-optimum.csv');

describe('fitCurve on curves where a steep step was a local minimum', () => {
  it.each(optima.map((o) => [o.curve_id!, o] as const))('%s reaches the exhaustive search’s optimum', (id, optimum) => {
    const { u, y } = points.get(id)!;
    const solution = fitCurve(u, y);
    expect(solution.rss).toBeLessThanOrEqual(Number(optimum.rss) * (1 + 1e-9));
    // The optimum to the solver's own test (a Gauss–Newton step would lower the RSS by < 1e-12 of
    // it): on these flat valleys that leaves the Hill slope ~1e-4 relative, log10 IC50 ~1e-6.
    expect(Math.abs(solution.parameters[1]! / Number(optimum.hill) - 1)).toBeLessThan(2e-4);
    expect(Math.abs(solution.parameters[0]! - Number(optimum.log10_ic50))).toBeLessThan(2e-6);
    // Before: the step (hill ≈ 20.7) with an RSS higher by 1e-6 to 0.24 %.
    expect(Number(optimum.rss_before)).toBeGreaterThan(Number(optimum.rss) * (1 + 1e-6));
  });

  it('reports the moderate fit, not the step, in the output record', () => {
    for (const [id, { u, y }] of points) {
      const fit = fitDoseResponse({ cellLine: id, compound: 'x', plates: [], unit: 'nM', log10Molar: u.map((x) => x - 9), response: y, noBlank: false });
      expect(fit.hill.value).toBeLessThan(8);
      expect(fit.converged).toBe(true);
    }
  });
});
