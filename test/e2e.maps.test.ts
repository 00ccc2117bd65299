import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, parseCsv, ROOT, scratchFolders } from './cliHarness.js';
import { workbook } from './fixtures/xlsx/workbook.mjs';

// Plate maps as labs keep them — workbooks, D300 protocols, Echo reports, manifests of plates —
// used end to end with plate exports built here, and the wells written back out.
const scratch = scratchFolders('ic50-maps-');
const MAPS = join(ROOT, 'test/fixtures/maps');
const ROWS = 'ABCDEFGHIJKLMNOP';

/** A labelled 8×12 grid export (the generic grid reader): `signal(well)` per well, '' for an unread well. */
function gridExport(signal: (well: string) => number | '', rows = 8, columns = 12): string {
  const lines = [`,${Array.from({ length: columns }, (_, c) => c + 1).join(',')}`];
  for (let r = 0; r < rows; r++) lines.push(`${ROWS[r]},${Array.from({ length: columns }, (_, c) => signal(`${ROWS[r]}${c + 1}`)).join(',')}`);
  return lines.join('\n') + '\n';
}

/** Doses of the fixtures' rows B–E, columns 2–10: 1 µM down by 3. */
const dose = (well: string) => 1 / 3 ** (Number(well.slice(1)) - 2);

/** A plate whose bortezomib (rows B–C) and carfilzomib (rows D–F) IC50s are given in µM; vehicle 10,000 in columns 11–12. */
function plate(bortezomib: number, carfilzomib: number) {
  return (well: string): number => {
    const row = well[0]!;
    const column = Number(well.slice(1));
    const wobble = 1 + 0.015 * Math.sin(row.charCodeAt(0) * 13 + column * 7);
    if (column >= 11) return Math.round(10000 * wobble);
    if (column === 1 || row === 'A' || row === 'H' || row === 'G') return 50;
    const ic50 = row === 'B' || row === 'C' ? bortezomib : carfilzomib;
    return Math.round((100 + 9900 / (1 + (dose(well) / ic50) ** 1.3)) * wobble);
  };
}

type Fit = { cell_line: string; compound: string; ic50: number; unit: string; plate: string[]; flags: string[]; rf: number | null };
const fitsOf = (stdout: string) => (JSON.parse(stdout) as { fits: Fit[] }).fits;

