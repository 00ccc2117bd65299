import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli as run, EXAMPLE, parseCsv, scratchFolders } from '../cliHarness.js';

// What a Prism user does next, through the CLI: exclude wells, compare models, share parameters,
// hand the work on (xlsx, pzfx, decimal commas).

const scratch = scratchFolders('ic50-fit-command-');
const E2E = 'test/fixtures/e2e/';

describe('ic50 fit --exclude, --exclude-file', () => {
  it('lists the excluded wells with their reasons in CSV, JSON and the report', async () => {
    const dir = scratch();
    const table = join(dir, 'excluded.csv');
    writeFileSync(table, 'plate,well,reason\nP-WT-1,A1-A3,"tip clogged, row A"\nP-WT-2,A11,vehicle well cracked\n');
    const report = join(dir, 'report.html');
    const csv = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--exclude-file', table, '--exclude', 'P-RBTZ-1:B5', '--report', report]);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout.replace(/"[^"]*"/g, (q) => q.replace(/,/g, '‚')));
    const wt = rows.find((r) => r.cell_line === 'MM1S WT' && r.compound === 'bortezomib')!;
    expect(wt.excluded).toBe('P-WT-1:A1;P-WT-1:A2;P-WT-1:A3');
    expect(wt.excluded_reasons).toBe('"tip clogged‚ row A;tip clogged‚ row A;tip clogged‚ row A"');
    expect(wt.n_points).toBe('57');
    const btz = rows.find((r) => r.cell_line === 'MM1S/R BTZ' && r.compound === 'bortezomib')!;
    expect(btz.excluded).toBe('P-RBTZ-1:B5');
    expect(btz.excluded_reasons).toBe('');
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2 id="excluded">Excluded wells</h2>');
    expect(html).toContain('<td>P-WT-2:A11</td><td>vehicle</td><td>MM1S WT</td><td>DMSO</td><td>vehicle well cracked</td>');
    expect(html).toContain('<span class="muted">no reason given</span>');
    // The plot draws them hollow and crossed, with the reason on hover (and their well, for the page's review).
    expect(html).toMatch(/<g class="excluded"[^>]*>\s*<g data-well="P-WT-1:A1"><title>MM1S WT: P-WT-1:A1 excluded \(tip clogged, row A\)<\/title>/);

    const json = JSON.parse((await run(['fit', EXAMPLE, '--exclude-file', table, '--format', 'json'])).stdout) as { excluded: { well: string; role: string; reason: string }[] };
    expect(json.excluded.map((w) => `${w.well} ${w.role}`)).toEqual(['P-WT-1:A1 sample', 'P-WT-1:A2 sample', 'P-WT-1:A3 sample', 'P-WT-2:A11 vehicle']);
  });

  it('excludes wells of a plate-reader export by its plate id, and its heat map shows them', async () => {
    const dir = scratch();
    const { code, stdout } = await run(['fit', `${E2E}softmax-mtt-562-660.txt`, '--layout', `${E2E}softmax-mtt-map.csv`, '--exclude', 'Plate1:A1,Plate1:C2', '--format', 'json', '--plot', dir]);
    expect(code).toBe(0);
    const { fits, plates } = JSON.parse(stdout) as { fits: { cell_line: string; excluded: string[]; n_points: number }[]; plates: { n_excluded: number }[] };
    expect(fits.find((f) => f.excluded.length > 0)!.excluded).toEqual(['Plate1:C2']);
    expect(plates[0]!.n_excluded).toBe(2);
    // Without --exclude this plate has no excluded well.
    expect(readFileSync(join(dir, 'plate-plate1.svg'), 'utf8').match(/class="excluded"/g)).toHaveLength(2);
  });

  it('stops with exit 2, naming a well that is not in the data (and the table line)', async () => {
    const missing = await run(['fit', EXAMPLE, '--exclude', 'P-WT-1:H12']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/--exclude P-WT-1:H12: no such well/);
    const table = join(scratch(), 'x.csv');
    writeFileSync(table, 'plate,well,reason\nP-WT-1,A1,ok\nP-WT-9,A1,typo\n');
    const typo = await run(['fit', EXAMPLE, '--exclude-file', table]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/x\.csv:3: --exclude P-WT-9:A1: no plate "P-WT-9" in the data/);
    const alone = await run(['fit', EXAMPLE, '--exclude', 'A1']);
    expect(alone.stderr).toMatch(/the run has 6 plates; name the plate/);
  });
});

