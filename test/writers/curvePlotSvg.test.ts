/**
 * Dose-response plots. The MM1S example's bortezomib plot is kept as a golden file,
 * test/writers/golden/mm1s-bortezomib.svg, and compared byte for byte. When a change to the
 * plot is deliberate, rewrite it and look at the difference before committing:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/writers
 *   git diff test/writers/golden/
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateModel } from '../../src/models/model.js';
import { ll4 } from '../../src/models/ll4.js';
import type { CurveFit } from '../../src/types.js';
import { curvePlotSvg, ic50Text, lineOrder, plotLines, rfText } from '../../src/writers/curvePlotSvg.js';
import { formatNumber } from '../../src/writers/formatNumber.js';
import { recordOf } from '../../src/writers/records.js';
import { mm1sReport, unfitted } from './mm1s.js';
import { allText, byClass, findAll, parseXml } from './xml.js';

const GOLDEN = fileURLToPath(new URL('./golden/mm1s-bortezomib.svg', import.meta.url));

const report = await mm1sReport();
const lines = plotLines(report.rows);
const bortezomibLines = lines.filter((l) => l.fit.compound === 'bortezomib');
const bortezomib = bortezomibLines.map((l) => l.fit);

describe('the XML checker used here', () => {
  it('accepts well-formed XML and rejects what is not', () => {
    expect(parseXml('<?xml version="1.0"?><a x="1"><b>t &amp; &#39;</b><c/></a>').children).toHaveLength(2);
    for (const bad of ['<a><b></a>', '<a>', '<a/><b/>', '<a x="1" x="2"/>', '<a x=1/>', '<a>a & b</a>', '<a x="<"/>', 'text<a/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe('curvePlotSvg', () => {
  it('draws the MM1S bortezomib plot as the golden file has it (UPDATE_GOLDEN=1 to rewrite)', () => {
    const svg = curvePlotSvg(bortezomibLines, { lineOrder: lineOrder(lines) });
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, svg);
    expect(existsSync(GOLDEN), 'golden file missing: run UPDATE_GOLDEN=1 npx vitest run test/writers').toBe(true);
    expect(svg).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is well-formed SVG with a curve and an IC50 marker per fit, parental first', () => {
    const svg = curvePlotSvg(bortezomibLines);
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes.viewBox).toMatch(/^0 0 640 \d+$/);
    expect(byClass(root, 'curve', 'path')).toHaveLength(bortezomib.length);
    expect(svg.match(/<path class="curve"/g)).toHaveLength(3);
    expect(byClass(root, 'ic50', 'g')).toHaveLength(3);
    expect(byClass(root, 'fit').map((g) => g.attributes['data-cell-line'])).toEqual(['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ']);
    // Parental first even when it comes last.
    const reversed = parseXml(curvePlotSvg([...bortezomibLines].reverse()));
    expect(byClass(reversed, 'fit')[0]!.attributes['data-cell-line']).toBe('MM1S WT');
  });

  it('samples the fitted curve from the model (about 200 points), never a refit', () => {
    const root = parseXml(curvePlotSvg([bortezomib[0]!]));
    const d = byClass(root, 'curve', 'path')[0]!.attributes.d!;
    const points = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(points).toHaveLength(200);
    // The IC50 marker sits on the curve at (top + bottom) / 2, which the model gives at log10 IC50.
    const fit = bortezomib[0]!;
    const half = evaluateModel(ll4, [fit.log10Ic50.value, fit.hill.value, fit.top.value, fit.bottom.value], fit.log10Ic50.value);
    expect(half).toBeCloseTo((fit.top.value + fit.bottom.value) / 2, 9);
    const marker = findAll(byClass(root, 'ic50', 'g')[0]!, (e) => e.name === 'circle')[0]!;
    const [cx, cy] = [Number(marker.attributes.cx), Number(marker.attributes.cy)];
    const nearest = points.reduce((best, p) => (Math.abs(p[0] - cx) < Math.abs(best[0] - cx) ? p : best));
    expect(Math.abs(nearest[1] - cy)).toBeLessThan(3);
  });

  it('prints the numbers the table prints (toRecord, 3 significant digits)', () => {
    const text = allText(parseXml(curvePlotSvg(bortezomibLines)));
    for (const line of bortezomibLines) {
      expect(text).toContain(`${line.fit.cellLine}: IC50 ${ic50Text(line.fit)} nM`);
      if (line.comparisons.length > 0) expect(text).toContain(`RF ${rfText(line)}`);
    }
    const r = recordOf({ kind: 'fit', fit: bortezomibLines[1]!.fit, comparison: bortezomibLines[1]!.comparisons[0]! });
    expect(text).toContain(`${formatNumber(r.rf as number, 3)} [${formatNumber(r.rf_ci_low as number, 3)}–${formatNumber(r.rf_ci_high as number, 3)}]`);
    expect(text).toContain('MM1S WT: IC50 15.3 [14.6–16] nM');
    expect(text).toContain('MM1S/R BTZ: IC50 45 [42.6–47.5] nM, RF 2.95 [2.75–3.16]');
  });

  it('has a log10 axis with decade ticks in the fits’ unit and a % viability axis', () => {
    const root = parseXml(curvePlotSvg(bortezomib));
    const axis = byClass(root, 'axes', 'g')[0]!;
    const labels = axis.children.filter((e) => e.name === 'text').map((e) => e.text);
    expect(labels).toEqual(expect.arrayContaining(['0.1', '1', '10', '100', '1000', '0', '20', '100']));
    const text = allText(root);
    expect(text).toContain('concentration (nM)');
    expect(text).toContain('viability (%)');
  });

  it('labels µM, wide ranges as powers of ten and log10 M as exponents', () => {
    const fit = bortezomib[0]!;
    expect(allText(parseXml(curvePlotSvg([{ ...fit, unit: 'uM' }])))).toContain('concentration (µM)');
    const wide = allText(parseXml(curvePlotSvg([{ ...fit, unit: 'pM', log10Range: [-14, -2] }])));
    expect(wide).toContain('10⁶');
    const log = parseXml(curvePlotSvg([{ ...fit, unit: 'log10 M' }]));
    expect(allText(log)).toContain('concentration (log10 M)');
    expect(allText(log)).toContain('−8');
    expect(allText(log)).toMatch(/IC50 -7\.82 \[-7\.84, -7\.8\] log10 M/);
  });

  it('marks flagged fits: dashed curve and the flags in the legend; no curve or marker when not fitted', () => {
    const [wt, btz, cfz] = bortezomib as [CurveFit, CurveFit, CurveFit];
    const flagged: CurveFit = { ...btz, flags: ['ic50_above_range'], log10Ic50: { ...btz.log10Ic50, value: -5.5, lower: -6, upper: -5 } };
    const comparison = { ...bortezomibLines[1]!.comparisons[0]!, flags: ['rf_lower_bound' as const] };
    const svg = curvePlotSvg([wt, { fit: flagged, comparisons: [comparison] }, unfitted(cfz, 'MM1S/R CFZ')]);
    const root = parseXml(svg);
    const curves = byClass(root, 'curve', 'path');
    expect(curves).toHaveLength(2);
    expect(curves[0]!.attributes['stroke-dasharray']).toBeUndefined();
    expect(curves[1]!.attributes['stroke-dasharray']).toBeDefined();
    // IC50 3160 nM lies beyond the plot: an arrow on the edge, not a marker.
    expect(byClass(root, 'ic50', 'g')).toHaveLength(1);
    expect(byClass(root, 'ic50-offscale', 'g')).toHaveLength(1);
    const flags = byClass(root, 'flags', 'text').map((e) => e.text);
    expect(flags).toEqual(['⚠ ic50_above_range, rf_lower_bound', '⚠ too_few_concentrations']);
    expect(allText(root)).toContain('MM1S/R BTZ: IC50 3160 [1000–10000] nM, RF >');
    expect(allText(root)).toContain('MM1S/R CFZ: IC50 — (not fitted)');
  });

  it('escapes names and carries no URL but the SVG namespace', () => {
    const fit = { ...bortezomib[0]!, cellLine: 'R&D <line> "α"', compound: "O'Brien <b>" };
    const svg = curvePlotSvg([fit]);
    const root = parseXml(svg);
    expect(byClass(root, 'fit')[0]!.attributes['data-cell-line']).toBe('R&D <line> "α"');
    expect(allText(root)).toContain("O'Brien <b>");
    expect(svg).not.toContain('<line> ');
    expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|\/\/|url\(|@import|href/);
  });

  it('is deterministic: the same fits give the same bytes', async () => {
    const a = curvePlotSvg(bortezomibLines, { lineOrder: lineOrder(lines) });
    const again = plotLines((await mm1sReport()).rows).filter((l) => l.fit.compound === 'bortezomib');
    const b = curvePlotSvg(again, { lineOrder: lineOrder(lines) });
    expect(b).toBe(a);
    expect(a).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('keeps a line’s colour across compounds with lineOrder', () => {
    const colourOf = (svg: string, line: string): string | undefined => {
      const fit = byClass(parseXml(svg), 'fit').find((g) => g.attributes['data-cell-line'] === line)!;
      return byClass(fit, 'curve', 'path')[0]!.attributes.stroke;
    };
    const order = lineOrder(lines);
    const carfilzomib = report.fits.filter((f) => f.compound === 'carfilzomib');
    const cfzOnly = carfilzomib.filter((f) => f.cellLine !== 'MM1S/R BTZ');
    expect(colourOf(curvePlotSvg(cfzOnly, { lineOrder: order }), 'MM1S/R CFZ')).toBe(colourOf(curvePlotSvg(bortezomib, { lineOrder: order }), 'MM1S/R CFZ'));
  });

  it('draws an empty plot for no fits', () => {
    const root = parseXml(curvePlotSvg([]));
    expect(byClass(root, 'curve')).toHaveLength(0);
    expect(allText(root)).toContain('no fits');
  });

  it('marks ROUT outliers with a cross named by its well, removed or kept', () => {
    const fit = bortezomib[0]!;
    const withOutliers: CurveFit = {
      ...fit,
      flags: [...fit.flags, 'outliers'],
      outliers: { wells: ['P-WT-1:B5'], log10Molar: [fit.log10Ic50.value], response: [3], removed: true },
    };
    const root = parseXml(curvePlotSvg([withOutliers]));
    const group = byClass(root, 'outliers', 'g');
    expect(group).toHaveLength(1);
    expect(findAll(group[0]!, (e) => e.name === 'path')).toHaveLength(1);
    expect(allText(group[0]!).trim()).toBe('MM1S WT: outlier P-WT-1:B5 (removed from the fit)');
    expect(byClass(parseXml(curvePlotSvg([fit])), 'outliers')).toHaveLength(0);
    expect(allText(root)).toContain('⚠ 1 outlier removed (×)');
  });

  it('draws an LL.5 fit from its own model', () => {
    const fit = bortezomib[0]!;
    const ll5Fit: CurveFit = { ...fit, model: 'll5', asymmetry: { value: 0.5, standardError: 0.1, lower: 0.3, upper: 0.7 } };
    const d4 = byClass(parseXml(curvePlotSvg([fit])), 'curve', 'path')[0]!.attributes.d;
    const d5 = byClass(parseXml(curvePlotSvg([ll5Fit])), 'curve', 'path')[0]!.attributes.d;
    expect(d5).not.toBe(d4);
  });
});
