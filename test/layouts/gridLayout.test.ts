import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { readGridLayout } from '../../src/layouts/gridLayout.js';
import type { LayoutOptions, PlateLayout } from '../../src/layouts/plateLayout.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { tableFromText } from '../../src/readers/cellTable.js';

const FIXTURES = new URL('../fixtures/layouts/', import.meta.url);

function read(text: string, options: LayoutOptions = {}): PlateLayout {
  const layouts = readGridLayout(tableFromText(text, 'grid.csv'), options);
  expect(layouts).toHaveLength(1);
  return layouts[0]!;
}

function errorOf(text: string, options: LayoutOptions = {}): Ic50Error {
  try {
    readGridLayout(tableFromText(text, 'grid.csv'), options);
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

function roleCounts(layout: PlateLayout): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const w of layout.wells.values()) counts[w.role] = (counts[w.role] ?? 0) + 1;
  return counts;
}

describe('readGridLayout', () => {
  it('reads a 96-well grid of grids with the unit in the corner, skipping blocks it does not use', () => {
    const layout = read(readFileSync(new URL('grid-96.csv', FIXTURES), 'utf8'));
    expect(layout).toMatchObject({ source: 'grid.csv', plate: '', rows: 8, columns: 12 });
    expect(layout.wells.size).toBe(96);
    expect(roleCounts(layout)).toEqual({ sample: 80, vehicle: 8, blank: 8 });
    expect(layout.wells.get('A1')).toEqual({ role: 'sample', roleInferred: true, cellLine: 'HCT116', compound: 'drugX', log10Molar: -5, unit: 'uM', line: 12 });
    expect(layout.wells.get('H10')!.log10Molar).toBeCloseTo(Math.log10(0.000508e-6), 12);
    expect(layout.wells.get('E3')!.compound).toBe('drugY');
    expect(layout.wells.get('B11')).toMatchObject({ role: 'vehicle', compound: 'DMSO', unit: '' }); // its "0.1" is ignored
    expect(layout.wells.get('C12')).toMatchObject({ role: 'blank', compound: 'medium', cellLine: '' });
  });

  it('reads a 384-well grid of grids with conc_nM, a partial role block and an unused row', () => {
    const layout = read(readFileSync(new URL('grid-384.csv', FIXTURES), 'utf8'), { cellLine: 'MM1S' });
    expect([layout.rows, layout.columns]).toEqual([16, 24]);
    expect(layout.wells.size).toBe(360); // row P has no compound and no role: not in the map
    expect(layout.wells.has('P1')).toBe(false);
    expect(roleCounts(layout)).toEqual({ sample: 300, vehicle: 45, blank: 15 });
    expect(layout.wells.get('A11')).toMatchObject({ compound: 'carfilzomib', unit: 'nM', cellLine: 'MM1S' });
    expect(layout.wells.get('A11')!.log10Molar).toBeCloseTo(-6, 12);
    expect(layout.wells.get('K20')!.log10Molar).toBeCloseTo(Math.log10(0.05081e-9), 12);
    expect(layout.wells.get('A23')).toMatchObject({ role: 'vehicle', compound: '' });
    expect(layout.wells.get('O24')).toMatchObject({ role: 'blank', compound: '' });
  });

  it('keeps the grid size when only part of a large grid is used', () => {
    const cols = Array.from({ length: 24 }, (_, i) => i + 1).join(',');
    const layout = read(`compound,${cols}\nA,DMSO\n`);
    // A 384-well plate, though only A1 is used.
    expect([layout.rows, layout.columns, layout.wells.size]).toEqual([16, 24, 1]);
  });

  it('reads units in cells (µ, Greek μ) and wellr-style molar exponents under a molar corner', () => {
    const inCells = read('drug;1;2;3\nA;x;x;x\n\nconc;1;2;3\nA;12,5 µM;12.500000 μM;500 nM\n');
    expect(inCells.wells.get('A1')!.log10Molar).toBeCloseTo(Math.log10(12.5e-6), 12);
    expect(inCells.wells.get('A2')!.log10Molar).toBeCloseTo(Math.log10(12.5e-6), 12);
    expect(inCells.wells.get('A3')).toMatchObject({ unit: 'nM' });
    const wellr = read('conc (M),1,2,3\nA,1.00E-06,3.33E-07,\n\nsample,1,2,3\nA,s1,s1,s1\n\ncompound,1,2,3\nA,x,x,DMSO\n');
    expect(wellr.wells.get('A1')).toMatchObject({ unit: 'M', cellLine: 's1' });
    expect(wellr.wells.get('A1')!.log10Molar).toBeCloseTo(-6, 12);
    expect(wellr.wells.get('A3')!.role).toBe('vehicle');
  });

  it('reads blocks for a subset of wells, several blocks per variable, and a role block winning', () => {
    const text = [
      'compound,1,2,3,4',
      'A,x,x,x,x',
      'B,y,y,,',
      '',
      'conc_uM,1,2',
      'A,1,2',
      'B,1,2',
      '',
      'conc_uM,3,4',
      'A,3,4',
      '',
      'role,3,4',
      'B,vehicle,blank',
      'C,,positive',
    ].join('\n');
    const layout = read(text, { unit: parseConcentrationUnit('nM')! });
    expect(layout.wells.get('A4')!.log10Molar).toBeCloseTo(Math.log10(4e-6), 12);
    expect(layout.wells.get('B3')).toMatchObject({ role: 'vehicle', compound: '', line: 13 });
    expect(layout.wells.get('C4')).toMatchObject({ role: 'positive', compound: '' });
    expect(layout.wells.size).toBe(9);
  });

  it('reads a unit block, like a long map\'s unit column', () => {
    const layout = read('compound,1,2\nA,x,x\n\nconc,1,2\nA,5,5\n\nunit,1,2,3\nA,nM,uM,pM\n');
    expect(layout.wells.get('A1')!.log10Molar).toBeCloseTo(Math.log10(5e-9), 12);
    expect(layout.wells.get('A2')!.unit).toBe('uM');
    expect(layout.wells.has('A3')).toBe(false); // a unit alone does not make a well
  });

  it('reads tab-separated grids with decimal commas, and lowercase row letters', () => {
    const layout = read('compound\t1\t2\na\tx\tx\nb\tx\tx\n\nconcentration [nM]\t1\t2\na\t1,5\t3\nb\t1,5\t3\n');
    expect(layout.wells.get('B1')!.log10Molar).toBeCloseTo(Math.log10(1.5e-9), 12);
  });
});

