import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { figureSink, figureTitle, fileStem, uniqueStems, type FigureOptions } from '../../src/commands/writeFigures.js';
import type { PlateMap, Report } from '../../src/types.js';
import { curvePlotSvg, lineOrder, plotLines } from '../../src/writers/curvePlotSvg.js';
import { htmlReport } from '../../src/writers/htmlReport.js';
import { mm1sReport } from '../writers/mm1s.js';

/** The figures of a report, through the figure sink as the CLI feeds it; the paths written. */
async function writeFigures(report: Report, options: FigureOptions, plateMaps: PlateMap[] = []): Promise<string[]> {
  const sink = figureSink(options);
  for (const row of report.rows) sink.row(row);
  await sink.end({ plates: report.plates, plateMaps, warnings: report.warnings, errors: report.errors, inputs: report.inputs });
  return sink.written;
}

const directories: string[] = [];
function temporary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ic50-figures-'));
  directories.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const report = await mm1sReport();

describe('fileStem', () => {
  it('makes safe, deterministic file names', () => {
    expect(fileStem('bortezomib')).toBe('bortezomib');
    expect(fileStem('ABT-737')).toBe('abt-737');
    expect(fileStem('Café (E)/Z 10 µM')).toBe('cafe-e-z-10-m');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('***')).toBe('compound');
    expect(fileStem('CON')).toBe('_con');
    expect(fileStem('x'.repeat(200))).toHaveLength(80);
  });

  it('adds a suffix on collisions, first come first served', () => {
    expect(uniqueStems(['ABT-737', 'abt 737', 'abt_737', 'other'])).toEqual(['abt-737', 'abt-737-2', 'abt-737-3', 'other']);
  });
});

describe('writeFigures', () => {
  it('writes one SVG per compound and the report, atomically, and returns the paths', async () => {
    const dir = temporary();
    const plotDir = join(dir, 'plots', 'nested');
    const reportPath = join(dir, 'out', 'report.html');
    const written = await writeFigures(report, { plotDir, reportPath });
    expect(written).toEqual([join(plotDir, 'bortezomib.svg'), join(plotDir, 'carfilzomib.svg'), reportPath]);
    const lines = plotLines(report.rows);
    const order = lineOrder(lines);
    expect(readFileSync(join(plotDir, 'bortezomib.svg'), 'utf8')).toBe(curvePlotSvg(lines.filter((l) => l.fit.compound === 'bortezomib'), { lineOrder: order }));
    expect(readFileSync(reportPath, 'utf8')).toBe(htmlReport(report));
    expect(readdirSync(plotDir).sort()).toEqual(['bortezomib.svg', 'carfilzomib.svg']); // no temporary files left
  });

  it('writes PNGs with --plot-format png, and plate maps when given', async () => {
    const dir = temporary();
    const map: PlateMap = { id: 'P-WT-1', file: 'f.csv', rows: 8, columns: 12, values: new Float64Array(96), roles: null, markers: new Map() };
    const written = await writeFigures(report, { plotDir: dir, plotFormat: 'png' }, [map]);
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['bortezomib.png', 'carfilzomib.png', 'plate-p-wt-1.png']);
    for (const path of written) expect([...readFileSync(path).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('keeps compounds whose names collide apart', async () => {
    const dir = temporary();
    const rows = report.rows.map((r) => (r.kind === 'fit' ? { ...r, fit: { ...r.fit, compound: r.fit.compound === 'bortezomib' ? 'Drug A' : 'drug-a' } } : r));
    const written = await writeFigures({ ...report, rows }, { plotDir: dir });
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['drug-a.svg', 'drug-a-2.svg']);
    expect(readFileSync(written[0]!, 'utf8')).toContain('>Drug A<');
  });

  it('draws the figures with the title and style given, here and in the report', async () => {
    const dir = temporary();
    const style = { width: 480, fontSize: 10, errorBars: 'sem' as const, band: true };
    const reportPath = join(dir, 'report.html');
    await writeFigures(report, { plotDir: dir, reportPath, title: 'Figure 2', style });
    const lines = plotLines(report.rows);
    const expected = curvePlotSvg(lines.filter((l) => l.fit.compound === 'carfilzomib'), { ...style, lineOrder: lineOrder(lines), title: 'Figure 2: carfilzomib' });
    expect(readFileSync(join(dir, 'carfilzomib.svg'), 'utf8')).toBe(expected);
    expect(expected).toContain('width="480"');
    expect(expected).toContain('class="band"');
    expect(readFileSync(reportPath, 'utf8')).toBe(htmlReport(report, { title: 'Figure 2', style }));
  });

  it('titles a figure as given with one compound, "TITLE: compound" with several, none with ""', () => {
    expect(figureTitle('Bortezomib in MM1S', 'bortezomib', 1)).toBe('Bortezomib in MM1S');
    expect(figureTitle('Figure 2', 'bortezomib', 2)).toBe('Figure 2: bortezomib');
    expect(figureTitle('', 'bortezomib', 2)).toBe('');
    expect(figureTitle(undefined, 'bortezomib', 2)).toBeUndefined();
  });

  it('writes nothing without a plot directory or report path', async () => {
    expect(await writeFigures(report, {})).toEqual([]);
    const dir = temporary();
    await writeFigures(report, { reportPath: join(dir, 'r.html') });
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
  });
});
