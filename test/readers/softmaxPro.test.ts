import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { decodeText } from '../../src/readers/decodeText.js';
import { formatWellId, parseWellId } from '../../src/plate/wellId.js';
import { tableFromText, type CellTable } from '../../src/readers/cellTable.js';
import type { PlateRead, RawPlate } from '../../src/readers/rawPlate.js';
import { softmaxProReader } from '../../src/readers/softmaxPro.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Bytes → decodeText → tableFromText, as the CLI reads a file. */
function fromBytes(bytes: Uint8Array, name: string): CellTable {
  const text = decodeText(bytes);
  if (text === null) throw new Error(`${name} is not text`);
  return tableFromText(text, name);
}

function load(path: string): CellTable {
  return fromBytes(readFileSync(new URL(path, FIXTURES)), path.split('/').pop()!);
}

function value(plate: RawPlate, read: PlateRead, well: string): number {
  const p = parseWellId(well)!;
  return read.values[p.row * plate.columns + p.column]!;
}

function markers(plate: RawPlate, read: PlateRead): Record<string, string> {
  return Object.fromEntries(
    [...read.markers].map(([i, text]) => [formatWellId(Math.floor(i / plate.columns), i % plate.columns), text]),
  );
}

function errorOf(table: CellTable): Ic50Error {
  try {
    softmaxProReader.read(table);
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

const T = '\t';
const nums = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
/** A Plate: line for an absorbance PlateFormat/TimeFormat endpoint read. */
const plateLine = (format: string, wavelengths: string, wells: number, columns: number, dataType = 'Raw', readType = 'Endpoint', points = '1') =>
  ['Plate:', 'P1', '1.3', format, readType, 'Absorbance', dataType, 'FALSE', points, '', '', '', '', '', String(wavelengths.split(' ').length), wavelengths, '1', String(columns), String(wells), '1', '', ''].join(T);

describe('softmaxProReader.detect', () => {
  it('accepts SoftMax Pro exports (Windows-1252 and UTF-16)', () => {
    expect(softmaxProReader.detect(load('softmaxpro/mtt-plateformat-1252.txt'))).toBe(true);
    expect(softmaxProReader.detect(load('softmaxpro/lum-timeformat-utf16.txt'))).toBe(true);
    // Without ##BLOCKS: a Plate: line and ~End.
    expect(softmaxProReader.detect(tableFromText([plateLine('TimeFormat', '450', 24, 6), `${T}Temperature(°C)${T}A1`, `${T}22${T}0.5`, '~End'].join('\n'), 'x.txt'))).toBe(true);
  });

  it('rejects Gen5 exports, a tidy CSV and a bare grid', () => {
    for (const f of ['gen5/mtt-stacked.txt', 'gen5/lum-two-plates.txt', 'gen5/lum384-semicolon.csv']) expect(softmaxProReader.detect(load(f))).toBe(false);
    expect(softmaxProReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
    expect(softmaxProReader.detect(tableFromText(',1,2\nA,1,2\nB,3,4\n', 'grid.csv'))).toBe(false);
  });
});

describe('softmaxProReader.read: PlateFormat', () => {
  it('reads side-by-side wavelengths and the reduced grid; ignores Note and Group blocks', () => {
    const [plate, ...rest] = softmaxProReader.read(load('softmaxpro/mtt-plateformat-1252.txt'));
    expect(rest).toEqual([]);
    expect(plate).toMatchObject({ reader: 'softmaxpro', id: 'Plate#1', rows: 8, columns: 12 });
    expect(plate!.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
      ['570', 'raw', 570],
      ['650', 'raw', 650],
      ['Reduced', 'calculated', undefined],
    ]);
    const [a570, a650, reduced] = plate!.reads as [PlateRead, PlateRead, PlateRead];
    expect(value(plate!, a570, 'A1')).toBe(0.5);
    expect(value(plate!, a570, 'H11')).toBe(0.58);
    expect(value(plate!, a650, 'C4')).toBe(0.062);
    expect(value(plate!, reduced, 'B2')).toBe(0.45);
    expect(markers(plate!, a570)).toEqual({ A3: 'Range?', H12: 'Masked' });
    expect(markers(plate!, a650)).toEqual({ H12: 'Masked' });
    expect(markers(plate!, reduced)).toEqual({ A3: 'Range?', H12: 'Masked' });
    expect(a570.lines?.get(0)).toBe(7);
    expect(plate!.meta).toMatchObject({ format: 'PlateFormat', readMode: 'Absorbance', dataType: 'Raw', temperature: '23.40', lastSaved: '2/4/2025 9:00:00 AM' });
    expect(plate!.notes).toEqual([]);
  });

  it('reads a kinetic PlateFormat block: one grid per time point, labelled with the time', () => {
    const grid = (time: string, base: number) => [`${time}${T}37.0${T}${base}${T}${base + 1}${T}${base + 2}`, `${T}${T}${base + 3}${T}${base + 4}${T}${base + 5}`];
    const text = ['##BLOCKS= 1', plateLine('PlateFormat', '405', 6, 3, 'Raw', 'Kinetic', '2'), `${T}Temperature(°C)${T}1${T}2${T}3`, ...grid('0:00', 10), `${T}${T}`, ...grid('0:30', 20), '~End'].join('\n');
    const [plate] = softmaxProReader.read(tableFromText(text, 'kinetic.txt')) as [RawPlate];
    expect(plate).toMatchObject({ rows: 2, columns: 3 });
    expect(plate.reads.map((r) => [r.label, r.wavelengthNm])).toEqual([
      ['405 0:00', 405],
      ['405 0:30', 405],
    ]);
    expect(value(plate, plate.reads[1]!, 'B3')).toBe(25);
  });

  it('keeps partial plates at their true size (unread rows and columns are empty)', () => {
    const text = ['##BLOCKS= 1', plateLine('PlateFormat', '450', 24, 6), `${T}Temperature(°C)${T}${nums(6).join(T)}`, `${T}${T}${T}${T}${T}${T}`, `${T}21.0${T}${T}0.5${T}0.6${T}${T}${T}`, `${T}${T}${T}0.7${T}0.8${T}${T}${T}`, `${T}${T}${T}${T}${T}${T}`, '~End'].join('\n');
    const [plate] = softmaxProReader.read(tableFromText(text, 'partial.txt')) as [RawPlate];
    expect(plate).toMatchObject({ rows: 4, columns: 6 });
    const read = plate.reads[0]!;
    expect(value(plate, read, 'B2')).toBe(0.5);
    expect(value(plate, read, 'C3')).toBe(0.8);
    expect(value(plate, read, 'A1')).toBeNaN();
    expect([...read.values].filter(Number.isFinite)).toHaveLength(4);
    expect(plate.meta.temperature).toBe('21.0');
  });
});

describe('softmaxProReader.read: TimeFormat', () => {
  it('reads UTF-16 luminescence, two plates, wells as columns', () => {
    const plates = softmaxProReader.read(load('softmaxpro/lum-timeformat-utf16.txt'));
    expect(plates.map((p) => [p.id, p.rows, p.columns])).toEqual([
      ['Viab_P1', 8, 12],
      ['Viab_P2', 8, 12],
    ]);
    for (const plate of plates) {
      expect(plate.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
        ['Lum', 'raw', undefined],
        ['Reduced', 'calculated', undefined],
      ]);
    }
    const [p1, p2] = plates as [RawPlate, RawPlate];
    expect(value(p1, p1.reads[0]!, 'A1')).toBe(1000000);
    expect(value(p1, p1.reads[0]!, 'D12')).toBe(1004700);
    expect(value(p1, p1.reads[0]!, 'E1')).toBeNaN();
    expect(p1.reads[0]!.markers.size).toBe(0);
    expect(value(p2, p2.reads[1]!, 'B1')).toBe(2000700);
    expect(value(p2, p2.reads[1]!, 'H12')).toBeNaN();
    expect(p2.reads[1]!.markers.size).toBe(0);
    expect([p1.meta.temperature, p2.meta.temperature]).toEqual(['25.3', '25.1']);
  });

  it('finds the fields after the extra fluorescence field, one line per wavelength', () => {
    const header = ['Plate:', 'FL', '1.3', 'TimeFormat', 'Endpoint', 'Fluorescence', 'FALSE', 'Raw', 'FALSE', '1', '', '', '', '', '', '2', '445 535 ', '1', '6', '24', '404 485 ', 'Manual'].join(T);
    const wells = ['A1', 'A2', 'B1', 'D6'];
    const text = ['##BLOCKS= 1', header, `${T}Temperature(°C)${T}${wells.join(T)}`, `${T}30${T}100${T}200${T}300${T}400`, '', `${T}30${T}110${T}Error${T}310${T}410`, '', '~End'].join('\n');
    const [plate] = softmaxProReader.read(tableFromText(text, 'fl.txt')) as [RawPlate];
    expect(plate).toMatchObject({ id: 'FL', rows: 4, columns: 6 });
    expect(plate.meta.readMode).toBe('Fluorescence');
    expect(plate.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
      ['445', 'raw', 445],
      ['535', 'raw', 535],
    ]);
    expect(value(plate, plate.reads[0]!, 'D6')).toBe(400);
    expect(markers(plate, plate.reads[1]!)).toEqual({ A2: 'Error' });
  });

  it('reads a Reduced-only export as a calculated read', () => {
    const text = ['##BLOCKS= 1', plateLine('TimeFormat', '450 650', 96, 12, 'Reduced'), `${T}${T}A1${T}A2`, `${T}${T}0.25${T}0.5`, '~End'].join('\n');
    const [plate] = softmaxProReader.read(tableFromText(text, 'reduced.txt')) as [RawPlate];
    expect(plate.reads.map((r) => [r.label, r.origin])).toEqual([['Reduced', 'calculated']]);
    expect(value(plate, plate.reads[0]!, 'A2')).toBe(0.5);
  });
});

