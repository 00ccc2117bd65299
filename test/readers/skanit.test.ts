import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { tablesFromXlsx } from '../../src/readers/xlsxTables.js';
import { tableFromText } from '../../src/readers/cellTable.js';
import { skanitReader } from '../../src/readers/skanit.js';
import { fixtureTable, fixtureUrl, readErrorOf, wellOf } from './readerFixtures.js';

const fixture = fixtureUrl;
const textTable = fixtureTable;

const well = wellOf;

const readError = (text: string): Ic50Error => readErrorOf(skanitReader, text, 'bad.txt', true);

describe('skanitReader: text export with two wavelengths and two plates', () => {
  const plates = skanitReader.read(textTable('skanit/absorbance-2plates.txt'));

  it('makes one plate per plate name and one read per wavelength', () => {
    expect(plates.map((p) => p.id)).toEqual(['Plate 1', 'Plate 2']);
    expect(plates.map((p) => [p.rows, p.columns])).toEqual([[8, 12], [8, 12]]);
    expect(plates[0]!.reader).toBe('skanit');
    expect(plates[0]!.reads.map((r) => r.label)).toEqual(['Absorbance 1 (570 nm)', 'Absorbance 1 (630 nm)']);
    expect(plates[0]!.reads.map((r) => r.wavelengthNm)).toEqual([570, 630]);
    expect(plates[0]!.reads.map((r) => r.origin)).toEqual(['raw', 'raw']);
    expect(plates[1]!.reads.map((r) => r.label)).toEqual(['Absorbance 1 (570 nm)']);
    expect(plates[0]!.meta).toMatchObject({ session: 'assay_example.skax', date: '3/18/2025 2:45:10 PM', mode: 'Absorbance', unit: 'Abs' });
  });

  it('reads values under 1.0 … 12.0 column headers, keeps NaN as a marker and skips the Sample grid', () => {
    const [plate1, plate2] = plates;
    const [a570, a630] = plate1!.reads;
    expect(well(plate1!, a570!, 'A1')).toEqual({ value: 0.85, marker: undefined, line: 9 });
    expect(well(plate1!, a570!, 'H12').value).toBe(0.307);
    expect(a570!.values[2 * 12 + 4]).toBe(0.652); // C5 by index
    expect(well(plate1!, a570!, 'D12')).toEqual({ value: Number.NaN, marker: 'NaN', line: 12 });
    expect(well(plate1!, a630!, 'H1').value).toBe(0.047);
    expect(well(plate2!, plate2!.reads[0]!, 'A1').value).toBe(1.05);
    expect(plate1!.notes.join()).toMatch(/sample-name grid/);
  });
});

describe('skanitReader: xlsx step sheet', async () => {
  const tables = await tablesFromXlsx(readFileSync(fixture('xlsx/skanit.xlsx')), 'skanit.xlsx');

  it('detects the step sheet, not the information sheet, and reads numeric column headers', () => {
    expect(tables.map((t) => t.sheet)).toEqual(['Absorbance 1_01', 'General information']);
    expect(tables.map((t) => skanitReader.detect(t))).toEqual([true, false]);
    const plates = skanitReader.read(tables[0]!);
    expect(plates).toHaveLength(1);
    const plate = plates[0]!;
    expect(plate.id).toBe('Plate 1');
    expect(plate.meta['date']).toBe('2025-03-24T14:24:00');
    const [a570, a630] = plate.reads;
    expect(a570!.label).toBe('Absorbance 1 (570 nm)');
    expect(well(plate, a570!, 'A1')).toEqual({ value: 0.95, marker: undefined, line: 8 });
    expect(well(plate, a570!, 'H12').value).toBe(0.407);
    expect(well(plate, a630!, 'D7').value).toBe(0.043);
  });
});

describe('skanitReader.detect', () => {
  it('refuses other vendors and tidy CSV', () => {
    for (const path of ['tecan/icontrol-partial.txt', 'tecan/icontrol-kinetic.csv', 'bmg/plateview-384.csv', 'bmg/tableview.csv', 'bmg/ascii.csv']) {
      expect(skanitReader.detect(textTable(path))).toBe(false);
    }
    expect(skanitReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
    // A unit corner alone (a generic grid) is not SkanIt.
    expect(skanitReader.detect(tableFromText('RLU,1,2\nA,5,6\n', 'grid.csv'))).toBe(false);
  });
});

describe('skanitReader: malformed exports', () => {
  it('names the line of an RLU header without row letters under it', () => {
    const error = readError('Measurement results\nx.skax\nLuminescence 1\nWavelength: 0 nm\nRLU,1.0,2.0\n1,2,3\n');
    expect(error.location).toEqual({ file: 'bad.txt', line: 5 });
  });

  it('names the grid line when it fits no standard plate', () => {
    const error = readError('Measurement results\nRLU,1.0,2.0\nA,1,2\n\nRLU,99.0,100.0\nA,1,2\n');
    expect(error.location?.line).toBe(5);
    expect(error.message).toMatch(/fits no standard plate/);
  });
});
