import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { decodeText } from '../../src/readers/decodeText.js';
import { formatWellId, parseWellId } from '../../src/plate/wellId.js';
import { tableFromText, type CellTable } from '../../src/readers/cellTable.js';
import { gen5Reader } from '../../src/readers/gen5.js';
import type { PlateRead, RawPlate } from '../../src/readers/rawPlate.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** A fixture as the CLI reads it: bytes → decodeText → tableFromText. */
function load(path: string): CellTable {
  const text = decodeText(readFileSync(new URL(path, FIXTURES)));
  if (text === null) throw new Error(`${path} is not text`);
  return tableFromText(text, path.split('/').pop()!);
}

/** The value of a well, by its canonical id. */
function value(plate: RawPlate, read: PlateRead, well: string): number {
  const p = parseWellId(well)!;
  return read.values[p.row * plate.columns + p.column]!;
}

/** Markers as { well id: text }. */
function markers(plate: RawPlate, read: PlateRead): Record<string, string> {
  return Object.fromEntries(
    [...read.markers].map(([i, text]) => [formatWellId(Math.floor(i / plate.columns), i % plate.columns), text]),
  );
}

function readOf(plate: RawPlate, label: string): PlateRead {
  const read = plate.reads.find((r) => r.label === label);
  if (!read) throw new Error(`no read ${label} in ${plate.reads.map((r) => r.label).join(', ')}`);
  return read;
}

function errorOf(table: CellTable): Ic50Error {
  try {
    gen5Reader.read(table);
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

/** A small Gen5 header (tab-separated) for inline exports. */
const HEADER = ['', 'Software Version\t3.12.08', '', 'Plate Number\tPlate 9', 'Reader Type:\tSynergy H1', '', 'Procedure Details', '', 'Plate Type\t96 WELL PLATE', 'Read\tOD', '\tAbsorbance Endpoint', ''];

describe('gen5Reader.detect', () => {
  it('accepts Gen5 exports (tab and semicolon)', () => {
    for (const f of ['gen5/mtt-stacked.txt', 'gen5/lum-two-plates.txt', 'gen5/lum384-semicolon.csv']) expect(gen5Reader.detect(load(f))).toBe(true);
  });

  it('rejects SoftMax Pro exports, a tidy CSV and a bare grid', () => {
    expect(gen5Reader.detect(load('softmaxpro/mtt-plateformat-1252.txt'))).toBe(false);
    expect(gen5Reader.detect(load('softmaxpro/lum-timeformat-utf16.txt'))).toBe(false);
    expect(gen5Reader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 'tidy.csv'))).toBe(false);
    expect(gen5Reader.detect(tableFromText(',1,2\nA,1,2\nB,3,4\n', 'grid.csv'))).toBe(false);
    // "Software Version" alone (no other Gen5 key) is not enough.
    expect(gen5Reader.detect(tableFromText('Software Version\t1.0\nfoo\tbar\n', 'x.txt'))).toBe(false);
  });
});