describe('ic50 fit --share', () => {
  it('adds the shared fit’s IC50s, RFs and F test; drc’s numbers on the example (hill shared)', async () => {
    const { code, stdout } = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--share', 'hill']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    const row = (line: string, compound: string) => rows.find((r) => r.cell_line === line && r.compound === compound)!;
    const btz = row('MM1S/R BTZ', 'bortezomib');
    expect(btz.shared).toBe('hill');
    // drc: EDcomp/compParm RF 2.97166247, IC50 45.3345361 nM, shared hill 1.44133189; anova p 0.585073.
    expect(Number(btz.shared_rf)).toBeCloseTo(2.97166, 5);
    expect(Number(btz.shared_ic50)).toBeCloseTo(45.3345, 4);
    expect(Number(btz.shared_hill)).toBeCloseTo(1.44133, 5);
    expect(Number(btz.share_p)).toBeCloseTo(0.585073, 6);
    expect(Number(btz.shared_rf_ci_low)).toBeLessThan(2.97166);
    expect(Number(btz.shared_rf_ci_high)).toBeGreaterThan(2.97166);
    // The parental's own row has its shared IC50 but no RF.
    expect(row('MM1S WT', 'bortezomib').shared_rf).toBe('');
    expect(Number(row('MM1S WT', 'bortezomib').shared_ic50)).toBeCloseTo(15.2556, 4);
    expect(btz.flags).toBe('');
  });

  it('flags share_rejected when the F test rejects sharing, and writes the same bytes on worker threads', async () => {
    const report = join(scratch(), 'report.html');
    const one = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--share', 'hill,top', '--jobs', '1', '--report', report]);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<th class="num">shared RF</th>');
    expect(html).toMatch(/<dt class="flag">share_rejected<\/dt><dd>the F test rejects the shared fit/);
    const rows = parseCsv(one.stdout);
    // drc: hill + top shared against separate, bortezomib F(4, 168) = 5.99, p 1.6e-4.
    const btz = rows.find((r) => r.cell_line === 'MM1S/R BTZ' && r.compound === 'bortezomib')!;
    expect(Number(btz.share_p)).toBeCloseTo(0.000158314, 8);
    expect(btz.flags).toBe('share_rejected');
    expect(rows.find((r) => r.cell_line === 'MM1S/R BTZ' && r.compound === 'carfilzomib')!.flags).toBe('');
    const two = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--share', 'hill,top', '--jobs', '2', '--report', join(scratch(), 'r.html')]);
    expect(two.stdout).toBe(one.stdout);
  });

  it('refuses to share a pinned parameter or an LL.5', async () => {
    const pinned = await run(['fit', EXAMPLE, '--share', 'bottom', '--bottom', '0']);
    expect(pinned.code).toBe(2);
    expect(pinned.stderr).toMatch(/--share bottom: the bottom is pinned at 0/);
    expect((await run(['fit', EXAMPLE, '--share', 'hill', '--model', 'll5'])).stderr).toMatch(/LL.4 family/);
    expect((await run(['fit', EXAMPLE, '--share', 'slope'])).stderr).toMatch(/"slope" cannot be shared/);
  });
});