describe('plate maps from a D300 protocol', () => {
  it('inspect shows the protocol, and as CSV the long table that reads back as the same map', async () => {
    const dir = scratch();
    const shown = await cli(['inspect', join(MAPS, 'd300-two-plates.tdd')]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/d300-two-plates\.tdd: a plate map \(use it with --layout\), 2 plates \(a D300 protocol\)\n\nmap for plate "BC-0001" \(also "1"\): 57 wells on a 96-well plate\n  roles: 45 sample, 11 vehicle, 1 exclude\n/);
    expect(shown.stdout).toMatch(/note: plate 1 \("BC-0001"\): 1 well \(G2\) dosed by volume or mass, not molarity: excluded\n/);
    const csv = await cli(['inspect', join(MAPS, 'd300-two-plates.tdd'), '--format', 'csv']);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['plate', 'well', 'role', 'cell_line', 'compound', 'concentration', 'unit']);
    expect(rows).toHaveLength(59);
    expect(rows[0]).toEqual({ plate: 'BC-0001', well: 'B2', role: 'sample', cell_line: '', compound: 'Bortezomib', concentration: '1', unit: 'uM' });
    expect(rows.find((r) => r.well === 'B4')!.concentration).toBe('0.111111111111');
    // Notes go to stderr, so the CSV stays a table.
    expect(csv.stderr).toMatch(/note: plate 1 \("BC-0001"\)/);
    writeFileSync(join(dir, 'map.csv'), csv.stdout);
    const again = await cli(['inspect', join(dir, 'map.csv'), '--format', 'csv']);
    expect(again.stdout).toBe(csv.stdout);
    // JSON: a summary per plate and the same wells as records (numbers as numbers, null for controls).
    const json = await cli(['inspect', join(MAPS, 'd300-two-plates.tdd'), '--format', 'json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { kind: string; source: string; layouts: { plate: string; wells: number }[]; wells: Record<string, unknown>[] };
    expect([parsed.kind, parsed.source]).toEqual(['layout', 'd300']);
    expect(parsed.layouts.map((l) => [l.plate, l.wells])).toEqual([
      ['BC-0001', 57],
      ['2', 2],
    ]);
    expect(parsed.wells).toHaveLength(rows.length);
    parsed.wells.forEach((w, i) => expect(Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v === null ? '' : String(v)]))).toEqual(rows[i]));
    expect(json.stderr).toMatch(/note: plate 1 \("BC-0001"\)/);
  });

  it('fits an export with its protocol: plate by barcode, doses in the protocol unit', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'BC-0001.csv'), gridExport(plate(0.02, 0.005)));
    const result = await cli(['fit', join(dir, 'BC-0001.csv'), '--layout', join(MAPS, 'd300-two-plates.tdd'), '--cell-line', 'MM1S', '--format', 'json']);
    expect(result.code).toBe(0);
    const fits = fitsOf(result.stdout);
    expect(fits.map((f) => [f.compound, f.unit])).toEqual([
      ['Bortezomib', 'uM'],
      ['Carfilzomib', 'uM'],
      ['Carfilzomib (+ Bortezomib 0.01 uM)', 'uM'],
    ]);
    // Within 10 % of the IC50s the plate was made with (no blanks: background 0).
    expect(Math.abs(Math.log10(fits[0]!.ic50 / 0.02))).toBeLessThan(0.04);
    expect(Math.abs(Math.log10(fits[1]!.ic50 / 0.005))).toBeLessThan(0.04);
    expect(result.stderr).toMatch(/note: .*d300-two-plates\.tdd: plate 1 \("BC-0001"\): 1 well \(G2\) dosed by volume or mass/);
  });

  it('fits the same with the D300 report (Excel XML) as with the protocol, its plate named by a manifest', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'BC-0001.csv'), gridExport(plate(0.02, 0.005)));
    const shown = await cli(['inspect', join(MAPS, 'd300-report.xml'), '--unit', 'uM']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/d300-report\.xml: a plate map \(use it with --layout\), 2 plates \(a D300 report\)\n\nmap for plate "1": 57 wells on a 96-well plate\n  roles: 45 sample, 11 vehicle, 1 exclude\n/);
    // The report says no unit: inspect says what fitting will need.
    expect((await cli(['inspect', join(MAPS, 'd300-report.xml')])).stdout).toMatch(/note: the map names no concentration unit: give --unit/);
    writeFileSync(join(dir, 'manifest.csv'), `file,plate,layout,cell_line\nBC-0001.csv,1,${join(MAPS, 'd300-report.xml')},MM1S\n`);
    const report = await cli(['fit', '--manifest', join(dir, 'manifest.csv'), '--unit', 'uM', '--format', 'json']);
    expect(report.code, report.stderr).toBe(0);
    const protocol = await cli(['fit', join(dir, 'BC-0001.csv'), '--layout', join(MAPS, 'd300-two-plates.tdd'), '--cell-line', 'MM1S', '--format', 'json']);
    const strip = (fits: Fit[]) => fits.map(({ plate: _plate, ...rest }) => rest);
    expect(strip(fitsOf(report.stdout))).toEqual(strip(fitsOf(protocol.stdout)));
  });
});