describe('gen5Reader.read: matrix layout', () => {
  it('reads reads stacked per plate row, skips the Layout block and keeps markers', () => {
    const table = load('gen5/mtt-stacked.txt');
    const plates = gen5Reader.read(table);
    expect(plates).toHaveLength(1);
    const plate = plates[0]!;
    expect(plate).toMatchObject({ reader: 'gen5', id: 'Plate 1', rows: 8, columns: 12, source: 'mtt-stacked.txt' });
    expect(plate.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
      ['mtt:570', 'raw', 570],
      ['mtt:650', 'raw', 650],
      ['Blank mtt:570', 'calculated', 570],
    ]);
    const a570 = readOf(plate, 'mtt:570');
    const a650 = readOf(plate, 'mtt:650');
    expect(value(plate, a570, 'A1')).toBe(0.2);
    expect(value(plate, a570, 'H12')).toBe(1.01);
    expect(value(plate, a650, 'E2')).toBe(0.045);
    expect(value(plate, readOf(plate, 'Blank mtt:570'), 'B2')).toBe(0.11);
    expect(markers(plate, a570)).toEqual({ B3: 'OVRFLW', C5: 'MISSED', D7: '*0.356*' });
    expect(value(plate, a570, 'D7')).toBeNaN();
    expect(markers(plate, a650)).toEqual({ C5: 'MISSED' });
    expect(markers(plate, readOf(plate, 'Blank mtt:570'))).toEqual({ C5: '?????' });
    // Line numbers point into the Results block, not the Layout.
    const resultsLine = readFileSync(new URL('gen5/mtt-stacked.txt', FIXTURES), 'utf8').split('\r\n').findIndex((l) => l.startsWith('A\t0.200')) + 1;
    expect(a570.lines?.get(0)).toBe(resultsLine);
    expect(a650.lines?.get(0)).toBe(resultsLine + 1);
    expect(plate.meta).toMatchObject({ softwareVersion: '3.14.10', readerType: 'Epoch 2', date: '2/3/2025', readMode: 'Absorbance Endpoint', temperature: '24.6' });
    expect(plate.notes).toEqual([]);
  });

  it('reads one plate per Plate Number, data-set blocks titled by name', () => {
    const plates = gen5Reader.read(load('gen5/lum-two-plates.txt'));
    expect(plates.map((p) => [p.id, p.rows, p.columns])).toEqual([
      ['Plate 1', 8, 12],
      ['Plate 2', 8, 12],
    ]);
    for (const plate of plates) {
      expect(plate.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
        ['LUM:Lum', 'raw', undefined],
        ['NormLum', 'calculated', undefined],
      ]);
    }
    const [p1, p2] = plates as [RawPlate, RawPlate];
    expect(value(p1, readOf(p1, 'LUM:Lum'), 'A1')).toBe(100000);
    expect(value(p2, readOf(p2, 'LUM:Lum'), 'C4')).toBe(202030);
    expect(value(p2, readOf(p2, 'NormLum'), 'H12')).toBe(91.9);
    expect(p2.meta.time).toBe('3:02:00 PM');
  });

  it('reads a semicolon export with decimal commas; a partial grid keeps the Plate Type size', () => {
    const table = load('gen5/lum384-semicolon.csv');
    expect(table.delimiter).toBe(';');
    const [plate] = gen5Reader.read(table) as [RawPlate];
    expect(plate).toMatchObject({ id: 'Plate 7', rows: 16, columns: 24 });
    const lum = readOf(plate, 'Lum');
    expect(lum.origin).toBe('raw');
    expect(value(plate, lum, 'A24')).toBe(5023);
    expect(value(plate, lum, 'D1')).toBe(5750);
    expect(value(plate, lum, 'P24')).toBeNaN();
    expect(lum.markers.size).toBe(0);
    const norm = readOf(plate, 'NormLum');
    expect(norm.origin).toBe('calculated');
    expect(value(plate, norm, 'B3')).toBe(91.2);
  });

  it('reads an Excel re-save shifted one column right', () => {
    const text = [...HEADER.map((l) => `,${l.replace(/\t/g, ',')}`), ',Results', ',,1,2,3', ',A,0.1,0.2,0.3,OD:600', ',,5,6,7,Blank OD:600', ',B,0.4,0.5,0.6,OD:600', ''].join('\r\n');
    const [plate] = gen5Reader.read(tableFromText(text, 'shifted.csv')) as [RawPlate];
    expect(plate.id).toBe('Plate 9');
    expect(plate.reads.map((r) => [r.label, r.origin])).toEqual([
      ['OD:600', 'raw'],
      ['Blank OD:600', 'calculated'],
    ]);
    expect(value(plate, plate.reads[0]!, 'B2')).toBe(0.5);
    expect(value(plate, plate.reads[1]!, 'A3')).toBe(7);
  });
});