describe('readGridLayout errors', () => {
  const GRID = 'compound,1,2\nA,x,x\nB,x,DMSO\n\nconc_uM,1,2\nA,1,2\n';

  it('a non-numeric concentration, naming the line and well', () => {
    const e = errorOf(GRID + 'B,abc,\n');
    expect(e.location).toEqual({ file: 'grid.csv', line: 7, well: 'B1' });
    expect(e.message).toBe('concentration "abc" is not a number');
  });

  it('a negative concentration', () => {
    const e = errorOf(GRID + 'B,-1,\n');
    expect(e.location).toEqual({ file: 'grid.csv', line: 7, well: 'B1' });
    expect(e.message).toBe('concentration -1 is negative');
  });

  it('a treated well without a concentration', () => {
    const e = errorOf(GRID);
    expect(e.location).toEqual({ file: 'grid.csv', line: 3, well: 'B1' });
    expect(e.message).toBe('no concentration');
  });

  it('no unit anywhere, with a hint to --unit', () => {
    const e = errorOf('compound,1,2\nA,x,x\n\nconc,1,2\nA,1,2\n');
    expect(e.location).toEqual({ file: 'grid.csv', line: 5, well: 'A1' });
    expect(e.message).toBe('no concentration unit');
    expect(e.hint).toContain('--unit');
  });

  it('an unknown unit in a cell or a corner', () => {
    const cell = errorOf('compound,1,2\nA,x,x\n\nconc,1,2\nA,1 mg/kg,2 uM\n');
    expect(cell.location).toEqual({ file: 'grid.csv', line: 5, well: 'A1' });
    expect(cell.message).toBe('unknown concentration unit "mg/kg" in "1 mg/kg"');
    const corner = errorOf('compound,1,2\nA,x,x\n\nconc (ug/kg),1,2\nA,1,2\n');
    expect(corner.location).toEqual({ file: 'grid.csv', line: 4 });
    expect(corner.message).toContain('"ug/kg"');
  });

  it('an unknown role', () => {
    const e = errorOf('compound,1,2\nA,x,x\n\nrole,1,2\nA,vehicle,kontrol\n');
    expect(e.location).toEqual({ file: 'grid.csv', line: 5, well: 'A2' });
    expect(e.message).toBe('unknown role "kontrol"');
  });

  it('a sample well with no compound', () => {
    const e = errorOf('compound,1,2\nA,x,\n\nrole,1,2\nA,,sample\n\nconc_uM,1,2\nA,1,1\n');
    expect(e.location).toEqual({ file: 'grid.csv', line: 5, well: 'A2' });
    expect(e.message).toBe('a sample well with no compound');
  });

  it('two blocks giving one well different values', () => {
    const e = errorOf('compound,1,2\nA,x,x\n\ndrug,2,3\nA,y,y\n');
    expect(e.location).toEqual({ file: 'grid.csv', line: 5, well: 'A2' });
    expect(e.message).toBe('two drug blocks disagree: line 2 says "x", line 5 says "y"');
  });

  it('a grid beyond every standard plate', () => {
    const cols = Array.from({ length: 99 }, (_, i) => i + 1).join(',');
    const e = errorOf(`compound,${cols}\nZ,x\n`);
    expect(e.location).toEqual({ file: 'grid.csv', line: 1 });
    expect(e.message).toBe('a grid reaching Z99 fits no standard plate');
  });

  it('no block naming a variable, or no compound block', () => {
    const none = errorOf('protein,1,2\nA,p,p\n');
    expect(none.message).toBe('no grid block naming a layout variable');
    expect(none.hint).toContain('"protein"');
    expect(errorOf('conc_uM,1,2\nA,1,2\n').message).toBe('the grid has no compound or role block');
  });
});

describe('readGridLayout with a co-treatment', () => {
  it('reads compound_2 and concentration_2 blocks as a second agent', () => {
    const text = [
      'compound,1,2,3',
      'A,drugX,drugX,DMSO',
      '',
      'concentration (uM),1,2,3',
      'A,10,1,',
      '',
      'compound_2,1,2,3',
      'A,drugY,,',
      '',
      'concentration_2 (nM),1,2,3',
      'A,50,,',
    ].join('\n');
    const layout = read(text, { cellLine: 'X' });
    expect(layout.wells.get('A1')).toMatchObject({ role: 'sample', compound: 'drugX (+ drugY 50 nM)' });
    expect(layout.wells.get('A1')!.log10Molar).toBeCloseTo(-5, 12);
    expect(layout.wells.get('A2')).toMatchObject({ role: 'sample', compound: 'drugX' });
    expect(layout.wells.get('A3')).toMatchObject({ role: 'vehicle' });
  });
});
