import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { readLongLayout } from '../../src/layouts/longLayout.js';
import type { LayoutOptions, PlateLayout } from '../../src/layouts/plateLayout.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { tableFromText } from '../../src/readers/cellTable.js';

const FIXTURES = new URL('../fixtures/layouts/', import.meta.url);
const uM = parseConcentrationUnit('uM')!;

function read(text: string, options: LayoutOptions = {}): PlateLayout[] {
  return readLongLayout(tableFromText(text, 'map.csv'), options);
}

function errorOf(text: string, options: LayoutOptions = {}): Ic50Error {
  try {
    read(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

describe('readLongLayout', () => {
  it('reads a DrugScreenExplorer-style map: semicolons, A001 ids, decimal commas, unit from --unit', () => {
    const text = readFileSync(new URL('dse-style-long.csv', FIXTURES), 'utf8');
    const layouts = read(text, { unit: uM, cellLine: 'X' });
    expect(layouts).toHaveLength(1);
    const [layout] = layouts as [PlateLayout];
    expect(layout).toMatchObject({ source: 'map.csv', plate: '', rows: 16, columns: 24 });
    expect(layout.wells.size).toBe(384);
    const roles = new Map<string, number>();
    for (const w of layout.wells.values()) roles.set(w.role, (roles.get(w.role) ?? 0) + 1);
    expect(Object.fromEntries(roles)).toEqual({ vehicle: 48, sample: 320, blank: 16 });
    expect(layout.wells.get('A2')).toEqual({ role: 'sample', roleInferred: true, cellLine: 'X', compound: 'Zorvatinib', log10Molar: -5, unit: 'uM', line: 3 });
    expect(layout.wells.get('A9')!.log10Molar).toBeCloseTo(Math.log10(0.08e-6), 12); // "0,08"
    // DMSO's "0,3" is a % value: ignored. PBS with no value is the blank.
    expect(layout.wells.get('A1')).toMatchObject({ role: 'vehicle', compound: 'DMSO', unit: '' });
    expect(layout.wells.get('A1')!.log10Molar).toBeNaN();
    expect(layout.wells.get('P24')).toMatchObject({ role: 'blank', compound: 'PBS', line: 385 });
    const compounds = new Set([...layout.wells.values()].filter((w) => w.role === 'sample').map((w) => w.compound));
    expect(compounds.size).toBe(8);
  });

  it('matches column aliases, header units and plate columns, one layout per plate', () => {
    const text = [
      'Plate ID,Well ID,Cell-Line,Drug,Dose [nM],Type',
      'p1,A1,HCT116,drugX,100,',
      'p1,A2,HCT116,drugX,10,',
      'p1,H12,HCT116,DMSO,0.1,',
      'p2,A01,HCT116,drugY,5,',
      'p2,B1,,medium,,',
      'p2,B2,HCT116,,,',
      'p2,B3,HCT116,,0,',
      'p2,B4,HCT116,drugY,5,exclude',
    ].join('\n');
    const layouts = read(text);
    expect(layouts.map((l) => [l.plate, l.rows, l.columns, l.wells.size])).toEqual([
      ['p1', 8, 12, 3],
      ['p2', 3, 4, 5], // the smallest standard plate holding A1–B4: 12 wells (3 × 4)
    ]);
    const [p1, p2] = layouts as [PlateLayout, PlateLayout];
    expect(p1.wells.get('A1')).toEqual({ role: 'sample', roleInferred: true, cellLine: 'HCT116', compound: 'drugX', log10Molar: -7, unit: 'nM', line: 2 });
    expect(p1.wells.get('H12')!.role).toBe('vehicle');
    expect(p2.wells.get('B1')).toMatchObject({ role: 'blank', cellLine: '' });
    expect(p2.wells.get('B2')!.role).toBe('exclude'); // no compound, no role
    expect(p2.wells.get('B3')!.role).toBe('vehicle'); // no compound, concentration 0 (Thunor)
    expect(p2.wells.get('B4')).toMatchObject({ role: 'exclude', compound: 'drugY' }); // role column wins
  });

  it('reads split row and column columns (gDR WellRow / WellColumn) and the name alias', () => {
    const text = 'WellRow\tWellColumn\tName\tConcentration\nA\t1\tdrugX\t1,5\nP\t24\tvehicle\t0\n';
    const [layout] = read(text, { unit: uM }) as [PlateLayout];
    expect([layout.rows, layout.columns]).toEqual([16, 24]);
    expect(layout.wells.get('A1')!.log10Molar).toBeCloseTo(Math.log10(1.5e-6), 12);
    expect(layout.wells.get('P24')!.role).toBe('vehicle');
  });

  it('takes the unit from the cell, the unit column or --unit, and reads log10 M and molar exponents', () => {
    const text = 'well,compound,conc,unit\nA1,x,12.5 µM,\nA2,x,3,nM\nA3,x,1.00E-06,M\nA4,x,2,\nA5,x,7 μM,nM\n';
    const [layout] = read(text, { unit: parseConcentrationUnit('mM')! }) as [PlateLayout];
    const log = (id: string) => layout.wells.get(id)!.log10Molar;
    expect(log('A1')).toBeCloseTo(Math.log10(12.5e-6), 12);
    expect(log('A2')).toBeCloseTo(Math.log10(3e-9), 12);
    expect(log('A3')).toBeCloseTo(-6, 12);
    expect(log('A4')).toBeCloseTo(Math.log10(2e-3), 12); // --unit
    expect(log('A5')).toBeCloseTo(Math.log10(7e-6), 12); // the cell's unit wins
    expect(layout.wells.get('A5')!.unit).toBe('uM');
    const logs = read('well,compound,log10 conc (M)\nA1,x,-7.5\n');
    expect(logs[0]!.wells.get('A1')!.log10Molar).toBe(-7.5);
  });

  it('names the cell line from --cell-line only when the map has no cell-line column', () => {
    expect(read('well,compound,conc_uM\nA1,x,1\n', { cellLine: 'K562' })[0]!.wells.get('A1')!.cellLine).toBe('K562');
    expect(read('well,line,compound,conc_uM\nA1,,x,1\n', { cellLine: 'K562' })[0]!.wells.get('A1')!.cellLine).toBe('');
  });

  it('accepts a well given twice with the same content', () => {
    expect(read('well,compound,conc_uM\nA1,x,1\nA01,x,1.0\n')[0]!.wells.size).toBe(1);
  });

  it('skips title lines above the header and blank lines between rows', () => {
    const layouts = read('Plate map for run 7\n\nwell,compound,conc_uM\nA1,x,1\n\nA2,x,2\n');
    expect(layouts[0]!.wells.get('A2')!.line).toBe(6);
  });
});

describe('readLongLayout errors', () => {
  it('an unknown well id: file, line and the id', () => {
    const e = errorOf('well,compound,conc_uM\nA1,x,1\nZ99,x,1\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 3 });
    expect(e.message).toContain('"Z99"');
    expect(e.message).toContain('no standard plate');
    const a0 = errorOf('well,compound,conc_uM\nA0,x,1\n');
    expect(a0.location).toEqual({ file: 'map.csv', line: 2 });
    expect(a0.message).toBe('"A0" is not a well id');
    expect(errorOf('well,compound,conc_uM\n,x,1\n').message).toBe('no well id');
    expect(errorOf('row,column,compound,conc_uM\nA,0,x,1\n').message).toContain('are not a well');
  });

  it('a non-numeric concentration', () => {
    const e = errorOf('well,compound,conc_uM\nA1,x,1\nB2,x,abc\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 3, well: 'B2' });
    expect(e.message).toBe('concentration "abc" is not a number');
    // A decimal comma is not a decimal point when "," is the delimiter.
    expect(errorOf('well,compound,conc_uM\nA1,x,"1,5"\n').message).toContain('is not a number');
  });

  it('a negative concentration', () => {
    const e = errorOf('well;compound;conc_uM\nC3;x;-0,5\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 2, well: 'C3' });
    expect(e.message).toBe('concentration -0,5 is negative');
  });

  it('a treated well without a concentration', () => {
    const e = errorOf('well,compound,conc_uM\nA1,x,\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 2, well: 'A1' });
    expect(e.message).toBe('no concentration');
  });

  it('no unit anywhere, with a hint to --unit', () => {
    const e = errorOf('wellID;name;concentration\nA001;DMSO;0,3\nA002;drugX;10\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 3, well: 'A2' });
    expect(e.message).toBe('no concentration unit');
    expect(e.hint).toContain('--unit');
  });

  it('an unknown unit in a cell, a unit column or a header', () => {
    const cell = errorOf('well,compound,conc\nA1,x,10 uL\n');
    expect(cell.location).toEqual({ file: 'map.csv', line: 2, well: 'A1' });
    expect(cell.message).toBe('unknown concentration unit "uL" in "10 uL"');
    expect(cell.hint).toContain('uM');
    expect(errorOf('well,compound,conc\nA1,x,0.2 %\n').hint).toContain('only accepted on controls');
    const column = errorOf('well,compound,conc,unit\nA1,x,10,mg\n');
    expect(column.message).toBe('unknown concentration unit "mg"');
    expect(column.location).toEqual({ file: 'map.csv', line: 2, well: 'A1' });
    const header = errorOf('well,compound,conc (mg/kg)\nA1,x,10\n');
    expect(header.location).toEqual({ file: 'map.csv', line: 1 });
    expect(header.message).toContain('"mg/kg"');
  });

  it('a sample well with no compound', () => {
    const e = errorOf('well,compound,conc_uM,role\nA1,x,1,\nA2,,1,sample\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 3, well: 'A2' });
    expect(e.message).toBe('a sample well with no compound');
  });

  it('an unknown role', () => {
    const e = errorOf('well,compound,conc_uM,role\nA1,x,1,treatment\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 2, well: 'A1' });
    expect(e.message).toBe('unknown role "treatment"');
    expect(e.hint).toContain('sample, vehicle, blank, positive, exclude');
  });

  it('a well mapped twice with different content, naming both lines', () => {
    const e = errorOf('plate,well,compound,conc_uM\np1,A1,x,1\np2,A1,y,1\np1,B1,x,1\np1,A01,x,2\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 5, well: 'A1' });
    expect(e.message).toBe('well A1 of plate "p1" is mapped twice: line 2 says sample "x" 1 uM, line 5 says sample "x" 2 uM');
  });

  it('missing columns and empty maps', () => {
    const noWell = errorOf('compound,conc_uM\nx,1\n');
    expect(noWell.location).toEqual({ file: 'map.csv', line: 1 });
    expect(noWell.message).toBe('no well column in the header (found: "compound", "conc_uM")');
    const noCompound = errorOf('well,conc_uM\nA1,1\n');
    expect(noCompound.message).toContain('no compound column');
    expect(noCompound.hint).toContain('drug');
    expect(errorOf('well,compound\nA1,x\n').message).toContain('no concentration column');
    expect(errorOf('well,compound,conc_uM\n').message).toBe('the plate map has a header but no wells');
    expect(errorOf('').message).toBe('the plate map is empty');
  });
});

describe('readLongLayout with co-treatments', () => {
  // gDR's long template (data5): Gnumber_2 / Concentration_2 name a second agent.
  const text = [
    'WellRow\tWellColumn\tGnumber\tGnumber_2\tConcentration\tConcentration_2',
    'C\t3\tvehicle\tvehicle\t0\t0',
    'C\t4\tG01\tvehicle\t0.01\t0',
    'C\t11\tvehicle\tG04\t0\t0.1',
    'C\t12\tG01\tG04\t0.01\t0.1',
  ].join('\n');

  it('reads the second agent: alone, with the first, or absent — never dropped', () => {
    const [layout] = read(text, { unit: uM, cellLine: 'X' }) as [PlateLayout];
    expect(layout.wells.get('C3')).toMatchObject({ role: 'vehicle' });
    expect(layout.wells.get('C4')).toMatchObject({ role: 'sample', compound: 'G01' });
    expect(layout.wells.get('C11')).toMatchObject({ role: 'sample', compound: 'G04' });
    expect(layout.wells.get('C12')).toMatchObject({ role: 'sample', compound: 'G01 (+ G04 0.1 uM)' });
    expect(layout.wells.get('C12')!.log10Molar).toBeCloseTo(-8, 12);
  });
});
