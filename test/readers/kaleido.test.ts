import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { tableFromText } from '../../src/readers/cellTable.js';
import { envisionReader } from '../../src/readers/envision.js';
import { kaleidoReader } from '../../src/readers/kaleido.js';
import type { PlateRead, RawPlate } from '../../src/readers/rawPlate.js';
import { fixtureTable, readErrorOf, wellIndex, wellOf } from './readerFixtures.js';

const fixture = fixtureTable;
const indexOf = wellIndex;
const at = (plate: RawPlate, read: PlateRead, well: string): number => wellOf(plate, read, well).value!;
const errorOf = (text: string): Ic50Error => readErrorOf(kaleidoReader, text, 'bad.csv');

const HEAD = 'Barcode,Repeat,Loop no,Well scan x,Well scan y,Exc wl / filter,Ems wl,TRF Window,Analysis Parameter,Label-free Parameter';
const GRID = [',1,2,3,4,5,6,7,8,9,10,11,12', ...'ABCDEFGH'.split('').map((r, i) => `${r},${Array.from({ length: 12 }, (_, c) => i * 12 + c).join(',')}`)].join('\n');

describe('kaleidoReader.detect', () => {
  it('accepts Kaleido 3.5, 3.0 and 2.x exports', () => {
    for (const f of ['lum96-v35.csv', 'abs96-two-results-v30.csv', 'abs96-v2.csv']) expect(kaleidoReader.detect(fixture(`kaleido/${f}`)), f).toBe(true);
  });

  it('rejects EnVision, GloMax and a tidy CSV', () => {
    for (const f of ['envision/two-plates-384.csv', 'envision/ctg384-semicolon.txt', 'envision/lum1536.csv', 'envision/untitled-matrix.csv', 'glomax/abs600.csv', 'glomax/lum-two-readings.csv']) {
      expect(kaleidoReader.detect(fixture(f)), f).toBe(false);
    }
    expect(kaleidoReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
  });
});

describe('kaleidoReader.read', () => {
  it('reads a 3.5 export: rows and columns from the grid, not the swapped plate type', () => {
    const [plate, ...rest] = kaleidoReader.read(fixture('kaleido/lum96-v35.csv'));
    expect(rest).toEqual([]);
    expect(plate!.id).toBe('KB-000123');
    expect([plate!.rows, plate!.columns, plate!.reader]).toEqual([8, 12, 'kaleido']);
    expect(plate!.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([['Result for Luminescence 1', 'raw', undefined]]);
    const read = plate!.reads[0]!;
    expect(at(plate!, read, 'A1')).toBe(1010);
    expect(at(plate!, read, 'C5')).toBe(3050);
    expect(at(plate!, read, 'H12')).toBe(8120);
    expect(at(plate!, read, 'D7')).toBeNaN();
    expect(read.markers.get(indexOf(plate!, 'D7'))).toBe('Overflow');
    expect(read.markers.size).toBe(1);
    expect(read.lines?.get(indexOf(plate!, 'A1'))).toBe(11);
    expect(plate!.notes.join(' ')).toMatch(/12 rows × 8 columns \(swapped/);
    expect(plate!.meta).toEqual({
      protocol: 'INVENTED PROTOCOL 7',
      software: 'Kaleido 3.5.0000.1',
      instrumentSerial: '5550001',
      plateType: '96 Invented',
      measurementDate: '1/2/2025 8:09',
    });
  });

  it('reads two absorbance results of one plate, with their wavelengths', () => {
    const [plate, ...rest] = kaleidoReader.read(fixture('kaleido/abs96-two-results-v30.csv'));
    expect(rest).toEqual([]);
    expect(plate!.id).toBe('MTT-PLATE-9');
    expect(plate!.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
      ['Result for Absorbance 1', 'raw', 570], // from the "Exc wl / filter" cell
      ['Result for Absorbance 2', 'raw', 650], // from the measurement details
    ]);
    const [a570, a650] = plate!.reads as [PlateRead, PlateRead];
    expect(at(plate!, a570, 'A1')).toBeCloseTo(0.1, 12);
    expect(at(plate!, a570, 'B1')).toBeCloseTo(0.22, 12);
    expect(at(plate!, a570, 'H12')).toBeCloseTo(1.05, 12);
    expect(at(plate!, a650, 'A12')).toBeCloseTo(0.051, 12);
  });

  it('reads a 2.x export: "Results for", a "Barcode: …" line, and analysis results as calculated reads', () => {
    const table = fixture('kaleido/abs96-v2.csv');
    expect(envisionReader.detect(table)).toBe(false);
    const [plate] = kaleidoReader.read(table);
    expect(plate!.id).toBe('V-2021-01-02 03:04:05');
    expect([plate!.rows, plate!.columns]).toEqual([8, 12]);
    expect(plate!.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
      ['Results for ABS mono 1', 'raw', 450],
      ['Results for Blank_Analysis ( ABS mono 1 ) – Blank corrected', 'calculated', undefined],
    ]);
    expect(at(plate!, plate!.reads[0]!, 'A1')).toBe(2);
    expect(at(plate!, plate!.reads[0]!, 'H12')).toBeCloseTo(0.49, 12);
    expect(at(plate!, plate!.reads[1]!, 'A1')).toBeCloseTo(1.95, 12);
    expect(plate!.notes).toEqual([]); // its plate type states 8 × 12 correctly
  });

  it('makes one plate per barcode and repeat', () => {
    const text = `EnSight Results from\n\nResult for Luminescence 1\n${HEAD}\nP1,1\n\n${GRID}\n\nResult for Luminescence 1\n${HEAD}\nP1,2\n\n${GRID}\n`;
    const plates = kaleidoReader.read(tableFromText(text, 'repeats.csv'));
    expect(plates.map((p) => p.id)).toEqual(['P1', 'P1 repeat 2']);
    expect(at(plates[1]!, plates[1]!.reads[0]!, 'H12')).toBe(95);
  });

  it('skips grids with no numbers (imaging exports), noting it', () => {
    const names = [',1,2,3,4,5,6,7,8,9,10,11,12', ...'ABCDEFGH'.split('').map((r) => `${r},${Array(12).fill('img.tiff').join(',')}`)].join('\n');
    const text = `EnSight Results from\n\nResult for Imaging 1\n${HEAD}\nP1,1\n\n${names}\n\nResult for Luminescence 1\n${HEAD}\nP1,1\n\n${GRID}\n`;
    const [plate] = kaleidoReader.read(tableFromText(text, 'img.csv'));
    expect(plate!.reads.map((r) => r.label)).toEqual(['Result for Luminescence 1']);
    expect(plate!.notes.join(' ')).toMatch(/line 7: "Result for Imaging 1" holds no numbers/);
  });
});

describe('kaleidoReader.read on malformed files', () => {
  it('a result with no grid under it', () => {
    const error = errorOf(`EnSight Results from\n\nResult for Luminescence 1\n${HEAD}\nP1,1\n\nMeasurement Information\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 3 });
    expect(error.message).toMatch(/not followed by a plate grid/);
  });

  it('a barcode header with no value line', () => {
    const error = errorOf(`EnSight Results from\n\nResult for Luminescence 1\n${HEAD}\n\n${GRID}\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 5 });
  });

  it('a grid row out of sequence', () => {
    const grid = GRID.replace('\nD,', '\nC,');
    const error = errorOf(`EnSight Results from\n\nResult for Luminescence 1\n${HEAD}\nP1,1\n\n${grid}\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 11 });
    expect(error.message).toMatch(/"C" does not continue the grid after row C/);
  });

  it('a file with no result at all', () => {
    expect(errorOf('EnSight Results from\nProtocol Name,x\n').message).toMatch(/no measurement results/);
  });
});
