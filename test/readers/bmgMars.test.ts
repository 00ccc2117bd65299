import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { formatWellId } from '../../src/plate/wellId.js';
import { bmgMarsReader } from '../../src/readers/bmgMars.js';
import { tableFromText } from '../../src/readers/cellTable.js';
import { fixtureTable, readErrorOf, wellOf } from './readerFixtures.js';
const textTable = fixtureTable;

const well = wellOf;

const readError = (text: string): Ic50Error => readErrorOf(bmgMarsReader, text, 'bad.csv', true);

describe('bmgMarsReader: plate view, 384 wells, raw and blank-corrected', () => {
  const plates = bmgMarsReader.read(textTable('bmg/plateview-384.csv'));
  const plate = plates[0]!;

  it('reads one 384-well plate named by ID1, with a raw and a calculated read', () => {
    expect(plates).toHaveLength(1);
    expect([plate.rows, plate.columns]).toEqual([16, 24]);
    expect(plate.reader).toBe('bmg');
    expect(plate.id).toBe('PLATE-777');
    expect(plate.reads.map((r) => r.label)).toEqual(['Raw Data (570)', 'Blank corrected based on Raw Data (570)']);
    expect(plate.reads.map((r) => r.origin)).toEqual(['raw', 'calculated']);
    expect(plate.reads.map((r) => r.wavelengthNm)).toEqual([570, 570]);
    expect(plate.meta).toMatchObject({ 'Test name': 'MTT 384', Date: '21/03/2025', Time: '16:02:11', ID2: '72 h', mode: 'Absorbance' });
  });

  it('reads values, empty edge wells and overflow markers', () => {
    const [raw, blank] = plate.reads;
    expect(well(plate, raw!, 'B3')).toEqual({ value: 0.113, marker: undefined, line: 11 });
    expect(well(plate, raw!, 'O23').value).toBe(0.263);
    expect(raw!.values[14 * 24 + 22]).toBe(0.263); // O23 by index
    expect(well(plate, raw!, 'B2').marker).toBe('overflow');
    expect(well(plate, raw!, 'A5')).toEqual({ value: Number.NaN, marker: undefined, line: 10 }); // not read
    expect(well(plate, blank!, 'B3').value).toBe(0.063);
    expect([...raw!.values].filter(Number.isFinite)).toHaveLength(14 * 22 - 1);
  });
});

describe('bmgMarsReader: plate view, 1536 wells with lowercase rows', () => {
  it('maps a–f after the uppercase rows to rows 27–32, even when Z is not in the export', () => {
    const plate = bmgMarsReader.read(textTable('bmg/plateview-1536.csv'))[0]!;
    expect([plate.rows, plate.columns]).toEqual([32, 48]);
    const read = plate.reads[0]!;
    expect(read.label).toBe('Raw Data (No filter)');
    expect(read.wavelengthNm).toBeUndefined();
    expect(well(plate, read, 'A1').value).toBe(1001);
    expect(well(plate, read, 'Y48').value).toBe(25048);
    expect(read.values[27 * 48]).toBe(2001); // row "b" = AB
    expect(read.values[31 * 48 + 47]).toBe(6048); // row "f" = AF, column 48
    const rowsRead = new Set([...read.values.keys()].filter((i) => Number.isFinite(read.values[i])).map((i) => formatWellId(Math.floor(i / 48), 0)));
    expect([...rowsRead]).toEqual(['A1', 'M1', 'Y1', 'AB1', 'AF1']);
  });
});

describe('bmgMarsReader: table view', () => {
  const plate = bmgMarsReader.read(textTable('bmg/tableview.csv'))[0]!;

  it('makes one read per wavelength column, with decimal commas and overflow', () => {
    expect([plate.rows, plate.columns]).toEqual([8, 12]);
    expect(plate.id).toBe('TV-01');
    expect(plate.reads.map((r) => r.label)).toEqual([
      'Raw Data (Abs Spectrum), Wavelength [nm]: 570',
      'Raw Data (Abs Spectrum), Wavelength [nm]: 630',
    ]);
    expect(plate.reads.map((r) => r.wavelengthNm)).toEqual([570, 630]);
    const [a570, a630] = plate.reads;
    expect(well(plate, a570!, 'A1')).toEqual({ value: 0.812, marker: undefined, line: 8 });
    expect(well(plate, a570!, 'A2').marker).toBe('overflow');
    expect(well(plate, a570!, 'H12').value).toBe(1.5);
    expect(well(plate, a630!, 'B12').value).toBe(0.04);
    expect(well(plate, a630!, 'C3').value).toBeNaN();
    expect(plate.notes.join()).toMatch(/inferred from the wells/);
  });
});

