import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { isD300Protocol, readD300Layout, readD300Protocol } from '../../src/layouts/d300Layout.js';
import type { PlateLayout } from '../../src/layouts/plateLayout.js';
import { readPlateMap } from '../../src/layouts/readPlateMap.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';

const MAPS = new URL('../fixtures/maps/', import.meta.url);
const TDD = readFileSync(new URL('d300-two-plates.tdd', MAPS), 'utf8');

function errorOf(text: string): Ic50Error {
  try {
    readD300Layout(text, 'p.tdd');
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

/** The fixture with one substitution. */
const edited = (from: string | RegExp, to: string) => {
  const out = TDD.replace(from, to);
  expect(out).not.toBe(TDD);
  return out;
};

describe('D300 protocols', () => {
  it('recognises a protocol by its XML root', () => {
    expect(isD300Protocol(TDD)).toBe(true);
    expect(isD300Protocol('\uFEFF<?xml version="1.0"?>\n<Protocol>')).toBe(true);
    expect(isD300Protocol('well,compound\nA1,x')).toBe(false);
    expect(isD300Protocol('<?xml version="1.0"?><Plates/>')).toBe(false);
  });

  it('reads fluids, plates and dispenses as the D300 writes them: Row/Col from 0, doses in the protocol unit', () => {
    const protocol = readD300Protocol(TDD, 'p.tdd');
    expect(protocol.unit.name).toBe('uM');
    expect(protocol.plates.map((p) => [p.index, p.name, p.rows, p.columns, p.wells.size, p.backfilled.size])).toEqual([
      [1, 'BC-0001', 8, 12, 52, 50],
      [2, '', 8, 12, 2, 0],
    ]);
    // <Well Row="1" Col="3"> is B4: 0.1 µM from the 10 mM stock and 0.0111… from its 1:100 dilution.
    const b4 = protocol.plates[0]!.wells.get('B4')!;
    expect(b4.dispenses.map((d) => [d.fluid.name, d.fluid.compound, d.concentration])).toEqual([
      ['Bortezomib', 'Bortezomib', 0.1],
      ['Bortezomib - 1:100', 'Bortezomib', 0.0111111111111],
    ]);
  });

  it('makes one map per plate: sums a compound over its fluids, vehicles from DMSO or the backfill alone, co-treatments named', () => {
    const { layouts, notes } = readD300Layout(TDD, 'p.tdd');
    expect(layouts.map((l) => [l.plate, l.aliases, l.rows, l.columns, l.declared, l.wells.size])).toEqual([
      ['BC-0001', ['1'], 8, 12, true, 57],
      ['2', [], 8, 12, true, 2],
    ]);
    const plate = layouts[0]!;
    const dose = (id: string) => 10 ** (plate.wells.get(id)!.log10Molar + 6);
    expect(plate.wells.get('B2')).toMatchObject({ role: 'sample', compound: 'Bortezomib', unit: 'uM' });
    expect(dose('B2')).toBeCloseTo(1, 12);
    expect(dose('B4')).toBeCloseTo(0.1111111111111, 14);
    expect(dose('C10')).toBeCloseTo(1 / 3 ** 8, 14);
    expect(plate.wells.get('D5')).toMatchObject({ compound: 'Carfilzomib' });
    // Row F: carfilzomib with bortezomib fixed at 0.01 µM.
    expect(plate.wells.get('F3')).toMatchObject({ role: 'sample', compound: 'Carfilzomib (+ Bortezomib 0.01 uM)' });
    expect(dose('F3')).toBeCloseTo(1 / 3, 12);
    // Column 11 gets only the backfill, column 12 DMSO: vehicles. G2's serum is dosed by volume.
    expect(plate.wells.get('B11')).toMatchObject({ role: 'vehicle', compound: '' });
    expect(plate.wells.get('G12')).toMatchObject({ role: 'vehicle', compound: 'DMSO' });
    expect(plate.wells.get('G2')).toMatchObject({ role: 'exclude', compound: 'Serum' });
    expect(plate.wells.has('A1')).toBe(false);
    expect(notes).toEqual(['plate 1 ("BC-0001"): 1 well (G2) dosed by volume or mass, not molarity: excluded']);
  });

  it('serves every plate with a protocol of one plate, and says when a plate has no vehicle', () => {
    const one = TDD.replace(/\n {4}<Plate>\n(?:(?!<\/Plate>)[\s\S])*?<Name \/>[\s\S]*?<\/Plate>/, '');
    const { layouts } = readD300Layout(one, 'p.tdd');
    expect(layouts.map((l) => [l.plate, l.aliases])).toEqual([['', ['BC-0001']]]);
    const noVehicle = readD300Layout(TDD.replace(/<Fluid ID="3">0.1<\/Fluid>/g, '<Fluid ID="2">1</Fluid>').replace(/<Backfill [\s\S]*<\/Backfill>/, ''), 'p.tdd');
    expect(noVehicle.notes).toContain('plate 2: no vehicle wells (no well gets only DMSO or only a backfill): give the controls another way, e.g. edit the table `ic50 inspect MAP --format csv` prints and use it as the map');
  });

  it('refuses what would misplace a dose, naming plate and well', () => {
    expect(errorOf(edited('<Randomize />', '<Randomize><Seed>7</Seed></Randomize>')).message).toBe('plate 1 ("BC-0001") is randomized: its wells are not where the protocol lists them');
    expect(errorOf(edited('<MolarityConcentrationUnit>µM', '<MolarityConcentrationUnit>nM')).message).toMatch(/ConcentrationUnit \(µM\) and MolarityConcentrationUnit \(nM\) differ/);
    expect(errorOf(edited('<ConcentrationUnit>µM</ConcentrationUnit>\n  <Molarity', '<ConcentrationUnit>mg_mL</ConcentrationUnit>\n  <Molarity')).code).toBe('unit');
    expect(errorOf(edited('<Well Row="1" Col="1">', '<Well Row="8" Col="1">')).message).toBe('plate 1 ("BC-0001"): a well at Row="8" Col="1" is off the 8×12 plate (rows and columns count from 0)');
    const unknown = errorOf(edited('<Fluid ID="2">1</Fluid>', '<Fluid ID="9">1</Fluid>'));
    expect(unknown.describe()).toBe('p.tdd: well D2: plate 1 ("BC-0001"): fluid ID 9 is not among the protocol\'s fluids');
    expect(errorOf(edited('<Fluid ID="0">1</Fluid>', '<Fluid ID="0">one</Fluid>')).message).toBe('plate 1 ("BC-0001"): fluid "Bortezomib" has the dose "one", not a number of at least 0');
    const broken = errorOf(TDD.replace('</Wells>', ''));
    expect(broken.code).toBe('format');
    expect(broken.location?.line).toBeGreaterThan(1);
    expect(errorOf(edited('<Backfill Type="ToMaxVolume" ClassID="0">\n      <Wells>', '<Backfill Type="ToMaxVolume" ClassID="0">\n      <Wells>\n          <Well P="5" R="0" C="0" />')).message).toMatch(/a backfill well at P="5" R="0" C="0" is on no plate/);
  });

  it('is read by readPlateMap from its bytes', async () => {
    const reading = await readPlateMap('p.tdd', { bytes: new TextEncoder().encode(TDD) }, { unit: parseConcentrationUnit('nM')! });
    expect(reading.kind).toBe('d300');
    // The protocol's own unit wins over --unit.
    expect((reading.layouts[0] as PlateLayout).wells.get('B2')!.unit).toBe('uM');
  });
});
