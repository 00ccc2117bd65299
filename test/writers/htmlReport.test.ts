import { describe, expect, it } from 'vitest';
import type { CurveFit } from '../../src/types.js';
import { curvePlotSvg, plotLines } from '../../src/writers/curvePlotSvg.js';
import { htmlReport, type ReportData } from '../../src/writers/htmlReport.js';
import { plateHeatmapSvg } from '../../src/writers/plateHeatmapSvg.js';
import { mm1sReport, unfitted, MM1S_NAME, MM1S_TEXT } from './mm1s.js';
import { analyze } from '../../src/index.js';
import type { Sink } from '../../src/engine/sink.js';
import { reviewSettingsOf } from '../../src/engine/reviewSettings.js';
import { reviewScript } from '../../src/io/reviewScript.js';
import { resolveOptions } from '../../src/options.js';
import { parseReviewData } from '../../src/writers/reviewData.js';
import { allText, byClass, findAll, parseXml } from './xml.js';

const report = await mm1sReport();

/** No URL of any kind: nothing fetched, nothing linked outside the page. */
function expectNoUrl(html: string): void {
  expect(html).not.toMatch(/https?:|ftp:|file:|\/\/[a-z]|@import|url\(|\bsrc=|<link\b|data:/i);
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
  for (const href of hrefs) expect(href).toMatch(/^#/);
}

describe('htmlReport', () => {
  const html = htmlReport(report, { title: 'MM1S' });

  it('is one self-contained, well-formed page with no URL', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const root = parseXml(html);
    expect(root.name).toBe('html');
    expect(findAll(root, (e) => e.name === 'style')).toHaveLength(1);
    expect(findAll(root, (e) => e.name === 'script')).toHaveLength(1);
    expectNoUrl(html);
    // Inline SVG needs no namespace in HTML5 (and the namespace is a URL).
    expect(html).not.toContain('xmlns');
  });

  it('shows every fit: in the matrix, in the sortable results table and as a curve', () => {
    const root = parseXml(html);
    const results = byClass(root, 'results', 'table')[0]!;
    expect(byClass(results, 'sortable', 'table')).toHaveLength(1);
    const rows = findAll(results, (e) => e.name === 'tr').slice(1);
    expect(rows).toHaveLength(report.rows.length);
    report.fits.forEach((fit, i) => {
      const cells = rows[i]!.children.map(allText);
      expect(cells[0]).toBe(fit.cellLine);
      expect(cells[1]).toBe(fit.compound);
    });
    expect(allText(rows[2]!)).toContain('2.95'); // MM1S/R BTZ bortezomib RF
    // Matrix: 3 cell lines × 2 compounds.
    const matrix = byClass(root, 'matrix', 'table')[0]!;
    expect(findAll(matrix, (e) => e.name === 'td')).toHaveLength(6);
    expect(allText(matrix)).toContain('RF 5.36 [4.92–5.83]');
    expect(allText(matrix)).toContain('15.3 nM');
    // Curves: one figure per compound, one curve per fit, one IC50 marker per fit.
    expect(findAll(root, (e) => e.name === 'figure' && (e.attributes.id ?? '').startsWith('curve-')).map((e) => e.attributes['data-compound'])).toEqual(['bortezomib', 'carfilzomib']);
    expect(byClass(root, 'curve', 'path')).toHaveLength(report.fits.length);
    expect(byClass(root, 'ic50', 'g')).toHaveLength(report.fits.length);
    // The plots are exactly curvePlotSvg's.
    const bortezomib = curvePlotSvg(plotLines(report.rows).filter((l) => l.fit.compound === 'bortezomib'), { lineOrder: ['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ'] });
    expect(html).toContain(bortezomib.replace(' xmlns="http://www.w3.org/2000/svg"', '').trim());
  });

  it('shows each curve’s residuals, per compound, and draws the figures with the style given', () => {
    const root = parseXml(html);
    const section = findAll(root, (e) => e.name === 'h2' && e.attributes.id === 'residuals');
    expect(section).toHaveLength(1);
    const panels = findAll(root, (e) => e.name === 'figure' && e.attributes['data-cell-line'] !== undefined);
    expect(panels.map((e) => `${e.attributes['data-compound']}|${e.attributes['data-cell-line']}`)).toEqual(
      ['bortezomib', 'carfilzomib'].flatMap((compound) => plotLines(report.rows).filter((l) => l.fit.compound === compound).map((l) => `${compound}|${l.fit.cellLine}`)),
    );
    for (const panel of panels) expect(findAll(panel, (e) => e.name === 'svg' && e.attributes.class === 'ic50-residuals')).toHaveLength(1);
    expect(html).toContain('<a href="#residuals">Residuals</a>');
    // The style reaches the report's figures: the band, SEM bars and their caption, the font size.
    const styled = parseXml(htmlReport(report, { style: { band: true, errorBars: 'sem', fontSize: 10 } }));
    const curves = findAll(styled, (e) => e.name === 'svg' && e.attributes.class === 'ic50-curves');
    expect(curves).toHaveLength(2);
    expect(byClass(styled, 'band', 'path')).toHaveLength(report.fits.length);
    for (const svg of curves) {
      expect(svg.attributes['font-size']).toBe('10');
      expect(allText(byClass(svg, 'caption')[0]!)).toContain('mean ± SEM of n = 6 replicate wells');
    }
    expect(byClass(root, 'band')).toHaveLength(0);
  });

  it('summarises inputs, plates, curves and flags, and lists plate QC', () => {
    const root = parseXml(html);
    const summary = allText(byClass(root, 'summary', 'dl')[0]!);
    expect(summary).toContain('fixtures/mm1s-celltiter-glo.csv');
    expect(summary).toContain('6 plates');
    expect(summary).toContain('all passed QC');
    expect(summary).toContain('6 fits: 3 cell lines × 2 compounds');
    const qc = byClass(root, 'qc', 'table')[0]!;
    expect(findAll(qc, (e) => e.name === 'tr')).toHaveLength(1 + report.plates.length);
    expect(allText(qc)).toContain('0.918');
  });

  it('includes plate heat maps when given', () => {
    const values = new Float64Array(96).map((_, i) => i);
    const heatmaps = new Map(report.plates.map((p) => [p.plate, plateHeatmapSvg({ id: p.plate, file: p.file, rows: 8, columns: 12, values, roles: null, markers: new Map() })]));
    const withMaps = htmlReport(report, { heatmaps });
    const root = parseXml(withMaps);
    const figures = findAll(root, (e) => e.name === 'figure' && e.attributes['data-plate'] !== undefined);
    expect(figures.map((f) => f.attributes['data-plate'])).toEqual(report.plates.map((p) => p.plate));
    expect(byClass(root, 'well', 'rect')).toHaveLength(96 * report.plates.length);
    expectNoUrl(withMaps);
  });

  it('escapes every name, flags what is flagged, and lists errors and warnings', () => {
    const evil = '<script>alert("x")</script> & co';
    const [first, second] = report.fits as [CurveFit, CurveFit];
    const odd: ReportData = {
      rows: [
        { kind: 'fit', fit: { ...first, cellLine: evil, compound: 'https://example.org/x' } },
        { kind: 'fit', fit: unfitted({ ...second, compound: 'https://example.org/x' }, 'line B') },
      ],
      plates: [{ ...report.plates[0]!, plate: '<P1>', passed: false, reasons: ['Z′ 0.31 < 0.5'] }],
      warnings: [{ location: { file: 'a.csv', line: 3, well: 'A1' }, message: 'unreadable <signal>' }],
      errors: [{ file: 'b.csv', message: 'not a plate & not a map' }],
    };
    const page = htmlReport(odd, { title: 'T <&>' });
    const root = parseXml(page);
    expect(page).not.toContain('<script>alert');
    expect(allText(root)).toContain(evil);
    expect(allText(root)).toContain('T <&>');
    expect(findAll(root, (e) => e.name === 'script')).toHaveLength(1);
    expect(allText(root)).toContain('too_few_concentrations');
    expect(allText(root)).toContain('FAIL: Z′ 0.31 < 0.5');
    expect(allText(root)).toContain('unreadable <signal>');
    expect(allText(root)).toContain('not a plate & not a map');
    expect(allText(byClass(root, 'summary', 'dl')[0]!)).toContain('1 failed QC');
    // A name that looks like a URL is shown as text, never made a link.
    expect(findAll(root, (e) => e.attributes.href?.includes('example') ?? false)).toHaveLength(0);
  });

  it('is deterministic and copes with an empty report', async () => {
    expect(htmlReport(await mm1sReport(), { title: 'MM1S' })).toBe(html);
    const empty = htmlReport({ rows: [], plates: [], warnings: [], errors: [] });
    expect(allText(parseXml(empty))).toContain('No fits.');
  });

  it('with review: holds its curves and settings and the review script, stays well-formed, fetches nothing', async () => {
    const wantsCurves: Sink = { wants: { points: true, plateMaps: true, curves: true }, begin() {}, text() {}, row() {}, end() {} };
    const withCurves = await analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], { parental: 'MM1S WT' }, { sinks: [wantsCurves] });
    const script = reviewScript()!;
    expect(script.length).toBeGreaterThan(1000);
    const settings = reviewSettingsOf(resolveOptions({ parental: 'MM1S WT' }));
    const page = htmlReport(withCurves, { title: 'MM1S', review: { settings, script, plateMaps: withCurves.plateMaps } });
    const root = parseXml(page);
    const scripts = findAll(root, (e) => e.name === 'script');
    expect(scripts.map((e) => e.attributes.type ?? '')).toEqual(['', 'application/json', '']);
    const data = parseReviewData(scripts[1]!.text);
    expect(data.curves.map((c) => `${c.cellLine} ${c.compound} ${c.log10Molar.length}`)).toEqual(withCurves.fits.map((f) => `${f.cellLine} ${f.compound} 60`));
    expect(data.settings).toEqual(settings);
    expect(scripts[2]!.text).toContain(script);
    // The markup names no URL; the script calls no network interface.
    expectNoUrl(page.replace(/<script type="application\/json"[^>]*>.*?<\/script>/s, '').replace(/<script>\/\*<!\[CDATA\[.*?<\/script>/s, ''));
    expect(script).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|\bimport\(|\.src=|<link|window\.open/);
    // Every point names its well, for the click.
    const points = byClass(root, 'raw', 'g').flatMap((g) => g.children);
    expect(points).toHaveLength(6 * 60);
    expect(points.every((p) => /^P-[A-Z]+-[12]:[A-H]\d+$/.test(p.attributes['data-well'] ?? ''))).toBe(true);
    // Out of the page: the figures and tables are the page without review, byte for byte; and not too heavy.
    const main = (html: string): string => html.slice(html.indexOf('<main>'), html.indexOf('</main>'));
    expect(main(page)).toBe(main(htmlReport(withCurves, { title: 'MM1S' })));
    expect(Buffer.byteLength(page)).toBeLessThan(600_000);
  });
});