describe('plate maps in workbooks, and manifests as labs keep them', () => {
  it('fits the same with the gDR-style workbook as with the same map as a CSV', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'P1.csv'), gridExport(plate(0.03, 0.2)));
    const args = (map: string) => ['fit', join(dir, 'P1.csv'), '--layout', join(MAPS, map), '--unit', 'uM', '--cell-line', 'X', '--format', 'csv'];
    const fromXlsx = await cli(args('d300-template.xlsx'));
    const fromCsv = await cli(args('d300-template-long.csv'));
    expect(fromXlsx.code).toBe(0);
    expect(fromXlsx.stdout).toBe(fromCsv.stdout);
    expect(parseCsv(fromXlsx.stdout).map((r) => r.compound)).toEqual(['Bortezomib', 'Carfilzomib']);
    expect(fromXlsx.stderr).toMatch(/note: .*d300-template\.xlsx: sheets not used: "Notes"/);
  });

  it('reads a manifest of plates (gDR: Barcode, Template, clid) for the exports given', async () => {
    const dir = scratch();
    copyFileSync(join(MAPS, 'plates-manifest.xlsx'), join(dir, 'manifest.xlsx'));
    copyFileSync(join(MAPS, 'd300-template.xlsx'), join(dir, 'd300-template.xlsx'));
    writeFileSync(join(dir, 'PLATE-WT.csv'), gridExport(plate(0.01, 0.05)));
    writeFileSync(join(dir, 'PLATE-R.csv'), gridExport(plate(0.08, 0.05)));
    const result = await cli(['fit', join(dir, 'PLATE-WT.csv'), join(dir, 'PLATE-R.csv'), '--manifest', join(dir, 'manifest.xlsx'), '--unit', 'uM', '--parental', 'MM1S WT', '--format', 'json']);
    expect(result.code).toBe(0);
    const fits = fitsOf(result.stdout);
    // A grid export's plate is its file; the manifest's barcode finds it by the file's name.
    expect(fits.map((f) => [f.cell_line, f.compound, f.plate])).toEqual([
      ['MM1S WT', 'Bortezomib', [join(dir, 'PLATE-WT.csv')]],
      ['MM1S WT', 'Carfilzomib', [join(dir, 'PLATE-WT.csv')]],
      ['MM1S/R BTZ', 'Bortezomib', [join(dir, 'PLATE-R.csv')]],
      ['MM1S/R BTZ', 'Carfilzomib', [join(dir, 'PLATE-R.csv')]],
    ]);
    expect(fits[2]!.rf).toBeCloseTo(8, 0);
    // gDR's Duration is the time of the read (hours): used, not noted.
    expect(result.stderr).not.toMatch(/not used: "Duration"/);
    // inspect says what a manifest is and what each row says (it is neither an export nor a map).
    const shown = await cli(['inspect', join(dir, 'manifest.xlsx')]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toBe(
      `${join(dir, 'manifest.xlsx')}: a manifest of plates (use it with --manifest, giving the exports too), 2 rows\n\n` +
        `  line 2: plate PLATE-WT → map ${join(dir, 'd300-template.xlsx')}, cell line MM1S WT, 72 h\n` +
        `  line 3: plate PLATE-R → map ${join(dir, 'd300-template.xlsx')}, cell line MM1S/R BTZ, 72 h\n`,
    );
    expect(parseCsv((await cli(['inspect', join(dir, 'manifest.xlsx'), '--format', 'csv'])).stdout)[1]).toEqual({ file: '', plate: 'PLATE-R', layout: join(dir, 'd300-template.xlsx'), cell_line: 'MM1S/R BTZ', experiment: '', time: '72' });
    // A map that cannot be read fails only its plates, with a note saying why.
    writeFileSync(join(dir, 'unnamed.xlsx'), workbook([['Sheet1', { 1: ['drugX', 'drugX'], 2: ['vehicle', 'vehicle'] }]]));
    writeFileSync(join(dir, 'manifest2.xlsx'), workbook([['Sheet1', { 1: ['Barcode', 'Template', 'clid'], 2: ['PLATE-WT', 'd300-template.xlsx', 'MM1S WT'], 3: ['PLATE-R', 'unnamed.xlsx', 'MM1S/R BTZ'] }]]));
    const partly = await cli(['fit', join(dir, 'PLATE-WT.csv'), join(dir, 'PLATE-R.csv'), '--manifest', join(dir, 'manifest2.xlsx'), '--unit', 'uM', '--format', 'json']);
    expect(partly.code).toBe(1);
    expect(partly.stderr).toMatch(/note: .*manifest2\.xlsx: plates without a map \(PLATE-R\): .*unnamed\.xlsx: no sheet holds a plate map: "Sheet1" holds a grid, but a sheet's name must say its variable/);
    expect(partly.stderr).toMatch(/PLATE-R\.csv: no layout for plate/);
    expect(fitsOf(partly.stdout).map((f) => f.cell_line)).toEqual(['MM1S WT', 'MM1S WT']);
    // Without exports, a manifest of plates says what it needs.
    const alone = await cli(['fit', '--manifest', join(dir, 'manifest.xlsx'), '--unit', 'uM']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/this manifest lists plates, not files: give the exports to read too/);
  });

  it('makes a plate a time-zero plate when its manifest row says time 0: growth-rate metrics, gr_value in --wells', async () => {
    const dir = scratch();
    copyFileSync(join(MAPS, 'd300-template.xlsx'), join(dir, 'd300-template.xlsx'));
    writeFileSync(join(dir, 'PLATE-WT.csv'), gridExport(plate(0.01, 0.05)));
    // Read at treatment: about a quarter of the vehicle's 72 h signal (2 doublings).
    writeFileSync(join(dir, 'PLATE-T0.csv'), gridExport(() => 2500));
    writeFileSync(
      join(dir, 'manifest.xlsx'),
      workbook([['Sheet1', { 1: ['Barcode', 'Template', 'clid', 'Time'], 2: ['PLATE-WT', 'd300-template.xlsx', 'MM1S WT', 72], 3: ['PLATE-T0', 'd300-template.xlsx', 'MM1S WT', 0] }]]),
    );
    const wells = join(dir, 'wells.csv');
    const result = await cli(['fit', join(dir, 'PLATE-WT.csv'), join(dir, 'PLATE-T0.csv'), '--manifest', join(dir, 'manifest.xlsx'), '--unit', 'uM', '--wells', wells, '-o', join(dir, 'fits.csv')]);
    expect(result.code, result.stderr).toBe(0);
    const fits = parseCsv(readFileSync(join(dir, 'fits.csv'), 'utf8'));
    const rows = parseCsv(readFileSync(wells, 'utf8'));
    // By hand from the wells: log2(vehicle / time-zero), the template having no blanks (background 0).
    expect(result.stderr).toMatch(/no blank or positive-control wells; background taken as 0/);
    const mean = (role: string, plate: string) => {
      const values = rows.filter((r) => r.role === role && r.plate === join(dir, plate)).map((r) => Number(r.signal));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    const doublings = Math.log2(mean('vehicle', 'PLATE-WT.csv') / mean('time0', 'PLATE-T0.csv'));
    expect(doublings).toBeGreaterThan(1.9);
    expect(fits.map((f) => f.compound)).toEqual(['Bortezomib', 'Carfilzomib']);
    for (const fit of fits) expect(Number(fit.control_doublings)).toBeCloseTo(doublings, 5);
    expect(Number(fits[0]!.gr50)).toBeGreaterThan(0);
    const t0 = rows.filter((r) => r.role === 'time0');
    // Every well of the time-zero plate with cells (treated and vehicle in the map) is a time-zero read.
    expect(t0.length).toBe(40);
    expect(t0.every((r) => r.plate === join(dir, 'PLATE-T0.csv') && r.time === '0' && r.gr_value === '')).toBe(true);
    const vehicle = rows.find((r) => r.role === 'vehicle' && r.time === '72')!;
    expect(Math.abs(Number(vehicle.gr_value) - 1)).toBeLessThan(0.1);
  });

  it('reads the manifest column names real manifests use (fileName, barcode, template, clid)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.csv'), gridExport(plate(0.01, 0.05)));
    writeFileSync(join(dir, 'b.csv'), gridExport(plate(0.04, 0.05)));
    copyFileSync(join(MAPS, 'd300-template-long.csv'), join(dir, 'map.csv'));
    for (const header of ['fileName,barcode,template,clid', 'File Name,Plate Barcode,Map,Cell Line', 'fileName,barcode,template,sampleID']) {
      writeFileSync(join(dir, 'manifest.csv'), `${header}\na.csv,PA,map.csv,WT\nb.csv,PB,map.csv,R1\n`);
      const result = await cli(['fit', '--manifest', join(dir, 'manifest.csv'), '--format', 'json']);
      expect(result.code, header).toBe(0);
      expect(result.stderr, header).not.toMatch(/not used|note/);
      expect(fitsOf(result.stdout).map((f) => [f.cell_line, f.plate[0]])).toEqual([
        ['WT', 'PA'],
        ['WT', 'PA'],
        ['R1', 'PB'],
        ['R1', 'PB'],
      ]);
    }
    // The same manifest as a workbook.
    writeFileSync(join(dir, 'manifest.xlsx'), workbook([['Runs', { 1: ['fileName', 'barcode', 'template', 'clid'], 2: ['a.csv', 'PA', 'map.csv', 'WT'], 3: ['b.csv', 'PB', 'map.csv', 'R1'] }]]));
    const xlsx = await cli(['fit', '--manifest', join(dir, 'manifest.xlsx'), '--format', 'json']);
    expect(xlsx.code).toBe(0);
    expect(fitsOf(xlsx.stdout)).toHaveLength(4);
  });
});

