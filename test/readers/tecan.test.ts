import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { tablesFromXlsx } from '../../src/readers/xlsxTables.js';
import { formatWellId } from '../../src/plate/wellId.js';
import { tableFromText } from '../../src/readers/cellTable.js';
import { fixtureTable, fixtureUrl, readErrorOf, wellOf } from './readerFixtures.js';
import { tecanReader } from '../../src/readers/tecan.js';

const fixture = fixtureUrl;
const textTable = fixtureTable;

const well = wellOf;

const readError = (text: string): Ic50Error => readErrorOf(tecanReader, text, 'bad.txt', true);

describe('tecanReader: i-control tab text with partial plates', () => {
  const table = textTable('tecan/icontrol-partial.txt');
  const plates = tecanReader.read(table);
  const plate = plates[0]!;

  it('reads one 96-well plate with one read per label, named by the Plate-ID (Stacker)', () => {
    expect(plates).toHaveLength(1);
    expect([plate.rows, plate.columns]).toEqual([8, 12]);
    expect(plate.reader).toBe('tecan');
    expect(plate.id).toBe('BC-0042');
    expect(plate.reads.map((r) => r.label)).toEqual(['CTG', 'Abs570']);
    expect(plate.reads.map((r) => r.origin)).toEqual(['raw', 'raw']);
    expect(plate.reads.map((r) => r.wavelengthNm)).toEqual([undefined, 570]);
  });

  it('places a B2–G11 grid by its labels and keeps OVER as a marker', () => {
    const ctg = plate.reads[0]!;
    expect(well(plate, ctg, 'B2')).toEqual({ value: 1074, marker: undefined, line: 25 });
    expect(well(plate, ctg, 'G11').value).toBe(6407);
    expect(ctg.values[6 * 12 + 9]).toBe(6370); // G10 by index = row × columns + column
    expect(well(plate, ctg, 'C5').value).toBeNaN();
    expect(well(plate, ctg, 'C5').marker).toBe('OVER');
    expect(well(plate, ctg, 'A1')).toEqual({ value: Number.NaN, marker: undefined, line: undefined });
    expect([...ctg.markers.keys()].map((i) => formatWellId(Math.floor(i / 12), i % 12))).toEqual(['C5']);
    expect([...ctg.values].filter(Number.isFinite)).toHaveLength(59);
  });

  it('reads a grid whose columns start at 4 and rows at C', () => {
    const abs = plate.reads[1]!;
    expect(well(plate, abs, 'C4').value).toBe(0.5);
    expect(well(plate, abs, 'E6').value).toBe(0.72);
    expect(well(plate, abs, 'B4').value).toBeNaN();
    expect([...abs.values].filter(Number.isFinite)).toHaveLength(9);
  });

  it('keeps application, version, device, mode, date and time as metadata', () => {
    expect(plate.meta).toMatchObject({
      application: 'Tecan i-control',
      version: '3.4.2.0',
      device: 'infinite 200Pro',
      mode: 'Luminescence, Absorbance',
      date: '3/14/2025',
      time: '9:26:53 AM',
    });
  });
});

describe('tecanReader: i-control CSV kinetic, wells as columns', () => {
  const plate = tecanReader.read(textTable('tecan/icontrol-kinetic.csv'))[0]!;

  it('makes one read per label from its last cycle, on the plate the Plate setting names', () => {
    expect([plate.rows, plate.columns]).toEqual([8, 12]); // wells A1–B3 only, but a "96" plate
    expect(plate.id).toBe('icontrol-kinetic.csv');
    expect(plate.reads.map((r) => r.label)).toEqual(['Growth:600 (cycle 3)', 'Glow:Lum (cycle 3)']);
    expect(plate.reads.map((r) => r.wavelengthNm)).toEqual([600, undefined]);
    expect(plate.notes.join('\n')).toMatch(/Growth:600: kinetic read of 3 cycles.*cycle with data, 3/);
  });

  it('reads the last cycle line and its OVER marker', () => {
    const [growth, glow] = plate.reads;
    expect(well(plate, growth!, 'A1')).toEqual({ value: 0.15, marker: undefined, line: 24 });
    expect(well(plate, growth!, 'B3').value).toBe(0.155);
    expect(well(plate, glow!, 'A3').value).toBe(302);
    expect(well(plate, glow!, 'B2').marker).toBe('OVER');
    expect(well(plate, glow!, 'C1').value).toBeNaN();
  });
});

