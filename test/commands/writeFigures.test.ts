import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileStem, uniqueStems, writeFigures } from '../../src/commands/writeFigures.js';
import { curvePlotSvg, lineOrder } from '../../src/writers/curvePlotSvg.js';
import { htmlReport } from '../../src/writers/htmlReport.js';
import { mm1sReport } from '../writers/mm1s.js';

const directories: string[] = [];
function temporary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ic50-figures-'));
  directories.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const report = mm1sReport();

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
  it('writes one SVG per compound and the report, atomically, and returns the paths', () => {
    const dir = temporary();
    const plotDir = join(dir, 'plots', 'nested');
    const reportPath = join(dir, 'out', 'report.html');
    const written = writeFigures(report, { plotDir, reportPath });
    expect(written).toEqual([join(plotDir, 'bortezomib.svg'), join(plotDir, 'carfilzomib.svg'), reportPath]);
    const order = lineOrder(report.fits);
    expect(readFileSync(join(plotDir, 'bortezomib.svg'), 'utf8')).toBe(curvePlotSvg(report.fits.filter((f) => f.compound === 'bortezomib'), { lineOrder: order }));
    expect(readFileSync(reportPath, 'utf8')).toBe(htmlReport(report));
    expect(readdirSync(plotDir).sort()).toEqual(['bortezomib.svg', 'carfilzomib.svg']); // no temporary files left
  });

  it('writes PNGs with --plot-format png, and plate maps when given', () => {
    const dir = temporary();
    const heatmaps = new Map([['P-WT-1', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#000"/></svg>']]);
    const written = writeFigures(report, { plotDir: dir, plotFormat: 'png', heatmaps });
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['bortezomib.png', 'carfilzomib.png', 'plate-p-wt-1.png']);
    for (const path of written) expect([...readFileSync(path).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('keeps compounds whose names collide apart', () => {
    const dir = temporary();
    const fits = report.fits.map((f) => ({ ...f, compound: f.compound === 'bortezomib' ? 'Drug A' : 'drug-a' }));
    const written = writeFigures({ ...report, fits }, { plotDir: dir });
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['drug-a.svg', 'drug-a-2.svg']);
    expect(readFileSync(written[0]!, 'utf8')).toContain('>Drug A<');
  });

  it('writes nothing without a plot directory or report path', () => {
    expect(writeFigures(report, {})).toEqual([]);
    const dir = temporary();
    writeFigures(report, { reportPath: join(dir, 'r.html') });
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
  });
});
