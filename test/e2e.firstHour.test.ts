import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, EXAMPLE, parseCsv, ROOT, scratchFolders } from './cliHarness.js';

// The first hour of a real lab, on files built here: what used to give a wrong answer without a
// word now gives the right one or says why not, and the friction around it.
const scratch = scratchFolders('ic50-first-hour-');
const EXAMPLE_TEXT = readFileSync(EXAMPLE, 'utf8');
const ROWS = 'ABCDEFGH';

/** A labelled 8×12 grid export (the generic grid reader): `signal(row, column)` per well, '' for an unread well. */
function gridExport(signal: (row: number, column: number) => number | ''): string {
  const lines = [`,${Array.from({ length: 12 }, (_, c) => c + 1).join(',')}`];
  for (let r = 0; r < 8; r++) lines.push(`${ROWS[r]},${Array.from({ length: 12 }, (_, c) => signal(r, c)).join(',')}`);
  return lines.join('\n') + '\n';
}

/** A long map: columns 1–10 drugX in a 3-fold series from 10 µM, 11 DMSO, 12 medium; no cell line. */
function longMap(): string {
  const lines = ['well,compound,concentration_uM'];
  for (let r = 0; r < 8; r++) {
    for (let c = 0; c < 10; c++) lines.push(`${ROWS[r]}${c + 1},drugX,${(10 / 3 ** c).toPrecision(6)}`);
    lines.push(`${ROWS[r]}11,DMSO,0.1`, `${ROWS[r]}12,medium,`);
  }
  return lines.join('\n') + '\n';
}

/** The signal of a plate whose drugX IC50 is `ic50` µM (vehicle 10,000, blank 100), with a little scatter. */
function plate(ic50: number, seed: number) {
  return (r: number, c: number): number => {
    const wobble = 1 + 0.02 * Math.sin(seed * 7 + r * 13 + c * 3);
    if (c === 10) return Math.round(10000 * wobble);
    if (c === 11) return Math.round(100 * wobble);
    const conc = 10 / 3 ** c;
    return Math.round((100 + 9900 / (1 + (conc / ic50) ** 1.2)) * wobble);
  };
}

describe('wrong science, never silent', () => {
  it('manifest rows sharing one plate map each keep their own cell line and plate', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'map.csv'), longMap());
    writeFileSync(join(dir, 'pt1.csv'), gridExport(plate(0.5, 1)));
    writeFileSync(join(dir, 'pt2.csv'), gridExport(plate(3, 2)));
    writeFileSync(join(dir, 'manifest.csv'), 'file,layout,cell_line,plate\npt1.csv,map.csv,Patient1,P1\npt2.csv,map.csv,Patient2,P2\n');
    const result = await cli(['fit', '--manifest', join(dir, 'manifest.csv'), '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const fits = (JSON.parse(result.stdout) as { fits: { cell_line: string; plate: string[]; ic50: number }[] }).fits;
    expect(fits.map((f) => [f.cell_line, f.plate])).toEqual([
      ['Patient1', ['P1']],
      ['Patient2', ['P2']],
    ]);
    expect(fits[0]!.ic50).toBeCloseTo(0.5, 1);
    expect(fits[1]!.ic50).toBeCloseTo(3, 0);
  });

  it('the report shows what --matrix shows under --experiment: the summaries, with an experiment column', async () => {
    const dir = scratch();
    const [header, ...rows] = EXAMPLE_TEXT.trim().split('\n');
    const days = [`${header},day`, ...rows.map((r) => `${r},${/^P-\w+-1,/.test(r) ? 'day 1' : 'day 2'}`)].join('\n');
    writeFileSync(join(dir, 'days.csv'), days + '\n');
    const matrix = await cli(['fit', join(dir, 'days.csv'), '--parental', 'MM1S WT', '--experiment', 'day', '--matrix', '--format', 'csv']);
    const report = await cli(['fit', join(dir, 'days.csv'), '--parental', 'MM1S WT', '--experiment', 'day', '--report', join(dir, 'r.html'), '--quiet']);
    expect([matrix.code, report.code]).toEqual([0, 0]);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    const btz = parseCsv(matrix.stdout).find((r) => r.cell_line === 'MM1S/R BTZ')!;
    const rf = Number(btz['bortezomib.rf']).toPrecision(3);
    const matrixSection = html.slice(html.indexOf('id="matrix"'), html.indexOf('id="results"'));
    expect(matrixSection).toContain(`RF ${rf}`);
    expect(matrixSection).toContain('geometric mean across them');
    const results = html.slice(html.indexOf('id="results"'), html.indexOf('id="curves"'));
    expect(results).toContain('<th>experiment</th>');
    expect(results).toContain('mean of 2');
    expect(results).toContain('day 1');
    // One curve per line across the days, with the summary's IC50 and RF, each day's IC50 a tick on it.
    const curves = html.slice(html.indexOf('id="curves"'), html.indexOf('id="residuals"'));
    expect(curves).toMatch(/MM1S WT: IC50 [^<]* nM \(mean of 2 experiments\)/);
    expect(curves).toContain(`RF ${rf}`);
    expect(curves).toContain('MM1S WT, day 1: IC50');
    expect(curves).not.toContain('MM1S WT (day 1)');
    expect(curves).not.toContain('(not fitted)');
  });

  it('constant data are flat, without an IC50', async () => {
    const dir = scratch();
    const rows = ['cell_line,compound,concentration_nM,signal'];
    for (let k = 0; k < 10; k++) for (let r = 0; r < 3; r++) rows.push(`A,x,${3 ** k},50`);
    writeFileSync(join(dir, 'constant.csv'), rows.join('\n') + '\n');
    const result = await cli(['fit', join(dir, 'constant.csv'), '--no-normalize']);
    expect(result.code).toBe(0);
    const [row] = parseCsv(result.stdout);
    expect(row!.flags).toBe('flat');
    expect(row!.ic50).toBe('');
    expect(row!.flat_p).toBe('1');
  });

  it('no usable well is an error, not an empty result', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'map.csv'), longMap());
    // The export read only columns 11 and 12: every treated well the map names is unread.
    writeFileSync(join(dir, 'partial.csv'), gridExport((r, c) => (c >= 10 ? plate(1, 1)(r, c) : '')));
    const result = await cli(['fit', join(dir, 'partial.csv'), '--layout', join(dir, 'map.csv'), '--cell-line', 'A']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no treated well could be used: every one was left out/);
  });

  it('a --reader that does not fit the file is refused, saying what it looks like', async () => {
    const result = await cli(['inspect', join(ROOT, 'test/fixtures/e2e/envision-ctg384.csv'), '--reader', 'gen5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--reader gen5: this does not look like a Agilent BioTek Gen5 export \(it looks like envision/);
  });

  it('prints an IC50 beyond the tested range as a bound, and never an interval bound of 0', async () => {
    const dir = scratch();
    const rows = ['cell_line,compound,concentration_nM,signal'];
    for (let k = 0; k < 8; k++) for (let r = 0; r < 3; r++) rows.push(`A,weak,${3 ** k},${(100 / (1 + 3 ** k / 8000) + r - 1).toFixed(2)}`);
    writeFileSync(join(dir, 'weak.csv'), rows.join('\n') + '\n');
    const table = await cli(['fit', join(dir, 'weak.csv'), '--no-normalize', '--format', 'table']);
    expect(table.stdout).toMatch(/A\s+weak\s+> 2190\s+nM/); // the highest tested, 3^7 = 2187, to 3 digits
    const csv = parseCsv((await cli(['fit', join(dir, 'weak.csv'), '--no-normalize'])).stdout)[0]!;
    expect(csv.flags).toMatch(/ic50_above_range/);
    expect(csv.ic50_ci_low === '' || Number(csv.ic50_ci_low) > 0).toBe(true);
  });
});