describe('ic50 fit --compare-models, --model auto', () => {
  it('adds preferred_model, model_p and aicc_<model>; drc’s AICc on the example', async () => {
    const { code, stdout } = await run(['fit', EXAMPLE, '--compare-models', 'll3,ll4,ll5']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/,model,preferred_model,model_p,aicc_ll3,aicc_ll4,aicc_ll5,plate,/);
    const wt = parseCsv(stdout).find((r) => r.cell_line === 'MM1S WT' && r.compound === 'bortezomib')!;
    // drc (test/reference/models/mm1s-models-fits.csv): AICc 269.784153, 258.230194, 258.071867; LL.3 vs LL.4 p 3.29e-4, LL.4 vs LL.5 p 0.122.
    expect(Number(wt.aicc_ll3)).toBeCloseTo(269.784, 3);
    expect(Number(wt.aicc_ll4)).toBeCloseTo(258.23, 3);
    expect(Number(wt.aicc_ll5)).toBeCloseTo(258.072, 3);
    expect(wt.preferred_model).toBe('ll4');
    expect(Number(wt.model_p)).toBeCloseTo(0.000329420, 8);
    expect(wt.model).toBe('ll4');
  });

  it('--model auto fits each curve with the model its data support', async () => {
    const { stdout } = await run(['fit', EXAMPLE, '--model', 'auto', '--parental', 'MM1S WT']);
    const rows = parseCsv(stdout);
    for (const r of rows) expect(r.model).toBe(r.preferred_model);
    expect(rows.every((r) => r.rf_p === '' || Number(r.rf_p) >= 0)).toBe(true);
    expect((await run(['fit', EXAMPLE, '--compare-models', 'll4'])).stderr).toMatch(/two or more models/);
    expect((await run(['fit', EXAMPLE, '--compare-models', 'll3,ll4', '--bottom', '0'])).stderr).toMatch(/same model/);
  });
});

describe('handing the work on: -o results.xlsx, -o results.pzfx, --decimal-comma', () => {
  it('writes a workbook and a Prism project from the file name', async () => {
    const dir = scratch();
    const xlsx = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '-o', join(dir, 'results.xlsx')]);
    expect(xlsx.code).toBe(0);
    expect(readFileSync(join(dir, 'results.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const pzfx = await run(['fit', EXAMPLE, '-o', join(dir, 'results.pzfx'), '--pzfx-x', 'linear']);
    expect(pzfx.code).toBe(0);
    const xml = readFileSync(join(dir, 'results.pzfx'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<GraphPadPrismFile PrismXMLVersion="5.00">/);
    expect(xml.match(/<Table ID=/g)).toHaveLength(2);
    expect(xml).toContain('<Title>concentration (nM)</Title>');
    // The Prism project also goes to standard output, as XML text (log10 X by default).
    const stdout = (await run(['fit', EXAMPLE, '--format', 'pzfx'])).stdout;
    expect(stdout).toContain('<Title>log10 concentration (nM)</Title>');
    expect(stdout.match(/<d[ >]/g)!.length).toBe(xml.match(/<d[ >]/g)!.length);
  });

  it('refuses what cannot be written', async () => {
    expect((await run(['fit', EXAMPLE, '-o', join(scratch(), 'r.xls')])).stderr).toMatch(/the old Excel format \(\.xls\) is not written/);
    expect((await run(['fit', EXAMPLE, '--format', 'xlsx'])).stderr).toMatch(/a workbook is a binary file/);
    expect((await run(['fit', EXAMPLE, '--matrix', '-o', join(scratch(), 'r.xlsx')])).stderr).toMatch(/the workbook has the matrix as a sheet already/);
    expect((await run(['fit', EXAMPLE, '--decimal-comma', '--format', 'json'])).stderr).toMatch(/--decimal-comma is for CSV and TSV, not json/);
  });

  it('--decimal-comma: CSV separated by ";" with decimal commas, TSV with decimal commas; ic50 matrix reads them back', async () => {
    const dir = scratch();
    const plain = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '-o', join(dir, 'plain.csv')]);
    const comma = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--decimal-comma', '-o', join(dir, 'comma.csv')]);
    expect([plain.code, comma.code]).toEqual([0, 0]);
    const [plainHeader, plainRow] = readFileSync(join(dir, 'plain.csv'), 'utf8').split('\n');
    const [header, row] = readFileSync(join(dir, 'comma.csv'), 'utf8').split('\n');
    expect(header).toBe(plainHeader!.replace(/,/g, ';'));
    // The same cells: numbers with a comma, the plate list quoted (it holds ";").
    expect(row).toBe(plainRow!.replace(/,/g, '\u0000').replace(/\./g, ',').replace(/\u0000/g, ';').replace('P-WT-1;P-WT-2', '"P-WT-1;P-WT-2"'));
    expect(row).toMatch(/;15,25\d*;/);
    const tsv = await run(['fit', EXAMPLE, '--decimal-comma', '--format', 'tsv']);
    expect(tsv.stdout.split('\n')[1]).toMatch(/\t15,25\d*\t/);
    const matrixPlain = await run(['matrix', join(dir, 'plain.csv'), '--format', 'csv']);
    const matrixComma = await run(['matrix', join(dir, 'comma.csv'), '--format', 'csv']);
    expect(matrixComma.code).toBe(0);
    expect(matrixComma.stdout).toBe(matrixPlain.stdout);
    const matrixEuropean = await run(['matrix', join(dir, 'comma.csv'), '--format', 'csv', '--decimal-comma']);
    expect(matrixEuropean.stdout.split('\n')[1]).toMatch(/^MM1S WT;;15,25\d*;/);
  });
});

