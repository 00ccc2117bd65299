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
import { analyze } from '../../src/index.js';
import { confidenceBand } from '../../src/fit/confidenceBand.js';
import { curvePlotSvg, ic50Text, lineOrder, plotLines, rfText, summaryLines } from '../../src/writers/curvePlotSvg.js';
import { formatNumber } from '../../src/writers/formatNumber.js';
import { recordOf } from '../../src/writers/records.js';
import { textWidth } from '../../src/writers/wrapText.js';
import { MM1S_TEXT, mm1sReport, unfitted } from './mm1s.js';
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
    const flags = byClass(root, 'flags', 'text').map(allText);
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

/** The plot area's rectangle. */
function plotArea(root: ReturnType<typeof parseXml>): { left: number; top: number; right: number; bottom: number } {
  const a = byClass(root, 'plot-area', 'rect')[0]!.attributes;
  return { left: Number(a.x), top: Number(a.y), right: Number(a.x) + Number(a.width), bottom: Number(a.y) + Number(a.height) };
}

/** The (x, y) points of a path's M/L/H/V commands (absolute, as the writer writes them). */
function pathPoints(d: string): [number, number][] {
  const out: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (const m of d.matchAll(/([MLHV])(-?[\d.]+)(?:,(-?[\d.]+))?/g)) {
    if (m[1] === 'M' || m[1] === 'L') [x, y] = [Number(m[2]), Number(m[3])];
    else if (m[1] === 'H') x = Number(m[2]);
    else y = Number(m[2]);
    out.push([x, y]);
  }
  return out;
}

/** The response → pixel mapping of a figure, read from its y-axis labels "0" and "100". */
function responseAxis(root: ReturnType<typeof parseXml>, fontSize = 12): (y: number) => number {
  const labels = byClass(root, 'axes', 'g')[0]!.children.filter((e) => e.name === 'text' && e.attributes['text-anchor'] === 'end');
  const at = (text: string) => Number(labels.find((e) => e.text === text)!.attributes.y) - fontSize / 3;
  const [p0, p100] = [at('0'), at('100')];
  return (y) => p0 + ((p100 - p0) * y) / 100;
}

/** The MM1S example with a day column (plates …-1 on d1, …-2 on d2), fitted per day. */
async function daysReport() {
  const [header, ...rows] = MM1S_TEXT.trim().split('\n');
  const text = [`${header},day`, ...rows.map((r) => `${r},${/^P-\w+-1,/.test(r) ? 'd1' : 'd2'}`)].join('\n') + '\n';
  return analyze([{ name: 'days.csv', text }], { parental: 'MM1S WT', experiment: { column: 'day' } });
}

