import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import type { LayoutWell, PlateLayout } from '../../src/layouts/plateLayout.js';
import { readPlateMap, type MapOptions } from '../../src/layouts/readPlateMap.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { writeLayoutCsv } from '../../src/writers/layoutText.js';
import { workbook } from '../fixtures/xlsx/workbook.mjs';

const MAPS = new URL('../fixtures/maps/', import.meta.url);
const uM = parseConcentrationUnit('uM')!;
const _ = null;
const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(name, MAPS)));

async function mapOf(name: string, options: MapOptions = { unit: uM }) {
  return readPlateMap(name, { bytes: bytesOf(name) }, options);
}

async function errorOf(source: string, bytes: Uint8Array, options: MapOptions = { unit: uM }): Promise<Ic50Error> {
  try {
    await readPlateMap(source, { bytes }, options);
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

/** A map's wells without the line each came from (which differs by source), doses to 1e-12 in log10. */
function wellsOf(layout: PlateLayout): Record<string, Omit<LayoutWell, 'line' | 'log10Molar'> & { dose: string }> {
  return Object.fromEntries(
    [...layout.wells].map(([id, w]) => [id, { role: w.role, roleInferred: w.roleInferred ?? false, cellLine: w.cellLine, compound: w.compound, unit: w.unit, dose: Number.isNaN(w.log10Molar) ? 'NaN' : w.log10Molar.toFixed(12) }]),
  );
}

describe('plate maps with a grid per variable', () => {
  it('reads gDR-style sheets (bare grids at their own cells, numbers stored as text) as the same map as the long CSV', async () => {
    const sheets = await mapOf('d300-template.xlsx');
    const long = await mapOf('d300-template-long.csv');
    expect(sheets.kind).toBe('variables');
    expect(long.kind).toBe('long');
    expect(sheets.layouts).toHaveLength(1);
    const [xlsx] = sheets.layouts as [PlateLayout];
    const [csv] = long.layouts as [PlateLayout];
    expect(xlsx).toMatchObject({ plate: '', rows: 8, columns: 12, declared: false });
    expect(wellsOf(xlsx)).toEqual(wellsOf(csv));
    expect(xlsx.wells.size).toBe(40);
    // Sheet cell C2 (row 2, column C) is well B3: bortezomib 1/3 µM, stored as text.
    expect(xlsx.wells.get('B3')).toMatchObject({ role: 'sample', compound: 'Bortezomib', unit: 'uM' });
    expect(xlsx.wells.get('B3')!.log10Molar).toBeCloseTo(Math.log10(0.3333333333333e-6), 12);
    expect(xlsx.wells.get('B12')).toMatchObject({ role: 'vehicle', compound: 'vehicle' });
    // The sheet that names no variable is said, not read.
    expect(sheets.notes).toEqual([expect.stringMatching(/sheets not used: "Notes"/)]);
  });

  it('reads labelled grids on sheets and titled blocks in a CSV as the same map', async () => {
    const long = wellsOf((await mapOf('d300-template-long.csv')).layouts[0]!);
    const labelled = await mapOf('labelled-sheets.xlsx');
    const blocks = await mapOf('blocks.csv');
    expect(blocks.kind).toBe('variables');
    expect(wellsOf(labelled.layouts[0]!)).toEqual(long);
    expect(wellsOf(blocks.layouts[0]!)).toEqual(long);
    // A labelled grid states its plate size.
    expect(labelled.layouts[0]).toMatchObject({ rows: 8, columns: 12, declared: true });
  });

  it('names the sheet and the cell of a value it cannot read', async () => {
    const bytes = workbook([
      ['Gnumber', { 2: [null, 'drugX', 'drugX'] }],
      ['Concentration', { 2: [null, 10, 'ten'] }],
    ]);
    const error = await errorOf('bad.xlsx', bytes);
    expect(error.location).toMatchObject({ file: 'bad.xlsx', sheet: 'Concentration', line: 2, well: 'B3' });
    expect(error.describe()).toBe('bad.xlsx[Concentration]:2: well B3: concentration "ten" is not a number');
    const clash = await errorOf('clash.xlsx', workbook([['Gnumber', { 1: ['drugX'] }], ['drug', { 1: ['drugY'] }]]));
    expect(clash.message).toBe('two "drug" sheets disagree: cell A1 says "drugX", cell A1 says "drugY"');
  });

  it('asks for a unit the sheets do not give, and takes it from a sheet name', async () => {
    const bytes = workbook([['Gnumber', { 1: ['drugX'] }], ['Concentration', { 1: [1] }]]);
    expect((await errorOf('x.xlsx', bytes, {})).code).toBe('unit');
    const named = await readPlateMap('x.xlsx', { bytes: workbook([['Gnumber', { 1: ['drugX'] }], ['Concentration (nM)', { 1: [1] }]]) }, {});
    expect(named.layouts[0]!.wells.get('A1')).toMatchObject({ unit: 'nM', log10Molar: -9 });
  });

  it('reads one sheet of a workbook in a table shape, and needs --sheet when several are', async () => {
    const error = await errorOf('two-maps.xlsx', bytesOf('two-maps.xlsx'));
    expect(error.message).toBe('2 sheets hold plate maps ("Screen A", "Screen B"): which one is meant is not certain');
    expect(error.hint).toMatch(/--sheet/);
    const b = await readPlateMap('two-maps.xlsx', { bytes: bytesOf('two-maps.xlsx') }, { unit: uM, sheet: 'screen b' });
    expect(b.layouts[0]!.wells.get('A1')).toMatchObject({ compound: 'Carfilzomib' });
    expect(b.layouts[0]!.source).toBe('two-maps.xlsx[Screen B]');
    expect((await errorOf('two-maps.xlsx', bytesOf('two-maps.xlsx'), { sheet: 'Screen C' })).message).toBe('the workbook has no sheet "Screen C"');
    // A workbook of one long map needs no --sheet.
    const one = workbook([['Layout', { 1: ['well', 'compound', 'conc_nM'], 2: ['B2', 'drugX', 5] }]]);
    expect((await readPlateMap('one.xlsx', { bytes: one })).layouts[0]!.wells.get('B2')).toMatchObject({ compound: 'drugX', unit: 'nM' });
  });

  it('reads an untreated template of one sheet named anyhow when every cell is a vehicle name, as gDR does', async () => {
    const untreated = await readPlateMap('u.xlsx', { bytes: workbook([['Sheet1', { 4: [_, _, _, 'vehicle', 'untreated'], 5: [_, _, _, 'vehicle', 'DMSO'] }]]) });
    expect(untreated.kind).toBe('variables');
    expect([...untreated.layouts[0]!.wells.keys()]).toEqual(['D4', 'D5', 'E4', 'E5']);
    expect([...untreated.layouts[0]!.wells.values()].every((w) => w.role === 'vehicle')).toBe(true);
    expect(untreated.notes).toEqual(['sheet "Sheet1" names no variable, but every cell is a vehicle name: read as the compound grid (an untreated template)']);
    // One drug among them, or a second sheet, and what the cells are is in doubt again.
    expect((await errorOf('d.xlsx', workbook([['Sheet1', { 4: [_, _, _, 'vehicle', 'drugX'], 5: [_, _, _, 'vehicle', 'DMSO'] }]]))).message).toMatch(/"Sheet1" holds a grid, but a sheet's name must say its variable/);
    expect((await errorOf('t.xlsx', workbook([['Sheet1', { 4: ['vehicle'], 5: ['vehicle'] }], ['Sheet2', { 1: ['notes'] }]]))).message).toMatch(/holds a grid/);
  });

  it('refuses a workbook that holds no plate map, listing its sheets', async () => {
    const error = await errorOf('x.xlsx', workbook([['Sheet1', { 1: ['vehicle', 'vehicle'] }]]));
    expect(error.message).toBe('no sheet holds a plate map (sheets: "Sheet1")');
  });
  it('reads a time sheet (hours from treatment to the read), which the long table ic50 prints keeps', async () => {
    // Row 1: treated wells and a vehicle read at 72 h; row 2: a time-zero well (vehicle read at 0 h).
    const bytes = workbook([
      ['Gnumber', { 1: ['drugX', 'drugX', 'vehicle'], 2: ['vehicle'] }],
      ['Concentration', { 1: [1, 10, 0], 2: [0] }],
      ['Time', { 1: [72, 72, 72], 2: [0] }],
    ]);
    const reading = await readPlateMap('timed.xlsx', { bytes }, { unit: uM });
    const wells = reading.layouts[0]!.wells;
    expect(wells.get('A2')).toMatchObject({ role: 'sample', compound: 'drugX', time: 72 });
    expect(wells.get('B1')).toMatchObject({ role: 'vehicle', time: 0 });
    const csv = writeLayoutCsv(reading.layouts);
    expect(csv.split('\n')[0]).toBe('plate,well,role,cell_line,compound,concentration,unit,time');
    expect(csv.split('\n')[4]).toBe(',B1,vehicle,,vehicle,,,0');
    const back = await readPlateMap('timed.csv', { bytes: new TextEncoder().encode(csv) }, {});
    expect(back.layouts[0]!.wells).toEqual(new Map([...wells].map(([id, w]) => [id, { ...w, line: back.layouts[0]!.wells.get(id)!.line, roleInferred: false }])));
    // Without times, no time column.
    expect(writeLayoutCsv((await mapOf('d300-template-long.csv')).layouts).split('\n')[0]).toBe('plate,well,role,cell_line,compound,concentration,unit');
  });
});