describe('friction', () => {
  it('skips files in a folder that are clearly not data, and never reads the plate map as data', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'plates'));
    writeFileSync(join(dir, 'plates', 'map.csv'), longMap());
    writeFileSync(join(dir, 'plates', 'README.txt'), 'Plates of 3 Dec, read on the Synergy.\n');
    writeFileSync(join(dir, 'plates', 'p1.csv'), gridExport(plate(1, 1)));
    const result = await cli(['fit', join(dir, 'plates'), '--layout', join(dir, 'plates', 'map.csv'), '--cell-line', 'A']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/note: skipped 2 files that are not data .*: README\.txt, map\.csv/);
    expect(parseCsv(result.stdout)).toHaveLength(1);
  });

  it('recognises ic50’s own results given as data, and points at ic50 matrix', async () => {
    const dir = scratch();
    const saved = join(dir, 'results.csv');
    await cli(['fit', EXAMPLE, '-o', saved]);
    const result = await cli(['fit', saved]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/results\.csv:1: this is a results file written by ic50 fit, not plate data \(to tabulate saved results use ic50 matrix RESULTS/);
  });

  it('names the plate map’s own line when the map lacks something', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'map.csv'), longMap());
    writeFileSync(join(dir, 'p1.csv'), gridExport(plate(1, 1)));
    const result = await cli(['fit', join(dir, 'p1.csv'), '--layout', join(dir, 'map.csv')]);
    expect(result.code).toBe(2);
    // A1 is line 2 of the map (the export's A row is its line 2 too: B1 tells them apart).
    expect(result.stderr).toMatch(/map\.csv:2: well A1: the layout names no cell line for this well/);
  });

  it('says when --unit is overruled by the header, suggests --parental on a terminal, counts "1 plate"', async () => {
    const unit = await cli(['fit', EXAMPLE, '--unit', 'uM']);
    expect(unit.stderr).toMatch(/warning: .*--unit uM is not used: the header says the concentrations are in nM/);
    const table = await cli(['fit', EXAMPLE, '--format', 'table']);
    expect(table.stderr).toMatch(/note: 3 cell lines \("MM1S WT", "MM1S\/R BTZ", "MM1S\/R CFZ"\): --parental NAME \(or --pair RESISTANT=PARENTAL\) adds resistance factors/);
    expect((await cli(['matrix', EXAMPLE, '--no-color'])).stderr).not.toMatch(/unknown option/);
  });

  it('lists the columns of a table it does not recognise (a German header), and what a tidy CSV needs', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'de.csv'), 'Zelllinie;Wirkstoff;Konzentration;Signal\nA;x;1;5\n');
    const result = await cli(['fit', join(dir, 'de.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a table whose columns it does not know \(found: "Zelllinie", "Wirkstoff", "Konzentration", "Signal"\) \(a tidy CSV needs compound, concentration and signal columns/);
  });
});