describe('plate maps from an Echo run', () => {
  it('fits an export dosed by the Echo: the stock and the assay volume make the concentrations', async () => {
    const dir = scratch();
    // The report doses DEST-1 A1 (1 µM), A2 (2), A3 (0.1), A6 (0.2) and A4 DMSO: a curve of 4 concentrations.
    const ic50 = 0.5;
    writeFileSync(join(dir, 'DEST-1.csv'), gridExport((well) => {
      const doses: Record<string, number> = { A1: 1, A2: 2, A3: 0.1, A6: 0.2 };
      if (well === 'A4') return 10000;
      if (well === 'A7') return 100;
      const c = doses[well];
      return c === undefined ? '' : Math.round(100 + 9900 / (1 + (c / ic50) ** 1.5));
    }, 16, 24)); // the report's destination is a Greiner_384 plate
    const args = ['fit', join(dir, 'DEST-1.csv'), '--layout', join(MAPS, 'echo-transfers.csv'), '--echo-stock', join(MAPS, 'echo-stock.csv'), '--cell-line', 'X', '--format', 'json'];
    const missing = await cli(args);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--assay-volume is needed to turn transferred volumes into concentrations/);
    const result = await cli([...args, '--assay-volume', '25uL']);
    expect(result.stderr).toMatch(/note: .*echo-transfers\.csv: 1 transfer failed or reported under \[EXCEPTIONS\] \(DEST-1:A5\): those wells are excluded/);
    const fits = fitsOf(result.stdout);
    expect(fits.map((f) => [f.compound, f.unit])).toEqual([
      ['Bortezomib', 'uM'],
      ['Carfilzomib', 'uM'],
    ]);
    expect(fits[0]!.flags).toContain('too_few_concentrations');
    const bad = await cli([...args, '--assay-volume', '25']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a volume with its unit/);
  });
});

