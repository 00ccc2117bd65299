import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { readD300Layout } from '../../src/layouts/d300Layout.js';
import { isD300Report, readD300Report } from '../../src/layouts/d300ReportLayout.js';
import type { PlateLayout } from '../../src/layouts/plateLayout.js';
import { readPlateMap, type MapReading } from '../../src/layouts/readPlateMap.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { tableFromText } from '../../src/readers/cellTable.js';

const MAPS = new URL('../fixtures/maps/', import.meta.url);
const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(name, MAPS)));
const uM = parseConcentrationUnit('uM')!;

/** A map's wells as plain records (doses to 1e-9 in log10; lines differ by source). */
function wellsOf(layout: PlateLayout) {
  return Object.fromEntries([...layout.wells].map(([id, w]) => [id, { role: w.role, compound: w.compound, unit: w.unit, dose: Number.isNaN(w.log10Molar) ? 'NaN' : w.log10Molar.toFixed(9) }]));
}

const HEADER = 'Plate,Dispensed well,Fluid name,Dispensed conc.';

function errorOf(text: string, unit = uM): Ic50Error {
  try {
    readD300Report(tableFromText(text, 'r.csv'), { unit });
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

describe('D300 reports (the Tabular detail sheet)', () => {
  it('give the same maps as the protocol they report, as a workbook and as Excel XML', async () => {
    const protocol = readD300Layout(readFileSync(new URL('d300-two-plates.tdd', MAPS), 'utf8'), 'p.tdd');
    const readings: MapReading[] = [];
    for (const name of ['d300-report.xlsx', 'd300-report.xml']) {
      const reading = await readPlateMap(name, { bytes: bytesOf(name) }, { unit: uM });
      expect(reading.kind, name).toBe('d300report');
      // The report numbers its plates: plate 1 is the protocol's "BC-0001" (also "1").
      expect(reading.layouts.map((l) => [l.plate, l.declared])).toEqual([
        ['1', false],
        ['2', false],
      ]);
      reading.layouts.forEach((layout, p) => expect(wellsOf(layout), `${name} plate ${p + 1}`).toEqual(wellsOf(protocol.layouts[p]!)));
      // The serum row has no concentration (dispensed by volume): excluded, as from the protocol.
      expect(reading.notes[0]).toBe('plate 1: 1 well (G2) dosed by volume or mass, not molarity: excluded');
      expect(reading.layouts[0]!.wells.get('G2')).toMatchObject({ role: 'exclude', compound: 'Serum' });
      readings.push(reading);
    }
    expect(readings[0]!.notes).toContain('sheets not used: "Summary" (the D300 report\'s wells are read from "Tabular detail")');
    // B4 from two fluids of one compound: 0.1 + 0.0111… µM; F3 a co-treatment; L-column backfill alone a vehicle.
    const plate = readings[1]!.layouts[0]!;
    expect(10 ** (plate.wells.get('B4')!.log10Molar + 6)).toBeCloseTo(0.1111111111111, 12);
    expect(plate.wells.get('F3')!.compound).toBe('Carfilzomib (+ Bortezomib 0.01 uM)');
    expect(plate.wells.get('B11')).toMatchObject({ role: 'vehicle' });
  });

  it('asks for the unit when the report does not say it, and takes it from the header when it does', async () => {
    const error = await readPlateMap('d300-report.xlsx', { bytes: bytesOf('d300-report.xlsx') }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Ic50Error);
    expect((error as Ic50Error).code).toBe('unit');
    expect((error as Ic50Error).hint).toMatch(/--unit/);
    const named = readD300Report(tableFromText('Plate,Dispensed well,Fluid name,Dispensed conc. (nM)\n1,B03,drugX,30\n1,B04,DMSO,\n', 'r.csv'));
    expect(named.layouts[0]!.wells.get('B3')).toMatchObject({ role: 'sample', compound: 'drugX', unit: 'nM' });
    expect(named.layouts[0]!.wells.get('B3')!.log10Molar).toBeCloseTo(Math.log10(30e-9), 12);
    expect(named.layouts[0]!.wells.get('B4')).toMatchObject({ role: 'vehicle' });
  });

  it('recognises the table below its title rows, and ends it at the first row naming no well', () => {
    const text = ['D300 Report', '', 'Plate,Dispensed\nwell,Fluid name,Dispensed concentration'.replace('\n', ' '), '1,A1,drugX,1', '', 'Total,5'].join('\n');
    expect(isD300Report(tableFromText(text, 'r.csv'))).toBe(true);
    expect(isD300Report(tableFromText('well,compound,concentration\nA1,x,1\n', 'r.csv'))).toBe(false);
    expect(readD300Report(tableFromText(text, 'r.csv'), { unit: uM }).layouts[0]!.wells.size).toBe(1);
  });

  it('refuses what would misplace a dose, naming the line', () => {
    const notWell = errorOf(`${HEADER}\n1,Z99x,drugX,1\n`);
    expect([notWell.message, notWell.location]).toEqual(['"Z99x" is not a well', { file: 'r.csv', line: 2 }]);
    expect(errorOf(`${HEADER}\n1,A1,drugX,ten\n`).describe()).toBe('r.csv:2: well A1: fluid "drugX" has the dose "ten", not a number of at least 0');
    expect(errorOf(`${HEADER}\n1,,drugX,1\n`).message).toBe('a row of the report names no dispensed well');
    expect(errorOf('Plate,Dispensed well,Fluid name,Dispensed conc.,Units\n1,A1,drugX,1,uM\n1,A2,drugX,1,nM\n').message).toBe('the report gives concentrations in uM and in nM: which one a dose is in is not certain');
  });
});