describe('softmaxProReader.read: malformed files', () => {
  const head = ['##BLOCKS= 1', plateLine('PlateFormat', '450', 24, 6), `${T}Temperature(°C)${T}${nums(6).join(T)}`];
  const row = (k: number) => `${T}${T}${nums(6).map((n) => `0.${k}${n}`).join(T)}`;

  it('throws Ic50Error with the line of a grid row wider than its header', () => {
    const text = [...head, row(1), `${row(2)}${T}0.99`, row(3), row(4), '~End'].join('\n');
    const error = errorOf(tableFromText(text, 'wide.txt'));
    expect(error.location).toEqual({ file: 'wide.txt', line: 5 });
    expect(error.message).toMatch(/more values than the column numbers on the header at line 3/);
  });

  it('throws Ic50Error when a grid stops before its plate rows', () => {
    const text = [...head, row(1), row(2), row(3), '', '~End'].join('\n');
    const error = errorOf(tableFromText(text, 'short.txt'));
    expect(error.location?.line).toBe(7);
    expect(error.message).toMatch(/starting at line 4 stops after 3 of its 4 plate rows/);
  });

  it('throws Ic50Error for a Plate: line without a data type', () => {
    const text = ['##BLOCKS= 1', 'Plate:\tP1\t1.3\tPlateFormat\tEndpoint', `${T}Temperature(°C)${T}1${T}2`, '~End'].join('\n');
    expect(errorOf(tableFromText(text, 'nodt.txt')).location?.line).toBe(2);
  });

  it('reads what is complete of a truncated file and says so', () => {
    const text = [...head, row(1), row(2), row(3), row(4), ''].join('\n');
    const [plate] = softmaxProReader.read(tableFromText(text, 'cut.txt')) as [RawPlate];
    expect(value(plate, plate.reads[0]!, 'D6')).toBe(0.46);
    expect(plate.notes.join(' ')).toMatch(/truncated/);
    // Cut inside the only grid: nothing complete is left, which is an Ic50Error, not a TypeError.
    errorOf(tableFromText([...head, row(1), row(2)].join('\n'), 'cut2.txt'));
  });

  it('throws Ic50Error for an export without a Plate: block', () => {
    expect(errorOf(tableFromText('##BLOCKS= 1\nNote:\nhello\n~End\n', 'note.txt')).message).toMatch(/without plate data/);
  });
});
