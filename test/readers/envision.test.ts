import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { decodeText } from '../../src/readers/decodeText.js';
import { parseWellId } from '../../src/plate/wellId.js';
import { tableFromText, type CellTable } from '../../src/readers/cellTable.js';
import { envisionReader } from '../../src/readers/envision.js';
import type { PlateRead, RawPlate } from '../../src/readers/rawPlate.js';

function fixture(path: string): CellTable {
  const text = decodeText(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));
  if (text === null) throw new Error(`${path} is not text`);
  return tableFromText(text, path.split('/').pop()!);
}

/** The value of a well (A1, AF48) in a read of a plate. */
function at(plate: RawPlate, read: PlateRead, well: string): number {
  const p = parseWellId(well)!;
  return read.values[p.row * plate.columns + p.column]!;
}

function indexOf(plate: RawPlate, well: string): number {
  const p = parseWellId(well)!;
  return p.row * plate.columns + p.column;
}

function errorOf(text: string): Ic50Error {
  try {
    envisionReader.read(tableFromText(text, 'bad.csv'));
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

const HEADER_24 = `,${Array.from({ length: 24 }, (_, c) => String(c + 1).padStart(2, '0')).join(',')},`;
const row24 = (label: string, base: number) => `${label},${Array.from({ length: 24 }, (_, c) => base + c).join(',')},`;
const INFO = 'Plate information \nPlate,Repeat,Barcode,Measurement date,\n1,1,="BAD1",1/1/2024 1:00:00 PM,\n\n';

describe('envisionReader.detect', () => {
  it('accepts every EnVision layout', () => {
    for (const f of ['two-plates-384.csv', 'ctg384-semicolon.txt', 'lum1536.csv', 'untitled-matrix.csv', 'bare1536-top.txt']) {
      expect(envisionReader.detect(fixture(`envision/${f}`)), f).toBe(true);
    }
  });

  it('rejects Kaleido (also the 2.x "Results for" layout), GloMax and a tidy CSV', () => {
    for (const f of ['kaleido/lum96-v35.csv', 'kaleido/abs96-two-results-v30.csv', 'kaleido/abs96-v2.csv', 'glomax/abs600.csv', 'glomax/lum-two-readings.csv']) {
      expect(envisionReader.detect(fixture(f)), f).toBe(false);
    }
    expect(envisionReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
  });
});

describe('envisionReader.read', () => {
  it('reads one plate per plate-information block, barcodes unquoted, raw read first', () => {
    const plates = envisionReader.read(fixture('envision/two-plates-384.csv'));
    expect(plates.map((p) => p.id)).toEqual(['PLATE0001', 'PLATE0002']);
    for (const p of plates) {
      expect([p.rows, p.columns, p.reader]).toEqual([16, 24, 'envision']);
      expect(p.reads.map((r) => [r.label, r.origin])).toEqual([
        ['Results for US LUM 384(1) - channel 0 (CPS)', 'raw'],
        ['Calculated results: Calc 1: Crosstalk = Crosstalk correction where Label : US LUM 384(1) channel 1', 'calculated'],
      ]);
    }
    const [one, two] = plates as [RawPlate, RawPlate];
    expect(at(one, one.reads[0]!, 'A1')).toBe(22440);
    expect(at(one, one.reads[0]!, 'A5')).toBe(38720);
    expect(at(one, one.reads[0]!, 'P24')).toBe(918240);
    expect(at(one, one.reads[1]!, 'A1')).toBeCloseTo(21991.2, 9);
    expect(at(two, two.reads[0]!, 'A1')).toBe(21080);
    expect(at(two, two.reads[0]!, 'C24')).toBe(873520);
    // A non-numeric cell is a marker, NaN in the values, with its line.
    const calc = two.reads[1]!;
    expect(at(two, calc, 'C5')).toBeNaN();
    expect(calc.markers.get(indexOf(two, 'C5'))).toBe('N/A');
    expect(calc.lines?.get(indexOf(two, 'C5'))).toBe(67);
    expect(calc.markers.size).toBe(1);
    expect(one.meta).toMatchObject({ protocol: 'CTG 384 invented', measurementDate: '3/1/2024 10:01:00 AM', plateType: '384 Test' });
    expect(two.meta.measurementDate).toBe('3/1/2024 10:02:00 AM');
  });

  it('reads a semicolon export with the plate information after each grid', () => {
    const table = fixture('envision/ctg384-semicolon.txt');
    expect(table.delimiter).toBe(';');
    const [plate, ...rest] = envisionReader.read(table);
    expect(rest).toEqual([]);
    expect(plate!.id).toBe('Plate 1'); // empty barcode
    expect([plate!.rows, plate!.columns]).toEqual([16, 24]);
    const [raw, calc] = plate!.reads as [PlateRead, PlateRead];
    expect(plate!.reads).toHaveLength(2);
    expect([raw.label, raw.origin]).toEqual(['Results for XX US LUM 384(1) - channel 0 (CPS)', 'raw']);
    expect(calc.origin).toBe('calculated');
    expect(at(plate!, raw, 'A1')).toBe(22840);
    expect(at(plate!, raw, 'A24')).toBe(1198040);
    expect(at(plate!, raw, 'P24')).toBe(1125680);
    expect(raw.lines?.get(0)).toBe(30);
    expect(at(plate!, calc, 'A1')).toBe(0); // "0.0": a dot decimal in a semicolon file
    expect(at(plate!, calc, 'A2')).toBe(25280);
    expect(calc.markers.size).toBe(0);
    expect(plate!.meta).toMatchObject({ protocol: 'Lum invented plates', software: 'EnVision Workstation version 1.13.0000.2' });
  });

  it('reads a 1536 grid with rows AA–AF and ignores the Platemap of "-"', () => {
    const [plate, ...rest] = envisionReader.read(fixture('envision/lum1536.csv'));
    expect(rest).toEqual([]);
    expect([plate!.rows, plate!.columns]).toEqual([32, 48]);
    expect(plate!.reads.map((r) => r.label)).toEqual(['Results for US LUM 1536 (cps)(1) - channel 0 (CPS)']);
    const read = plate!.reads[0]!;
    expect(at(plate!, read, 'A1')).toBe(100000);
    expect(at(plate!, read, 'Z48')).toBe(125047);
    expect(at(plate!, read, 'AA1')).toBe(126000);
    expect(at(plate!, read, 'AF47')).toBe(131046);
    expect(at(plate!, read, 'AF48')).toBe(424242);
    expect(read.values.every((v) => Number.isFinite(v))).toBe(true);
    expect(read.markers.size).toBe(0);
  });

  it('reads the untitled bare matrix: empty lines and fields are wells not read', () => {
    const [plate] = envisionReader.read(fixture('envision/untitled-matrix.csv'));
    expect(plate!.id).toBe('BC0042');
    expect([plate!.rows, plate!.columns]).toEqual([16, 24]);
    const read = plate!.reads[0]!;
    expect(plate!.reads).toHaveLength(1);
    expect([read.label, read.origin]).toEqual(['INVENTED LUM 384(1)', 'raw']);
    expect(at(plate!, read, 'C1')).toBe(30001);
    expect(at(plate!, read, 'N21')).toBe(140021);
    for (const empty of ['A1', 'B24', 'C22', 'O1', 'P24']) expect(at(plate!, read, empty), empty).toBeNaN();
    expect(read.markers.size).toBe(0);
    expect([...read.values].filter((v) => Number.isFinite(v))).toHaveLength(12 * 21);
    expect(read.lines?.get(indexOf(plate!, 'C1'))).toBe(7);
    expect(plate!.notes.join(' ')).toMatch(/untitled matrix/);
  });

  it('reads a tab-delimited 32×48 bare matrix at the top of the file', () => {
    const [plate] = envisionReader.read(fixture('envision/bare1536-top.txt'));
    expect(plate!.id).toBe('TAB1536');
    expect([plate!.rows, plate!.columns]).toEqual([32, 48]);
    const read = plate!.reads[0]!;
    expect(read.label).toBe('INVENTED US LUM 1536(1)');
    expect(at(plate!, read, 'A1')).toBe(101);
    expect(at(plate!, read, 'AA1')).toBe(2701);
    expect(at(plate!, read, 'AF48')).toBe(3248);
  });

  it('takes the plate size from "Plate type" when a partial grid fits it', () => {
    const text = `${INFO}Results for X(1) - channel 0 (CPS)\n,01,02,03,\nA,1,2,3,\nE,4,5,6,\n\nPlate type:\nNumber of rows,,,,16\nNumber of columns,,,,24\n`;
    const [plate] = envisionReader.read(tableFromText(text, 'partial.csv'));
    expect([plate!.rows, plate!.columns]).toEqual([16, 24]);
    expect(at(plate!, plate!.reads[0]!, 'E3')).toBe(6);
    expect(at(plate!, plate!.reads[0]!, 'B1')).toBeNaN();
    expect(plate!.notes.join(' ')).toMatch(/Plate type/);
    expect(plate!.id).toBe('BAD1');
  });

  it('names a plate without plate information after the file', () => {
    const [plate] = envisionReader.read(tableFromText(`Results for X(1) - channel 0 (CPS)\n,01,02,03,04,05,06,07,08,09,10,11,12,\nA,${'5,'.repeat(12)}\n`, 'dir/run7.csv'));
    expect(plate!.id).toBe('run7.csv');
    expect([plate!.rows, plate!.columns]).toEqual([8, 12]);
  });
});

describe('envisionReader.read on malformed files', () => {
  it('a results title with no grid under it', () => {
    const error = errorOf(`${INFO}Results for X(1) - channel 0 (CPS)\nthis is not a grid\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 5 });
    expect(error.message).toMatch(/not followed by a plate grid/);
  });

  it('a row label that does not continue the grid', () => {
    const text = `${INFO}Results for X(1) - channel 0 (CPS)\n${HEADER_24}\n${row24('A', 1)}\n${row24('B', 1)}\n${row24('B', 1)}\n`;
    const error = errorOf(text);
    expect(error.location).toEqual({ file: 'bad.csv', line: 9 });
    expect(error.message).toMatch(/"B" does not continue the grid after row B/);
  });

  it('an untitled matrix whose shape is no standard plate', () => {
    const lines = Array.from({ length: 15 }, (_, r) => `,${Array.from({ length: 24 }, (_, c) => r * 100 + c).join(',')}`);
    const error = errorOf(`${INFO}${lines.join('\n')}\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 5 });
    expect(error.message).toMatch(/15 lines × 25 fields is no standard plate/);
  });

  it('an untitled matrix that disagrees with "Plate type"', () => {
    const lines = Array.from({ length: 8 }, (_, r) => `,${Array.from({ length: 12 }, (_, c) => r * 100 + c).join(',')}`);
    const error = errorOf(`${INFO}${lines.join('\n')}\n\nPlate type:\nNumber of rows,,,,16\nNumber of columns,,,,24\n`);
    expect(error.location?.line).toBe(5);
    expect(error.message).toMatch(/8×12 but "Plate type" says 16 rows × 24 columns/);
  });

  it('plate information without its header line, and a file with no data', () => {
    expect(errorOf('Plate information \n1,1,,\n').location).toEqual({ file: 'bad.csv', line: 2 });
    const empty = errorOf(`${INFO}Basic assay information \nProtocol Name: ,,,,x\n`);
    expect(empty.message).toMatch(/no plate data/);
    expect(empty.location?.line).toBe(1);
  });
});
