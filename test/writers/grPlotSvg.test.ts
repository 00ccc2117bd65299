import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyzeSources.js';
import { plotLines } from '../../src/writers/curvePlotSvg.js';
import { gr50Text, grPlotSvg, ic50Gr50Svg } from '../../src/writers/grPlotSvg.js';
import { htmlReport } from '../../src/writers/htmlReport.js';
import { matrixSink } from '../../src/writers/matrix.js';
import { writeTable } from '../../src/writers/table.js';
import { Chalk } from 'chalk';
import { allText, byClass, parseXml } from './xml.js';

// The simulated time-zero study of test/reference/gr/: parental (24 h doubling) and resistant
// (48 h), the same GR curve on each compound.
const STUDY = readFileSync(fileURLToPath(new URL('../reference/gr/gr-study.csv', import.meta.url)), 'utf8');
const report = await analyze([{ name: 'gr-study.csv', text: STUDY }], { parental: 'parental' });
const lines = plotLines(report.rows);

describe('grPlotSvg', () => {
  const svg = grPlotSvg(lines.filter((l) => l.fit.compound === 'cytotoxic'));
  const root = parseXml(svg);

  it('draws each line’s GR curve and GR50, from −1 to 1 with the cytostasis line at 0', () => {
    expect(root.attributes.class).toBe('ic50-gr');
    expect(byClass(root, 'gr-fit').map((g) => g.attributes['data-cell-line'])).toEqual(['parental', 'resistant']);
    expect(byClass(root, 'gr-curve', 'path')).toHaveLength(2);
    expect(byClass(root, 'gr50', 'g')).toHaveLength(2);
    expect(allText(byClass(root, 'cytostasis')[0]!)).toMatch(/cytostasis/);
    expect(svg).toMatch(/>−1</);
    expect(svg).toMatch(/>1</);
  });

  it('says GR50, GRmax, the doublings and the GR RF in the legend, as the tables print them', () => {
    const legend = allText(byClass(root, 'legend')[0]!);
    const resistant = report.fits.find((f) => f.cellLine === 'resistant' && f.compound === 'cytotoxic')!;
    expect(legend).toContain(`resistant: GR50 ${gr50Text(resistant)} nM, GR RF 1.07 [0.98–1.17]`);
    expect(legend).toMatch(/1\.52 control doublings/);
    expect(legend).toMatch(/3\.02 control doublings/);
  });

  it('draws the IC50 beside the GR50 of every line', () => {
    const pair = parseXml(ic50Gr50Svg(lines.filter((l) => l.fit.compound === 'cytotoxic')));
    expect(byClass(pair, 'pair').map((g) => g.attributes['data-cell-line'])).toEqual(['parental', 'resistant']);
    expect(byClass(pair, 'ic50', 'g')).toHaveLength(2);
    expect(byClass(pair, 'gr50', 'g')).toHaveLength(2);
    expect(allText(pair)).toMatch(/RF 1\.42, GR RF 1\.07/);
  });

  it('shows a flat GR fit as a dashed level at GRmax, and no GR50 mark', () => {
    const fit = report.fits.find((f) => f.cellLine === 'parental' && f.compound === 'cytostatic')!;
    const flat = { ...fit, flags: [...fit.flags, 'gr_flat' as const, 'gr50_above_range' as const] };
    const svgFlat = parseXml(grPlotSvg([{ fit: flat, comparisons: [] }]));
    expect(byClass(svgFlat, 'gr-curve', 'path')[0]!.attributes['stroke-dasharray']).toBe('7 4');
    expect(byClass(svgFlat, 'gr50', 'g')).toHaveLength(0);
  });
});

describe('growth rate in the report, the table and the matrix', () => {
  const html = htmlReport(report);

  it('has a growth-rate section with the trap sentence and both figures per compound', () => {
    const root = parseXml(html);
    expect(html).toContain('<h2 id="growth">Growth rate</h2>');
    expect(html).toContain('<a href="#growth">');
    const trap = byClass(root, 'trap', 'ul')[0]!;
    expect(allText(trap)).toMatch(/On cytotoxic, resistant looks 1\.42-fold \[1\.29–1\.57\] resistant relative to parental by IC50, but 1\.07-fold \[0\.98–1\.17\] by GR50/);
    expect(allText(trap)).toMatch(/resistant divided more slowly than parental \(1\.52 against 3\.02 doublings/);
    expect(byClass(root, 'gr', 'figure')).toHaveLength(3);
    expect(byClass(root, 'ic50-gr50', 'figure')).toHaveLength(3);
    // The glossary explains the flag.
    expect(html).toMatch(/growth_rate_trap<\/dt><dd>the IC50 and GR50 resistance factors disagree/);
  });

  it('shows GR50 and the GR RF in the table and the matrix', () => {
    const table = writeTable(report.rows, report.plates, new Chalk({ level: 0 }), 0.95, { detected: { growth: true, times: false } });
    expect(table.split('\n')[0]).toMatch(/GR50 \[95% CI\]\s+GRmax.*GR RF \[95% CI\]/);
    expect(table).toMatch(/resistant\s+cytotoxic\s+48\.5 \[44\.4–52\.9\]\s+42 \[38\.7–45\.7\]\s+-0\.592.*1\.42 \[1\.29–1\.57\]\s+1\.07 \[0\.98–1\.17\]\s+no_blank growth_rate_trap/);
    let text = '';
    const sink = matrixSink((t) => void (text += t), 'table', false, {});
    sink.adapt!({ detected: { growth: true, times: false } });
    for (const row of report.rows) void sink.row(row);
    void sink.end({ plates: [], plateMaps: [], warnings: [], errors: [], inputs: 1 });
    expect(text).toMatch(/48\.5 \[44\.4–52\.9\] nM; RF 1\.42 \[1\.29–1\.57\]; GR50 42 \[38\.7–45\.7\]; GR RF 1\.07 \[0\.98–1\.17\] \*/);
  });
});
