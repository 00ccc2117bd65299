import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { isEchoTransfers, readEchoLayout, readEchoStock } from '../../src/layouts/echoLayout.js';
import type { PlateLayout } from '../../src/layouts/plateLayout.js';
import { readPlateMap } from '../../src/layouts/readPlateMap.js';
import { tableFromText } from '../../src/readers/cellTable.js';

const MAPS = new URL('../fixtures/maps/', import.meta.url);
const REPORT = readFileSync(new URL('echo-transfers.csv', MAPS), 'utf8');
const STOCK = readFileSync(new URL('echo-stock.csv', MAPS), 'utf8');
const uL = 1e-6;

const stock = () => readEchoStock(tableFromText(STOCK, 'stock.csv'));
const micromolar = (layout: PlateLayout, id: string) => 10 ** (layout.wells.get(id)!.log10Molar + 6);

function errorOf(run: () => unknown): Ic50Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

describe('Echo transfer reports', () => {
  it('recognises a report and a pick list by their columns', () => {
    expect(isEchoTransfers(tableFromText(REPORT, 'r.csv'))).toBe(true);
    expect(isEchoTransfers(tableFromText('Source Plate Barcode,Source Well,Destination Plate Barcode,Destination Well,Transfer Volume\nS,A1,D,B2,2.5', 'p.csv'))).toBe(true);
    expect(isEchoTransfers(tableFromText('well,compound,concentration\nA1,x,1', 'm.csv'))).toBe(false);
  });

  it('turns transfers into final concentrations: stock × volume / assay volume, repeats summed (worked by hand)', () => {
    const { layouts, notes } = readEchoLayout(tableFromText(REPORT, 'r.csv'), stock(), 25 * uL);
    expect(layouts).toHaveLength(1);
    const plate = layouts[0]!;
    // Greiner_384, the plate's type: a 384-well plate, though the transfers reach only row A.
    expect(plate).toMatchObject({ plate: '', aliases: ['DEST-1'], declared: true, rows: 16, columns: 24 });
    // A1: 10 mM × 2.5 nL / 25 µL = 1e-2 M × 2.5e-9 L / 2.5e-5 L = 1e-6 M = 1 µM.
    expect(plate.wells.get('A1')).toMatchObject({ role: 'sample', compound: 'Bortezomib', unit: 'uM' });
    expect(micromolar(plate, 'A1')).toBeCloseTo(1, 12);
    // A2: two transfers of 2.5 nL from the same well: 2 µM.
    expect(micromolar(plate, 'A2')).toBeCloseTo(2, 12);
    // A3: 0.1 mM × 25 nL / 25 µL = 0.1 µM; the DMSO added to it changes nothing.
    expect(plate.wells.get('A3')).toMatchObject({ compound: 'Bortezomib' });
    expect(micromolar(plate, 'A3')).toBeCloseTo(0.1, 12);
    // A4: DMSO only → vehicle. A6: 1 mM × 5 nL / 25 µL = 0.2 µM.
    expect(plate.wells.get('A4')).toMatchObject({ role: 'vehicle', compound: 'DMSO' });
    expect(micromolar(plate, 'A6')).toBeCloseTo(0.2, 12);
    // A5's transfer failed ([EXCEPTIONS], a Transfer Status): its dose is unknown.
    expect(plate.wells.get('A5')).toMatchObject({ role: 'exclude', compound: 'Bortezomib' });
    expect(notes).toEqual([
      '1 transfer failed or reported under [EXCEPTIONS] (DEST-1:A5): those wells are excluded',
      'concentrations = stock × transferred volume (nL) / 25 µL assay volume',
    ]);
  });

  it('uses Actual Volume where the report gives it, and keeps destination plates apart', () => {
    const header = 'Source Plate Barcode,Source Well,Destination Plate Barcode,Destination Well,Transfer Volume,Actual Volume';
    const text = [header, 'SRC-1,A1,D1,B2,5,2.5', 'SRC-1,A1,D2,B2,5,', 'SRC-1,B1,D2,B3,5,5'].join('\n');
    const { layouts, notes } = readEchoLayout(tableFromText(text, 'p.csv'), stock(), 25 * uL);
    expect(layouts.map((l) => l.plate)).toEqual(['D1', 'D2']);
    expect(micromolar(layouts[0]!, 'B2')).toBeCloseTo(1, 12);
    expect(micromolar(layouts[1]!, 'B2')).toBeCloseTo(2, 12);
    expect(notes[0]).toMatch(/^no \[DETAILS\] section: read as a pick list/);
  });

  it('reads a stock file without plates, and its own column names', () => {
    const plain = readEchoStock(tableFromText('Source Well;Compound;Concentration (mM)\nA1;drugX;10\nB1;DMSO;', 's.csv'));
    expect(plain.byPlate).toBe(false);
    expect(plain.wells.get('\u0000A1')).toMatchObject({ compound: 'drugX', log10Molar: -2 });
    const text = 'Source Plate Barcode,Source Well,Destination Plate Barcode,Destination Well,Transfer Volume\nANY,A1,D,B2,2.5';
    expect(micromolar(readEchoLayout(tableFromText(text, 'p.csv'), plain, 25 * uL).layouts[0]!, 'B2')).toBeCloseTo(1, 12);
  });

  it('refuses a source well the stock does not list, a missing assay volume, a missing stock', () => {
    const missing = errorOf(() => readEchoLayout(tableFromText(REPORT.replace(/,C1,/, ',C9,'), 'r.csv'), stock(), 25 * uL));
    expect(missing.describe()).toBe('r.csv:20: the stock file stock.csv does not list source well C9 of plate "SRC-1" (add the well to the stock file; its source plate column must match the report’s Source Plate Barcode (or Name))');
    expect(errorOf(() => readEchoLayout(tableFromText(REPORT, 'r.csv'), stock(), undefined)).message).toBe('--assay-volume is needed to turn transferred volumes into concentrations');
    const noStock = errorOf(() => readEchoLayout(tableFromText(REPORT, 'r.csv'), undefined, 25 * uL));
    expect(noStock.message).toMatch(/^the report does not say what source well A1 of "SRC-1" holds/);
    expect(noStock.hint).toMatch(/--echo-stock/);
    expect(errorOf(() => readEchoStock(tableFromText('well,compound,concentration_mM\nA1,drugX,10\nA1,drugY,1', 's.csv'))).message).toBe('source well A1 is given twice (also on line 2)');
  });

  it('takes compound and stock from the report itself when it names them', () => {
    const text = [
      '[DETAILS]',
      'Source Plate Barcode,Source Well,Source Concentration,Source Concentration Units,Destination Plate Barcode,Destination Well,Compound Name,Transfer Volume,Actual Volume,Transfer Status',
      'S,A1,10,mM,D,B2,drugX,2.5,2.5,',
      'S,A2,0,N/A,D,B3,DMSO,2.5,2.5,',
    ].join('\n');
    const [plate] = readEchoLayout(tableFromText(text, 'r.csv'), undefined, 25 * uL).layouts;
    expect(plate!.wells.get('B2')).toMatchObject({ compound: 'drugX' });
    expect(micromolar(plate!, 'B2')).toBeCloseTo(1, 12);
    expect(plate!.wells.get('B3')).toMatchObject({ role: 'vehicle' });
  });

  it('is read by readPlateMap with its stock file', async () => {
    const reading = await readPlateMap('r.csv', { bytes: new TextEncoder().encode(REPORT), echoStock: { name: 's.csv', bytes: new TextEncoder().encode(STOCK) } }, { assayVolume: 25 * uL });
    expect(reading.kind).toBe('echo');
    expect(micromolar(reading.layouts[0]!, 'A2')).toBeCloseTo(2, 12);
  });
});