describe('--wells', () => {
  it('writes every well of an export after normalization, complete or not at all', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'BC-0001.csv'), gridExport(plate(0.02, 0.005)));
    const wells = join(dir, 'out/wells.csv');
    const result = await cli(['fit', join(dir, 'BC-0001.csv'), '--layout', join(MAPS, 'd300-two-plates.tdd'), '--cell-line', 'MM1S', '--wells', wells, '-o', join(dir, 'fits.csv')]);
    expect(result.code).toBe(0);
    const rows = parseCsv(readFileSync(wells, 'utf8').replace(/"[^"]*"/g, (q) => q.replace(/,/g, ';')));
    expect(Object.keys(rows[0]!)).toEqual(['file', 'plate', 'well', 'role', 'cell_line', 'compound', 'concentration', 'unit', 'signal', 'viability', 'excluded', 'outlier']);
    // Every well the map defines, in the export's order (plate by plate, A1, A2, …).
    expect(rows).toHaveLength(57);
    expect(rows[0]).toMatchObject({ file: join(dir, 'BC-0001.csv'), plate: join(dir, 'BC-0001.csv'), well: 'B2', role: 'sample', cell_line: 'MM1S', compound: 'Bortezomib', concentration: '1', unit: 'uM', excluded: 'false', outlier: '' });
    // viability = 100 × (signal − background) / (vehicle − background); no blanks here, so background 0.
    const vehicles = rows.filter((r) => r.role === 'vehicle').map((r) => Number(r.signal));
    const top = vehicles.reduce((a, b) => a + b, 0) / vehicles.length;
    for (const row of rows.filter((r) => r.role !== 'exclude')) expect(Number(row.viability)).toBeCloseTo((100 * Number(row.signal)) / top, 3);
    expect(rows.find((r) => r.well === 'G2')).toMatchObject({ role: 'exclude', compound: 'Serum', excluded: 'true', concentration: '' });
    // A well the user excludes keeps its dose and viability, marked excluded.
    const excluding = await cli(['fit', join(dir, 'BC-0001.csv'), '--layout', join(MAPS, 'd300-two-plates.tdd'), '--cell-line', 'MM1S', '--exclude', 'B3', '--wells', wells, '-o', join(dir, 'fits.csv')]);
    expect(excluding.code).toBe(0);
    const b3 = parseCsv(readFileSync(wells, 'utf8').replace(/"[^"]*"/g, (q) => q.replace(/,/g, ';'))).find((r) => r.well === 'B3')!;
    expect(b3).toMatchObject({ role: 'exclude', compound: 'Bortezomib', concentration: '0.333333', excluded: 'true' });
    expect(Number(b3.viability)).toBeCloseTo((100 * Number(b3.signal)) / top, 3);
    // Formats by extension; a bad one is refused before anything is read.
    const json = await cli(['fit', join(dir, 'BC-0001.csv'), '--layout', join(MAPS, 'd300-two-plates.tdd'), '--cell-line', 'MM1S', '--wells', join(dir, 'wells.json'), '-o', join(dir, 'fits.csv')]);
    expect(json.code).toBe(0);
    const records = JSON.parse(readFileSync(join(dir, 'wells.json'), 'utf8')) as Record<string, unknown>[];
    expect(records).toHaveLength(57);
    expect(records[0]).toMatchObject({ well: 'B2', concentration: 1, signal: expect.any(Number), excluded: false, outlier: null });
    const xlsx = await cli(['fit', join(dir, 'BC-0001.csv'), '--layout', join(MAPS, 'd300-two-plates.tdd'), '--wells', join(dir, 'wells.xlsx')]);
    expect(xlsx.code).toBe(2);
    expect(xlsx.stderr).toMatch(/--wells .*wells\.xlsx: the format comes from the extension: \.csv, \.tsv, \.json or \.ndjson/);
    // Nothing usable: no wells file either.
    const none = await cli(['fit', join(dir, 'BC-0001.csv'), '--layout', join(MAPS, 'd300-two-plates.tdd'), '--wells', join(dir, 'never.csv')]);
    expect(none.code).toBe(2);
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });

  it('inspect --format csv is for plate maps; an export says where its wells are', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'BC-0001.csv'), gridExport(plate(0.02, 0.005)));
    const result = await cli(['inspect', join(dir, 'BC-0001.csv'), '--format', 'csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format csv prints a plate map; this is a plate-reader export \(.*--wells/);
  });
});
