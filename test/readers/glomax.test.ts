import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { tableFromText } from '../../src/readers/cellTable.js';
import { glomaxReader } from '../../src/readers/glomax.js';
import type { PlateRead, RawPlate } from '../../src/readers/rawPlate.js';
import { fixtureTable, readErrorOf, wellIndex, wellOf } from './readerFixtures.js';

const fixture = fixtureTable;
const indexOf = wellIndex;
const at = (plate: RawPlate, read: PlateRead, well: string): number => wellOf(plate, read, well).value!;
const errorOf = (text: string): Ic50Error => readErrorOf(glomaxReader, text, 'bad.csv');

const TOP = ',,,Protocol: P,,\n,,,Result: R1 2025.01.01 10:00:00,,\nAbsorbance,,,,,\n,Measurement Filter:,,450,,\n';
const READING = `,Reading:,,1,,${Array.from({ length: 12 }, (_, c) => c + 1).join(',')}`;
const rows = (letters: string, base = 1) => letters.split('').map((r, i) => `,,,,${r},${Array.from({ length: 12 }, (_, c) => (base + i * 12 + c) / 1000).join(',')}`).join('\n');

describe('glomaxReader.detect', () => {
  it('accepts GloMax absorbance and luminescence exports', () => {
    for (const f of ['abs600.csv', 'lum-two-readings.csv']) expect(glomaxReader.detect(fixture(`glomax/${f}`)), f).toBe(true);
  });

  it('rejects EnVision, Kaleido and a tidy CSV', () => {
    for (const f of ['envision/two-plates-384.csv', 'envision/ctg384-semicolon.txt', 'envision/untitled-matrix.csv', 'kaleido/lum96-v35.csv', 'kaleido/abs96-v2.csv']) {
      expect(glomaxReader.detect(fixture(f)), f).toBe(false);
    }
    expect(glomaxReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
  });
});

describe('glomaxReader.read', () => {
  it('reads the offset grid, the filter as wavelength and the mode in the label', () => {
    const [plate, ...rest] = glomaxReader.read(fixture('glomax/abs600.csv'));
    expect(rest).toEqual([]);
    expect(plate!.id).toBe('abs600.csv');
    expect([plate!.rows, plate!.columns, plate!.reader]).toEqual([8, 12, 'glomax']);
    expect(plate!.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([['Absorbance 600 nm (reading 1)', 'raw', 600]]);
    const read = plate!.reads[0]!;
    expect(at(plate!, read, 'A1')).toBeCloseTo(1.2, 12);
    expect(at(plate!, read, 'B2')).toBeCloseTo(1.09, 12);
    expect(at(plate!, read, 'H1')).toBeCloseTo(0.5, 12);
    expect(at(plate!, read, 'H11')).toBeCloseTo(0.4, 12);
    expect(at(plate!, read, 'H12')).toBeNaN();
    expect(read.markers.get(indexOf(plate!, 'H12'))).toBe('OVER');
    expect(read.markers.size).toBe(1);
    expect(read.lines?.get(indexOf(plate!, 'A1'))).toBe(11);
    expect(plate!.meta).toEqual({
      protocol: 'Absorbance Quick Read',
      result: 'INV-042 plateA Absorbance Quick Read 2025.02.03 09:10:11',
      measurementDate: '2025.02.03 09:10:11',
    });
  });

  it('makes one read per reading', () => {
    const [plate] = glomaxReader.read(fixture('glomax/lum-two-readings.csv'));
    expect(plate!.reads.map((r) => [r.label, r.wavelengthNm])).toEqual([
      ['Luminescence (reading 1)', undefined],
      ['Luminescence (reading 2)', undefined],
    ]);
    expect(at(plate!, plate!.reads[0]!, 'A1')).toBe(100000);
    expect(at(plate!, plate!.reads[0]!, 'C1')).toBe(102000);
    expect(at(plate!, plate!.reads[1]!, 'A1')).toBe(200000);
    expect(at(plate!, plate!.reads[1]!, 'H12')).toBe(207000);
  });

  it('makes one plate per "Result:" section, named after it', () => {
    const second = TOP.replace('R1', 'R2');
    const plates = glomaxReader.read(tableFromText(`${TOP}${READING}\n${rows('ABCDEFGH')}\n\n${second}${READING}\n${rows('ABCDEFGH', 500)}\n`, 'two.csv'));
    expect(plates.map((p) => p.id)).toEqual(['R1 2025.01.01 10:00:00', 'R2 2025.01.01 10:00:00']);
    expect(plates[1]!.reads[0]!.wavelengthNm).toBe(450);
    expect(at(plates[1]!, plates[1]!.reads[0]!, 'A1')).toBeCloseTo(0.5, 12);
  });

  it('notes a reference filter', () => {
    const text = `${TOP},Reference Filter:,,650,,\n${READING}\n${rows('ABCDEFGH')}\n`;
    const [plate] = glomaxReader.read(tableFromText(text, 'ref.csv'));
    expect(plate!.meta.referenceFilter).toBe('650');
    expect(plate!.notes.join(' ')).toMatch(/reference filter \(650\)/);
  });
});

describe('glomaxReader.read on malformed files', () => {
  it('a "Reading:" line without column numbers', () => {
    const error = errorOf(`${TOP},Reading:,,1,,x,y\n${rows('AB')}\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 5 });
  });

  it('no row letters under the reading', () => {
    const error = errorOf(`${TOP}${READING}\n,,,,,1,2,3\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 6 });
    expect(error.message).toMatch(/no row letters/);
  });

  it('a row letter out of sequence', () => {
    const error = errorOf(`${TOP}${READING}\n${rows('ABCB')}\n`);
    expect(error.location).toEqual({ file: 'bad.csv', line: 9 });
    expect(error.message).toMatch(/"B" does not continue the grid after row C/);
  });

  it('no reading at all', () => {
    expect(errorOf(TOP).message).toMatch(/no reading grid/);
  });
});