describe('curvePlotSvg: figures for a paper', () => {
  const wt = bortezomib[0]!;

  it('keeps every point, bar and marker off the frame: the y axis covers data at 105 %, −5 %, 150 % and −30 %', () => {
    const [lo, hi] = wt.log10Range;
    for (const extra of [[105.4, -5.2], [150, -30]]) {
      const fit: CurveFit = { ...wt, points: { log10Molar: [...wt.points.log10Molar, hi, lo], response: [...wt.points.response, extra[0]!, extra[1]!] } };
      const excluded = { wells: ['P-WT-1:A1'], log10Molar: [hi], response: [extra[1]! - 3], reasons: [''] };
      const root = parseXml(curvePlotSvg([{ ...fit, excluded }], { errorBars: 'sd' }));
      const area = plotArea(root);
      const ys: number[] = [];
      const group = byClass(root, 'fit', 'g')[0]!;
      for (const c of findAll(group, (e) => e.name === 'circle')) ys.push(Number(c.attributes.cy));
      for (const p of byClass(group, 'error-bar', 'path')) ys.push(...pathPoints(p.attributes.d!).map((q) => q[1]));
      expect(ys.length).toBeGreaterThan(wt.points.response.length);
      for (const y of ys) {
        expect(y, `y ${y} vs the frame ${area.top}–${area.bottom}`).toBeGreaterThan(area.top + 2);
        expect(y).toBeLessThan(area.bottom - 2);
      }
    }
  });

  it('draws each curve over its tested concentrations only, never beyond', () => {
    const root = parseXml(curvePlotSvg(bortezomibLines));
    for (const group of byClass(root, 'fit', 'g')) {
      const raw = findAll(byClass(group, 'raw', 'g')[0]!, (e) => e.name === 'circle').map((c) => Number(c.attributes.cx));
      const curve = pathPoints(byClass(group, 'curve', 'path')[0]!.attributes.d!);
      expect(curve[0]![0]).toBeCloseTo(Math.min(...raw), 1);
      expect(curve[curve.length - 1]![0]).toBeCloseTo(Math.max(...raw), 1);
    }
  });

  it('draws the confidence band only with band, around the curve, as confidenceBand computes it', () => {
    expect(byClass(parseXml(curvePlotSvg(bortezomibLines)), 'band')).toHaveLength(0);
    const root = parseXml(curvePlotSvg(bortezomibLines, { band: true }));
    expect(byClass(root, 'band', 'path')).toHaveLength(3);
    const pixel = responseAxis(root);
    for (const group of byClass(root, 'fit', 'g')) {
      const fit = bortezomib.find((f) => f.cellLine === group.attributes['data-cell-line'])!;
      const curve = pathPoints(byClass(group, 'curve', 'path')[0]!.attributes.d!);
      const band = pathPoints(byClass(group, 'band', 'path')[0]!.attributes.d!);
      expect(band).toHaveLength(2 * curve.length);
      const [lo, hi] = fit.log10Range;
      const us = curve.map((_, i) => lo + ((hi - lo) * i) / (curve.length - 1));
      const expected = confidenceBand(fit, us, 0.95)!;
      curve.forEach(([x, y], i) => {
        const upper = band[i]!;
        const lower = band[2 * curve.length - 1 - i]!;
        expect(upper[0]).toBeCloseTo(x, 1);
        expect(lower[0]).toBeCloseTo(x, 1);
        // Pixels grow downwards: the upper bound is above the curve, the lower below.
        expect(upper[1]).toBeLessThanOrEqual(y + 0.011);
        expect(lower[1]).toBeGreaterThanOrEqual(y - 0.011);
        expect(Math.abs(upper[1] - pixel(expected[i]!.upper))).toBeLessThan(0.02);
        expect(Math.abs(lower[1] - pixel(expected[i]!.lower))).toBeLessThan(0.02);
      });
    }
    // A 90 % band is narrower than a 95 % one; the caption says the level.
    const width = (svg: string) => pathPoints(byClass(parseXml(svg), 'band', 'path')[0]!.attributes.d!).reduce((s, p, i, all) => (i < all.length / 2 ? s + all[all.length - 1 - i]![1] - p[1] : s), 0);
    expect(width(curvePlotSvg([wt], { band: true, confidence: 0.9 }))).toBeLessThan(width(curvePlotSvg([wt], { band: true })));
    expect(allText(byClass(parseXml(curvePlotSvg([wt], { band: true, confidence: 0.9 })), 'caption')[0]!)).toContain('90 % confidence band');
    // No band without a covariance (a fit saved without one).
    const { covariance: _, ...bare } = wt;
    expect(byClass(parseXml(curvePlotSvg([bare], { band: true })), 'band')).toHaveLength(0);
  });

  it('error bars show SD, SEM or nothing, and the caption says which and n', () => {
    const bars = (errorBars: 'sd' | 'sem' | 'none') => {
      const root = parseXml(curvePlotSvg([wt], { errorBars }));
      const lengths = byClass(root, 'error-bar', 'path').map((p) => {
        const [a, b] = pathPoints(p.attributes.d!);
        return Math.abs(b![1] - a![1]);
      });
      return { lengths, caption: allText(byClass(root, 'caption')[0]!) };
    };
    const sd = bars('sd');
    const sem = bars('sem');
    const none = bars('none');
    expect(sd.lengths).toHaveLength(wt.nConcentrations);
    // Six wells per concentration (triplicates on two plates): SEM = SD/√6, to the 0.01 px the coordinates keep.
    sd.lengths.forEach((length, i) => expect(Math.abs(sem.lengths[i]! - length / Math.sqrt(6))).toBeLessThan(0.03));
    expect(none.lengths).toHaveLength(0);
    expect(sd.caption).toContain('Points: mean ± SD of n = 6 replicate wells per concentration.');
    expect(sem.caption).toContain('mean ± SEM of n = 6 replicate wells');
    expect(none.caption).toContain('mean of n = 6 replicate wells per concentration, no error bars');
    // Uneven replicates: n as a range.
    const fewer: CurveFit = { ...wt, points: { log10Molar: wt.points.log10Molar.slice(1), response: wt.points.response.slice(1) } };
    expect(allText(byClass(parseXml(curvePlotSvg([fewer])), 'caption')[0]!)).toContain('n = 5–6 replicate wells');
  });

  it('with experiments: one curve and one legend entry per line, each experiment’s IC50 a tick on it', async () => {
    const days = await daysReport();
    const all = plotLines(days.rows).filter((l) => l.fit.compound === 'bortezomib');
    expect(all).toHaveLength(6);
    const summaries = summaryLines(days.rows);
    const root = parseXml(curvePlotSvg(all, { summaries }));
    expect(byClass(root, 'curve', 'path')).toHaveLength(3);
    const entries = byClass(byClass(root, 'legend', 'g')[0]!, 'entry', 'g');
    expect(entries.map((e) => e.attributes['data-cell-line'])).toEqual(['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ']);
    for (const { summary, comparisons } of summaries.filter((s) => s.summary.compound === 'bortezomib')) {
      const r = recordOf({ kind: 'summary', summary, ...(comparisons[0] ? { comparison: comparisons[0] } : {}) });
      const ic50 = `${formatNumber(r.ic50 as number, 3)} [${formatNumber(r.ic50_ci_low as number, 3)}–${formatNumber(r.ic50_ci_high as number, 3)}] nM`;
      const entry = allText(entries.find((e) => e.attributes['data-cell-line'] === summary.cellLine)!);
      expect(entry).toContain(`${summary.cellLine}: IC50 ${ic50} (mean of 2 experiments)`);
      if (comparisons[0]) expect(entry).toContain(`RF ${formatNumber(r.rf as number, 3)} [`);
      expect(entry).not.toContain('(d1)');
      // The ring sits at the summary's IC50, between the two experiments' ticks on the same curve.
      const group = byClass(root, 'fit', 'g').find((g) => g.attributes['data-cell-line'] === summary.cellLine)!;
      const ticks = byClass(group, 'experiment-ic50', 'g');
      expect(ticks.map((t) => t.attributes['data-experiment'])).toEqual(['d1', 'd2']);
      const tickX = ticks.map((t) => pathPoints(findAll(t, (e) => e.name === 'path')[0]!.attributes.d!)[0]![0]);
      const ring = findAll(byClass(group, 'ic50', 'g')[0]!, (e) => e.name === 'circle')[0]!;
      const ringX = Number(ring.attributes.cx);
      expect(ringX).toBeGreaterThanOrEqual(Math.min(...tickX) - 0.01);
      expect(ringX).toBeLessThanOrEqual(Math.max(...tickX) + 0.01);
      // Both experiments' wells are drawn: 2 × 30 faint dots, 10 means.
      expect(findAll(byClass(group, 'raw', 'g')[0]!, (e) => e.name === 'circle')).toHaveLength(60);
      expect(findAll(byClass(group, 'means', 'g')[0]!, (e) => (e.attributes.class ?? '') === 'mean').map((e) => e.attributes['data-n'])).toEqual(new Array(10).fill('2'));
    }
    expect(allText(byClass(root, 'caption')[0]!)).toContain('mean ± SD of n = 2 independent experiments per concentration');
    // Without the summaries, each experiment is its own line, named by its experiment.
    const separate = parseXml(curvePlotSvg(all));
    expect(byClass(separate, 'curve', 'path')).toHaveLength(6);
    expect(allText(separate)).toContain('MM1S WT (d1): IC50');
  });

  it('keeps long names whole: the legend and title wrap to the width, nothing is cut', () => {
    const line = 'MM1S/R BTZ resistant subclone 7, passage 14 (bortezomib-sel)';
    const compound = 'Carfilzomib-derivative_compound_with_a_long_internal_code_X1';
    expect(line).toHaveLength(60);
    expect(compound).toHaveLength(60);
    for (const width of [640, 320]) {
      const fits = [wt, { ...bortezomib[1]!, cellLine: line }].map((f) => ({ ...f, compound }));
      const root = parseXml(curvePlotSvg(fits, { width }));
      expect(allText(byClass(root, 'title', 'text')[0]!)).toBe(compound);
      const entry = byClass(root, 'entry', 'g').find((e) => e.attributes['data-cell-line'] === line)!;
      const label = allText(byClass(entry, 'label', 'text')[0]!);
      expect(label).toBe(`${line}: IC50 ${ic50Text(fits[1]!)} nM`);
      // Every line of text fits inside the figure.
      for (const text of findAll(root, (e) => e.name === 'text' && (e.attributes.class === 'label' || e.attributes.class === 'title' || e.attributes.class === 'caption'))) {
        const size = Number(text.attributes['font-size'] ?? 12);
        for (const span of text.children) {
          expect(Number(span.attributes.x) + textWidth(span.text.trimEnd(), size, text.attributes['font-weight'] === 'bold')).toBeLessThanOrEqual(width);
        }
      }
      if (width === 320) expect(byClass(entry, 'label', 'text')[0]!.children.length).toBeGreaterThan(1);
    }
  });

  it('takes its width, height, font size and title from the options', () => {
    const sized = parseXml(curvePlotSvg(bortezomibLines, { width: 500, height: 600, fontSize: 9, title: 'Figure 2' }));
    expect([sized.attributes.width, sized.attributes.height, sized.attributes['font-size']]).toEqual(['500', '600', '9']);
    expect(sized.attributes.viewBox).toBe('0 0 500 600');
    expect(allText(byClass(sized, 'title', 'text')[0]!)).toBe('Figure 2');
    const area = plotArea(sized);
    expect(area.right).toBeLessThan(500);
    expect(area.bottom - area.top).toBeGreaterThan(300);
    // Too short for its legend: the figure grows rather than cutting it, with a 100-pixel plot area.
    const short = parseXml(curvePlotSvg(bortezomibLines, { height: 160 }));
    expect(Number(short.attributes.height)).toBeGreaterThan(160);
    const small = plotArea(short);
    expect(small.bottom - small.top).toBe(100);
    // An empty title: no title line.
    expect(byClass(parseXml(curvePlotSvg(bortezomibLines, { title: '' })), 'title')).toHaveLength(0);
  });

  it('draws excluded wells hollow and crossed, outliers as crosses: two different marks', () => {
    const fit: CurveFit = {
      ...wt,
      excluded: { wells: ['P-WT-1:A4', 'P-WT-1:A5'], log10Molar: [wt.points.log10Molar[3]!, wt.points.log10Molar[4]!], response: [30, 70], reasons: ['bubble', ''] },
      outliers: { wells: ['P-WT-1:B5'], log10Molar: [wt.points.log10Molar[4]!], response: [3], removed: true },
      flags: [...wt.flags, 'outliers'],
    };
    const root = parseXml(curvePlotSvg([fit]));
    const excluded = byClass(root, 'excluded', 'g')[0]!;
    expect(excluded.attributes.fill).toBe('#ffffff');
    const marks = excluded.children.filter((e) => e.name === 'g');
    expect(marks).toHaveLength(2);
    for (const mark of marks) expect(mark.children.map((e) => e.name)).toEqual(['title', 'circle', 'path']);
    expect(allText(marks[0]!)).toContain('P-WT-1:A4 excluded (bubble)');
    const outliers = byClass(root, 'outliers', 'g')[0]!;
    expect(findAll(outliers, (e) => e.name === 'circle')).toHaveLength(0);
    expect(findAll(outliers, (e) => e.name === 'path')).toHaveLength(1);
    expect(allText(byClass(root, 'legend', 'g')[0]!)).toContain('2 wells excluded (⊗)');
  });
});
