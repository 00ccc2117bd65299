import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { readDilutionLayout } from '../../src/layouts/dilutionLayout.js';
import type { LayoutOptions, PlateLayout } from '../../src/layouts/plateLayout.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { tableFromText } from '../../src/readers/cellTable.js';

const FIXTURES = new URL('../fixtures/layouts/', import.meta.url);
const HEADER = 'compound,top_uM,dilution,points,direction,wells,role\n';

function read(text: string, options: LayoutOptions = {}): PlateLayout[] {
  return readDilutionLayout(tableFromText(text, 'design.csv'), options);
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

/** nM of a well, to 4 significant figures. */
function nM(layout: PlateLayout, id: string): number {
  return Number((10 ** (layout.wells.get(id)!.log10Molar + 9)).toPrecision(4));
}

describe('readDilutionLayout', () => {
  it('expands the mm1s design: 10-point 3-fold series in triplicate, DMSO and medium columns', () => {
    const layouts = read(readFileSync(new URL('dilution-mm1s.csv', FIXTURES), 'utf8'));
    expect(layouts).toHaveLength(1);
    const [layout] = layouts as [PlateLayout];
    expect(layout).toMatchObject({ source: 'design.csv', plate: '', rows: 8, columns: 12 });
    expect(layout.wells.size).toBe(72);
    // The same concentrations as fixtures/mm1s-celltiter-glo.csv.
    const series = [1000, 333.3, 111.1, 37.04, 12.35, 4.115, 1.372, 0.4572, 0.1524, 0.05081];
    for (const row of 'ABCDEF') {
      expect(Array.from({ length: 10 }, (_, c) => nM(layout, `${row}${c + 1}`))).toEqual(series);
    }
    expect(layout.wells.get('A1')).toEqual({ role: 'sample', roleInferred: true, cellLine: 'MM1S WT', compound: 'bortezomib', log10Molar: -6, unit: 'nM', line: 2 });
    expect(layout.wells.get('F10')).toMatchObject({ compound: 'carfilzomib', line: 3 });
    expect(layout.wells.get('C11')).toMatchObject({ role: 'vehicle', compound: 'DMSO', cellLine: 'MM1S WT', unit: '', line: 4 });
    expect(layout.wells.get('C11')!.log10Molar).toBeNaN();
    expect(layout.wells.get('F12')).toMatchObject({ role: 'blank', compound: 'medium', cellLine: '' });
    expect(layout.wells.has('G1')).toBe(false);
  });

  it('runs series left, down and up; corners in any order', () => {
    const text =
      HEADER +
      'L,1,10,3,left,A3:A1,\n' + // A3 is the top
      'D,1,2,4,down,B1-E1,\n' +
      'U,1,2,4,up,E2:B2,\n';
    const [layout] = read(text) as [PlateLayout];
    expect(nM(layout, 'A3')).toBe(1000);
    expect(nM(layout, 'A1')).toBe(10);
    expect(['B1', 'C1', 'D1', 'E1'].map((id) => nM(layout, id))).toEqual([1000, 500, 250, 125]);
    expect(['E2', 'D2', 'C2', 'B2'].map((id) => nM(layout, id))).toEqual([1000, 500, 250, 125]);
  });

  it('makes each column a replicate for down/up series', () => {
    const [layout] = read(HEADER + 'x,1,3,3,down,A1:C4,\n') as [PlateLayout];
    expect(['A1', 'A2', 'A3', 'A4'].map((id) => nM(layout, id))).toEqual([1000, 1000, 1000, 1000]);
    expect(nM(layout, 'C4')).toBe(111.1);
  });

  it('takes the top unit from the cell, a unit column or --unit, and reads 3.16-fold and "1:3"', () => {
    const text = 'compound;top;unit;dilution;points;direction;wells\nx;10 µM;;3,16;2;right;A1:B2\ny;5;nM;1:3;2;right;C1:C2\nz;2;;3x;2;right;D1:D2\n';
    const [layout] = read(text, { unit: parseConcentrationUnit('mM')! }) as [PlateLayout];
    expect(layout.wells.get('A2')!.log10Molar).toBeCloseTo(-5 - Math.log10(3.16), 12);
    expect(layout.wells.get('C2')!.log10Molar).toBeCloseTo(Math.log10(5e-9 / 3), 12);
    expect(layout.wells.get('D1')).toMatchObject({ unit: 'mM' });
  });

  it('maps several control ranges, plates, --cell-line, and a top of 0 is not a vehicle', () => {
    const text =
      'plate,compound,top (nM),dilution,points,direction,wells\n' +
      'P1,x,100,10,3,right,A1:A3\n' +
      'P1,DMSO,,,,,"A4, B4:B5"\n' +
      'P2,x,100,10,3,right,A1:A3\n';
    const layouts = read(text, { cellLine: 'K562' });
    expect(layouts.map((l) => [l.plate, l.wells.size])).toEqual([
      ['P1', 6],
      ['P2', 3],
    ]);
    expect(layouts[0]!.wells.get('B5')).toMatchObject({ role: 'vehicle', cellLine: 'K562' });
    expect(errorOf(HEADER + 'x,0,3,2,right,A1:A2,\n').message).toBe('top concentration 0 is not above 0');
  });
});

describe('readDilutionLayout errors', () => {
  it("a range whose extent is not the number of points, naming the line", () => {
    const e = errorOf(HEADER + 'x,1,3,10,right,A1:C10,\ny,1,3,10,right,D1:F12,\n');
    expect(e.location).toEqual({ file: 'design.csv', line: 3 });
    expect(e.message).toBe('series spans 12 columns but points is 10');
    expect(errorOf(HEADER + 'x,1,3,8,down,A1:F1,\n').message).toBe('series spans 6 rows but points is 8');
  });

  it('overlapping wells between rows, naming both lines', () => {
    const e = errorOf(HEADER + 'x,1,3,10,right,A1:C10,\nDMSO,,,,,C10:F10,\n');
    expect(e.location).toEqual({ file: 'design.csv', line: 3, well: 'C10' });
    expect(e.message).toBe('well C10 is in the wells of line 2 and of line 3');
  });

  it('bad well ranges: unknown well ids and malformed ranges', () => {
    const z = errorOf(HEADER + 'x,1,3,2,right,A1:Z99,\n');
    expect(z.location).toEqual({ file: 'design.csv', line: 2 });
    expect(z.message).toContain('"Z99" is on no standard plate');
    expect(errorOf(HEADER + 'x,1,3,2,right,A0:A1,\n').message).toBe('"A0" is not a well id');
    expect(errorOf(HEADER + 'x,1,3,2,right,A1:A2:A3,\n').message).toBe('"A1:A2:A3" is not a well range');
    expect(errorOf(HEADER + 'x,1,3,2,right,,\n').message).toBe('no wells');
    expect(errorOf(HEADER + 'x,1,3,2,right,"A1:A2, B1:B2",\n').message).toBe('a series needs one rectangle of wells, not 2');
  });

  it('a non-numeric or negative top concentration', () => {
    const nan = errorOf(HEADER + 'x,high,3,2,right,A1:A2,\n');
    expect(nan.location).toEqual({ file: 'design.csv', line: 2 });
    expect(nan.message).toBe('top concentration "high" is not a number');
    expect(errorOf(HEADER + 'x,-1,3,2,right,A1:A2,\n').message).toBe('top concentration -1 is negative');
    expect(errorOf(HEADER + 'x,,3,2,right,A1:A2,\n').message).toBe('no top concentration');
  });

  it('no unit anywhere, with a hint to --unit; an unknown unit', () => {
    const e = errorOf('compound,top,dilution,points,direction,wells\nx,1,3,2,right,A1:A2\n');
    expect(e.location).toEqual({ file: 'design.csv', line: 2 });
    expect(e.message).toBe('no concentration unit');
    expect(e.hint).toContain('--unit');
    const unknown = errorOf('compound,top,dilution,points,direction,wells\nx,1 mg/kg,3,2,right,A1:A2\n');
    expect(unknown.message).toBe('unknown concentration unit "mg/kg" in "1 mg/kg"');
  });

  it('a bad dilution, number of points or direction', () => {
    expect(errorOf(HEADER + 'x,1,0.5,2,right,A1:A2,\n').message).toBe('dilution "0.5" is not a fold factor above 1');
    expect(errorOf(HEADER + 'x,1,,2,right,A1:A2,\n').message).toBe('no dilution factor');
    expect(errorOf(HEADER + 'x,1,3,2.5,right,A1:A2,\n').message).toBe('points "2.5" is not a whole number of concentrations');
    const direction = errorOf(HEADER + 'x,1,3,2,across,A1:A2,\n');
    expect(direction.location).toEqual({ file: 'design.csv', line: 2 });
    expect(direction.message).toBe('unknown direction "across"');
    expect(direction.hint).toContain('right, left, down or up');
  });

  it('an unknown role, a sample without compound, a row with neither', () => {
    expect(errorOf(HEADER + 'x,,,,,A1,kontrol\n').message).toBe('unknown role "kontrol"');
    expect(errorOf(HEADER + ',1,3,2,right,A1:A2,sample\n').message).toBe('a sample well with no compound');
    expect(errorOf(HEADER + ',,,,,A1:A2,\n').message).toBe('a row with neither compound nor role');
  });

  it('a header without the dilution columns', () => {
    const e = errorOf('compound,top_uM,points,wells\nx,1,2,A1:A2\n');
    expect(e.location).toEqual({ file: 'design.csv', line: 1 });
    expect(e.message).toContain('needs top, dilution, points and wells columns');
  });
});