describe('figures for a paper: --error-bars, --band, --plot-width, --plot-height, --font-size, --title', () => {
  it('draws the figures as asked, and says what the error bars are', async () => {
    const dir = scratch();
    const plots = join(dir, 'plots');
    const { code } = await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--plot', plots, '--report', join(dir, 'r.html'), '--band', '--error-bars', 'sem', '--plot-width', '500', '--plot-height', '520', '--font-size', '10', '--title', 'Proteasome inhibitors']);
    expect(code).toBe(0);
    const svg = readFileSync(join(plots, 'bortezomib.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*width="500" height="520" viewBox="0 0 500 520"[^>]*font-size="10"/);
    expect(svg).toContain('>Proteasome inhibitors: bortezomib<');
    expect(svg.match(/class="band"/g)).toHaveLength(3);
    expect(svg).toContain('mean ± SEM of n = 6 replicate wells per concentration');
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<title>Proteasome inhibitors</title>');
    expect(html).toContain('class="band"');
    expect(html).toContain('<h2 id="residuals">Residuals</h2>');
    // The defaults: SD bars, no band, 640 wide.
    await run(['fit', EXAMPLE, '--plot', join(dir, 'plain')]);
    const plain = readFileSync(join(dir, 'plain', 'bortezomib.svg'), 'utf8');
    expect(plain).toContain('width="640"');
    expect(plain).not.toContain('class="band"');
    expect(plain).toContain('mean ± SD of n = 6');
  });

  it('with --experiment, one curve per line across the experiments', async () => {
    const dir = scratch();
    const [header, ...rows] = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'days.csv'), [`${header},day`, ...rows.map((r) => `${r},${/^P-\w+-1,/.test(r) ? 'd1' : 'd2'}`)].join('\n') + '\n');
    const { code } = await run(['fit', join(dir, 'days.csv'), '--parental', 'MM1S WT', '--experiment', 'day', '--plot', join(dir, 'plots')]);
    expect(code).toBe(0);
    const svg = readFileSync(join(dir, 'plots', 'bortezomib.svg'), 'utf8');
    expect(svg.match(/class="curve"/g)).toHaveLength(3);
    expect(svg.match(/class="experiment-ic50"/g)).toHaveLength(6);
    expect(svg).toContain('MM1S WT: IC50');
    expect(svg).toContain('(mean of 2 experiments)');
    expect(svg).not.toContain('(d1)');
  });

  it('refuses values it cannot draw: exit 2 and what is accepted', async () => {
    const bars = await run(['fit', EXAMPLE, '--plot', scratch(), '--error-bars', 'ci']);
    expect(bars.code).toBe(2);
    expect(bars.stderr).toMatch(/sd, sem, none/);
    const width = await run(['fit', EXAMPLE, '--plot', scratch(), '--plot-width', '20']);
    expect(width.code).toBe(2);
    expect(width.stderr).toContain('expected a width in pixels between 240 and 4000, got "20"');
    expect(width.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('ic50 fit outputs that would destroy a file the run reads', () => {
  it('are refused before anything is read or written: the exclusion list, -o and --wells on one file, a link to the list', async () => {
    const dir = scratch();
    const table = join(dir, 'excluded.csv');
    const list = 'plate,well,reason\nP-WT-1,A1,tip clogged\n';
    writeFileSync(table, list);
    const onList = await run(['fit', EXAMPLE, '--exclude-file', table, '-o', table]);
    expect(onList.code).toBe(2);
    expect(onList.stderr).toMatch(/the output .*excluded\.csv \(-o\) is the file --exclude-file reads: writing it would destroy it/);
    const reportOnList = await run(['fit', EXAMPLE, '--exclude-file', table, '--report', table]);
    expect(reportOnList.code).toBe(2);
    expect(readFileSync(table, 'utf8')).toBe(list);

    const out = join(dir, 'out.csv');
    const both = await run(['fit', EXAMPLE, '-o', out, '--wells', join(dir, '.', 'out.csv')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/-o and --wells both name .*out\.csv: one output would overwrite the other/);

    const { symlinkSync, existsSync } = await import('node:fs');
    const link = join(dir, 'link.csv');
    symlinkSync(table, link);
    const viaLink = await run(['fit', EXAMPLE, '--exclude-file', table, '--wells', link]);
    expect(viaLink.code).toBe(2);
    expect(readFileSync(table, 'utf8')).toBe(list);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses -o on the plate map an export is read with', async () => {
    const dir = scratch();
    const map = join(dir, 'map.csv');
    writeFileSync(map, 'well,compound,concentration\nA1,DMSO,0\n');
    const result = await run(['fit', 'test/fixtures/gen5/lum-two-plates.txt', '--layout', map, '--unit', 'uM', '-o', map]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is the file --layout reads/);
    expect(readFileSync(map, 'utf8')).toBe('well,compound,concentration\nA1,DMSO,0\n');
  });
});

describe('ic50 fit outputs that cannot be placed', () => {
  it('are refused before anything is written: a report under a file leaves no figures behind', async () => {
    const dir = scratch();
    const { existsSync } = await import('node:fs');
    writeFileSync(join(dir, 'afile'), 'x');
    const result = await run(['fit', EXAMPLE, '--plot', join(dir, 'figures'), '--report', join(dir, 'afile', 'r.html'), '-o', join(dir, 'out.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--report .*r\.html: .*afile is a file, not a directory/);
    expect(existsSync(join(dir, 'figures'))).toBe(false);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    const onFolder = await run(['fit', EXAMPLE, '-o', dir]);
    expect(onFolder.code).toBe(2);
    expect(onFolder.stderr).toMatch(/-o .* is a directory, not a file to write/);
    const plotOnFile = await run(['fit', EXAMPLE, '--plot', join(dir, 'afile')]);
    expect(plotOnFile.stderr).toMatch(/--plot .*afile is a file, not a directory/);
  });
});

describe('ic50 fit options that shape nothing in the run', () => {
  it('are named in a note, and the results are the same', async () => {
    const plain = await run(['fit', EXAMPLE]);
    const shaped = await run(['fit', EXAMPLE, '--band', '--error-bars', 'sem', '--title', 'Figure 2', '--assay-volume', '50uL']);
    expect(shaped.code).toBe(0);
    expect(shaped.stdout).toBe(plain.stdout);
    expect(shaped.stderr).toMatch(/note: --band, --error-bars, --title shape figures, and this run draws none: add --plot DIR or --report FILE/);
    expect(shaped.stderr).toMatch(/note: --assay-volume not used: they go with an Echo transfer report/);
    expect(plain.stderr).not.toMatch(/shape figures/);
  });
});

describe('ic50 fit and inspect say plainly what a path is', () => {
  it('an exclusion table that is a folder; inspect --format csv on data, not a map', async () => {
    const dir = scratch();
    const folder = await run(['fit', EXAMPLE, '--exclude-file', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/an exclusion table must be a file, and this is a folder/);
    const data = await run(['inspect', EXAMPLE, '--format', 'csv']);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/--format csv prints a plate map; this is a table of wells \(Long well\/value table\), not a map/);
  });
});