describe('tecanReader: SparkControl CSV well list', () => {
  it('reads `<>,Value,Time [ms]` lines, naming the read by its Name', () => {
    const plate = tecanReader.read(textTable('tecan/spark-welllist.csv'))[0]!;
    expect([plate.rows, plate.columns]).toEqual([8, 12]);
    expect(plate.meta).toMatchObject({ application: 'SparkControl', version: 'V9.1', device: 'Spark' });
    const read = plate.reads[0]!;
    expect(read.label).toBe('OD450');
    expect(read.wavelengthNm).toBe(450);
    expect(well(plate, read, 'A2').value).toBe(0.2345);
    expect(well(plate, read, 'A3').marker).toBe('OVER');
  });
});

describe('tecanReader: i-control xlsx sheets', async () => {
  const tables = await tablesFromXlsx(readFileSync(fixture('xlsx/tecan-icontrol.xlsx')), 'tecan-icontrol.xlsx');

  it('names the plate by its sheet and finds a B2–G11 read a 96-well plate', () => {
    const plate = tecanReader.read(tables[0]!)[0]!;
    expect(plate.id).toBe('H460-1');
    expect(plate.meta['plateId']).toBe('Stack 3');
    expect(plate.meta['date']).toBe('2025-03-20');
    expect([plate.rows, plate.columns]).toEqual([8, 12]);
    const read = plate.reads[0]!;
    expect(read.label).toBe('Label1');
    expect(well(plate, read, 'B2')).toEqual({ value: 1020, marker: undefined, line: 23 });
    expect(well(plate, read, 'G11').value).toBe(6110);
    expect(well(plate, read, 'C5').marker).toBe('OVER');
  });

  it('reads a transposed kinetic table (one row per well) at its last cycle with data', () => {
    const plate = tecanReader.read(tables[1]!)[0]!;
    expect(plate.id).toBe('Kinetic');
    const read = plate.reads[0]!;
    expect(read.label).toBe('OD600 (cycle 3)');
    expect(read.wavelengthNm).toBe(600);
    expect(well(plate, read, 'A1')).toEqual({ value: 0.30000000001, marker: undefined, line: 15 });
    expect(well(plate, read, 'B2').value).toBe(0.34000000001);
    expect(well(plate, read, 'B3').marker).toBe('OVER');
    expect(plate.notes[0]).toMatch(/4 cycles; used the last cycle with data, 3 \(600\.9 s\)/);
  });
});

describe('tecanReader.detect', () => {
  it('claims its own exports', () => {
    for (const path of ['tecan/icontrol-partial.txt', 'tecan/icontrol-kinetic.csv', 'tecan/spark-welllist.csv']) {
      expect(tecanReader.detect(textTable(path))).toBe(true);
    }
  });

  it('refuses other vendors and tidy CSV', () => {
    for (const path of ['bmg/plateview-384.csv', 'bmg/plateview-1536.csv', 'bmg/tableview.csv', 'bmg/ascii.csv', 'skanit/absorbance-2plates.txt']) {
      expect(tecanReader.detect(textTable(path))).toBe(false);
    }
    expect(tecanReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
  });
});

describe('tecanReader: sections without settings, and malformed exports', () => {
  const head = 'Application: Tecan i-control\t\t\t\tTecan i-control , 1.0\nDevice: infinite 200Pro\n\nLabel: L1\nMode\t\t\t\tLuminescence\n';

  it("names the line of a '<>' header without column numbers", () => {
    const error = readError(`${head}<>\tx\ty\nA\t1\t2\n`);
    expect(error.location).toEqual({ file: 'bad.txt', line: 6 });
    expect(error.message).toMatch(/'<>' grid header/);
  });

  it("names the line of a 'Cycle Nr.' table without cycles", () => {
    const error = readError(`${head}Cycle Nr.\tTime [s]\tTemp. [°C]\tA1\tA2\nEnd Time:\tx\n`);
    expect(error.location).toEqual({ file: 'bad.txt', line: 6 });
  });

  it('names a read by its Label: line when the section has no Mode, and numbers repeated names', () => {
    const text = `${head}<>\t1\t2\nA\t1\t2\n\nLabel: L2\n<>\t1\t2\nA\t3\t4\n\nLabel: L2\n<>\t1\t2\nA\t5\tOVER\n`;
    const plate = tecanReader.read(tableFromText(text, 't.txt'))[0]!;
    expect(plate.reads.map((r) => r.label)).toEqual(['L1', 'L2', 'L2 #2']);
    expect(plate.reads[2]!.values[0]).toBe(5);
  });

  it('refuses an export without any data', () => {
    const error = readError(head);
    expect(error.location?.line).toBe(1);
    expect(error.message).toMatch(/without data/);
  });

  it('refuses a grid that fits no standard plate', () => {
    const error = readError(`${head}<>\t99\t100\nA\t1\t2\n`);
    expect(error.location?.line).toBe(7);
  });
});