describe('gen5Reader.read: column, row and kinetic layouts', () => {
  it('reads the column layout (Well → A1 B1 …, one line per data set)', () => {
    const text = [...HEADER, 'Results', '', 'Well\tA1\tB1\tC1\tA2', 'Well ID\tSPL1\tSPL2\tSPL3\tSPL4', 'OD:600\t0.11\t0.12\tOVRFLW\t0.14', 'Blank OD:600\t0.01\t0.02\t?????\t0.04', ''].join('\n');
    const [plate] = gen5Reader.read(tableFromText(text, 'column.txt')) as [RawPlate];
    expect(plate.reads.map((r) => [r.label, r.origin])).toEqual([
      ['OD:600', 'raw'],
      ['Blank OD:600', 'calculated'],
    ]);
    expect(plate).toMatchObject({ rows: 8, columns: 12 });
    const od = plate.reads[0]!;
    expect(value(plate, od, 'B1')).toBe(0.12);
    expect(value(plate, od, 'A2')).toBe(0.14);
    expect(markers(plate, od)).toEqual({ C1: 'OVRFLW' });
  });

  it('reads the row layout (Well → data sets, one line per well)', () => {
    const text = [...HEADER, 'Results', '', 'Well\tOD:600\tBlank OD:600', 'A1\t0.5\t0.4', 'B1\t0.6\t0.5', 'H12\tMISSED\t', ''].join('\n');
    const [plate] = gen5Reader.read(tableFromText(text, 'row.txt')) as [RawPlate];
    expect(plate.reads.map((r) => r.label)).toEqual(['OD:600', 'Blank OD:600']);
    expect(value(plate, plate.reads[0]!, 'B1')).toBe(0.6);
    expect(markers(plate, plate.reads[0]!)).toEqual({ H12: 'MISSED' });
    expect(value(plate, plate.reads[1]!, 'H12')).toBeNaN();
  });

  it('reads a kinetic table as one read per time point, skipping empty padding rows', () => {
    const text = [...HEADER, 'OD:600', '', 'Time\tT° OD:600\tA1\tA2\tB1', '0:00:30\t37.0\t0.1\t0.2\t0.3', '0:01:30\t37.1\t0.4\t0.5\t0.6', '0:00:00\t\t\t\t', ''].join('\n');
    const [plate] = gen5Reader.read(tableFromText(text, 'kinetic.txt')) as [RawPlate];
    expect(plate.reads.map((r) => [r.label, r.origin, r.wavelengthNm])).toEqual([
      ['OD:600 0:00:30', 'raw', 600],
      ['OD:600 0:01:30', 'raw', 600],
    ]);
    expect(value(plate, plate.reads[1]!, 'B1')).toBe(0.6);
    expect(plate.notes.join(' ')).toMatch(/1 empty time point/);
  });
});

describe('gen5Reader.read: malformed files', () => {
  it('throws Ic50Error with the line of a grid row wider than its header', () => {
    const text = [...HEADER, 'Results', '\t1\t2\t3', 'A\t0.1\t0.2\t0.3\tOD:600', 'B\t0.1\t0.2\t0.3\t0.4\tOD:600', ''].join('\n');
    const error = errorOf(tableFromText(text, 'wide.txt'));
    expect(error.location).toEqual({ file: 'wide.txt', line: HEADER.length + 4 });
    expect(error.message).toMatch(/row B has 5 cells .* numbers 3 columns/);
  });

  it('throws when a value sits where the data-set name belongs', () => {
    const text = [...HEADER, 'Results', '\t1\t2', 'A\t0.1\t0.2\tOD:600', '\t0.1\t0.2\t0.35', ''].join('\n');
    expect(errorOf(tableFromText(text, 'shifted.txt')).location?.line).toBe(HEADER.length + 4);
  });

  it('throws Ic50Error for an export without data blocks', () => {
    const error = errorOf(tableFromText(HEADER.join('\n'), 'empty.txt'));
    expect(error.message).toMatch(/no Results or data-set grid/);
    expect(error.location?.file).toBe('empty.txt');
  });

  it('returns what is complete of a truncated file', () => {
    const text = readFileSync(new URL('gen5/mtt-stacked.txt', FIXTURES), 'utf8');
    const cut = text.slice(0, text.indexOf('E\t0.600') + 20);
    const [plate] = gen5Reader.read(tableFromText(cut, 'cut.txt')) as [RawPlate];
    const a570 = readOf(plate, 'mtt:570');
    expect(value(plate, a570, 'D1')).toBe(0.5);
    expect(value(plate, a570, 'F1')).toBeNaN();
    expect(plate.rows).toBe(8);
  });
});