describe('bmgMarsReader: kinetic table view', () => {
  it('reads the last time point of each read', () => {
    const text = 'Test name: K\nID1: KIN\nWell,Content,Raw Data (535 A),,\n,Time [s],0,30,60\nA01,Sample X1,1,2,3\nB02,Sample X2,4,5,overflow\n';
    const plate = bmgMarsReader.read(tableFromText(text, 'k.csv'))[0]!;
    expect(plate.reads.map((r) => [r.label, r.wavelengthNm])).toEqual([['Raw Data (535 A), Time [s]: 60', 535]]);
    expect(well(plate, plate.reads[0]!, 'A1')).toEqual({ value: 3, marker: undefined, line: 5 });
    expect(well(plate, plate.reads[0]!, 'B2').marker).toBe('overflow');
    expect(plate.notes.join()).toMatch(/last time point/);
  });
});

describe('bmgMarsReader: ASCII export', () => {
  it('reads the bare matrix of the last cycle', () => {
    const plate = bmgMarsReader.read(textTable('bmg/ascii.csv'))[0]!;
    expect([plate.rows, plate.columns]).toEqual([8, 12]);
    expect(plate.id).toBe('ASC-9');
    expect(plate.reads).toHaveLength(1);
    const read = plate.reads[0]!;
    expect(read.label).toBe('Chromatic 1 (cycle 2)');
    expect(well(plate, read, 'A1')).toEqual({ value: 1000, marker: undefined, line: 18 });
    expect(well(plate, read, 'H12').value).toBe(1081);
    expect(plate.notes.join()).toMatch(/2 cycles; used the last, cycle 2/);
  });
});

describe('bmgMarsReader.detect', () => {
  it('claims its own exports', () => {
    for (const path of ['bmg/plateview-384.csv', 'bmg/plateview-1536.csv', 'bmg/tableview.csv', 'bmg/ascii.csv']) {
      expect(bmgMarsReader.detect(textTable(path))).toBe(true);
    }
  });

  it('refuses other vendors and tidy CSV', () => {
    for (const path of ['tecan/icontrol-partial.txt', 'tecan/icontrol-kinetic.csv', 'tecan/spark-welllist.csv', 'skanit/absorbance-2plates.txt']) {
      expect(bmgMarsReader.detect(textTable(path))).toBe(false);
    }
    expect(bmgMarsReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
    // A header alone is not enough: it needs Raw Data or ID1 near it.
    expect(bmgMarsReader.detect(tableFromText('User: me,x\nwell,value\nA1,5\n', 'u.csv'))).toBe(false);
  });
});

describe('bmgMarsReader: malformed exports', () => {
  const head = 'User: U,Path: P,Test run no.: 1\nTest name: T,Date: 1/1/2025,Time: 1:00\nID1: X\n';

  it('names the line of a Raw Data grid without row letters', () => {
    const error = readError(`${head}Raw Data (570)\n,1,2,3\n1,2,3,4\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 5 });
  });

  it('names the line of a well that is not a well id in the table view', () => {
    const error = readError(`${head}Well,Content,Raw Data (570)\nA01,Sample X1,1\nZZ99,Sample X2,2\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 6 });
  });

  it('refuses an ASCII matrix of no standard plate size', () => {
    const error = readError(`${head}Chromatic: 1\nCycle: 1\n1,2,3\n4,5,6\n7,8,9\n`);
    expect(error.location?.line).toBe(5);
    expect(error.message).toMatch(/3 × 3/);
  });
});
