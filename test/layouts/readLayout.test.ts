import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { readLayout } from '../../src/layouts/readLayout.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';

const FIXTURES = new URL('../fixtures/layouts/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

function errorOf(text: string): Ic50Error {
  try {
    readLayout(text, 'map.csv', {});
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

describe('readLayout', () => {
  it('detects a long map (DrugScreenExplorer style)', () => {
    const layouts = readLayout(fixture('dse-style-long.csv'), 'dse.csv', { unit: parseConcentrationUnit('uM')!, cellLine: 'X' });
    expect(layouts.map((l) => [l.source, l.rows, l.columns, l.wells.size])).toEqual([['dse.csv', 16, 24, 384]]);
  });

  it('detects a grid of grids, 96- and 384-well', () => {
    expect(readLayout(fixture('grid-96.csv'), 'g96.csv', {})[0]!.wells.size).toBe(96);
    expect(readLayout(fixture('grid-384.csv'), 'g384.csv', {})[0]!.wells.size).toBe(360);
  });

  it('detects a dilution description before a long map (its header has no well column)', () => {
    const [layout] = readLayout(fixture('dilution-mm1s.csv'), 'design.csv', {});
    expect(layout!.wells.size).toBe(72);
    expect(layout!.wells.get('A10')!.log10Molar).toBeCloseTo(-6 - 9 * Math.log10(3), 12);
  });

  it('takes the first shape from the top: a title line, then a grid', () => {
    const layouts = readLayout('Layout of plate 3\n\nDrug,1,2\nA,x,DMSO\n\nconc_nM,1,2\nA,5,\n', 'g.csv', {});
    expect(layouts[0]!.wells.get('A1')!.log10Molar).toBeCloseTo(Math.log10(5e-9), 12);
  });

  it('passes errors of the detected reader through, with file and line', () => {
    const e = errorOf('well;compound;conc_uM\nA1;x;1\nA0;x;1\n');
    expect(e.location).toEqual({ file: 'map.csv', line: 3 });
    expect(e.message).toBe('"A0" is not a well id');
  });

  it('refuses anything else, listing the three shapes with an example each', () => {
    const e = errorOf('compound,concentration\nx,1\n');
    expect(e.location).toEqual({ file: 'map.csv' });
    expect(e.message).toContain('not a plate map');
    expect(e.hint).toContain('long, one row per well: "well,compound,concentration_uM"');
    expect(e.hint).toContain('grid of grids');
    expect(e.hint).toContain('"drugX,10,3,10,right,A1:C10"');
    expect(errorOf('\n\n').message).toBe('the plate map is empty');
    // A grid whose corner names nothing we read is not a plate map either.
    expect(errorOf('protein,1,2\nA,p,p\n').message).toContain('not a plate map');
  });
});
