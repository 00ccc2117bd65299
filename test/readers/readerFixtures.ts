import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { decodeText } from '../../src/readers/decodeText.js';
import { parseWellId } from '../../src/plate/wellId.js';
import { tableFromText, type CellTable } from '../../src/readers/cellTable.js';
import type { PlateRead, PlateReader, RawPlate } from '../../src/readers/rawPlate.js';

/** URL of a file under test/fixtures/. */
export const fixtureUrl = (path: string): URL => new URL(`../fixtures/${path}`, import.meta.url);

/** A fixture as the CLI reads it: decoded (BOM, UTF-16, Windows-1252), then split into cells. */
export function fixtureTable(path: string): CellTable {
  const text = decodeText(readFileSync(fixtureUrl(path)));
  if (text === null) throw new Error(`${path} is not text`);
  return tableFromText(text, path.split('/').pop()!);
}

/** The value, marker and line of a well of a read, by well id. */
export function wellOf(plate: RawPlate, read: PlateRead, id: string): { value: number | undefined; marker: string | undefined; line: number | undefined } {
  const p = parseWellId(id)!;
  const index = p.row * plate.columns + p.column;
  return { value: read.values[index], marker: read.markers.get(index), line: read.lines?.get(index) };
}

/** The Ic50Error a reader throws on `text` (the test fails if it throws something else, or nothing). */
export function readErrorOf(reader: PlateReader, text: string, name: string, mustDetect = false): Ic50Error {
  const table = tableFromText(text, name);
  if (mustDetect) expect(reader.detect(table)).toBe(true);
  try {
    reader.read(table);
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

/** Row-major index of a well id on a plate. */
export function wellIndex(plate: RawPlate, id: string): number {
  const p = parseWellId(id)!;
  return p.row * plate.columns + p.column;
}
