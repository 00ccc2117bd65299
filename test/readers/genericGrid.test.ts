import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tableFromText } from '../../src/readers/cellTable.js';
import { genericGridReader } from '../../src/readers/genericGrid.js';
import { parseWellId } from '../../src/plate/wellId.js';
import type { RawPlate } from '../../src/readers/rawPlate.js';

const table = (name: string) => tableFromText(readFileSync(fileURLToPath(new URL(`../fixtures/grid/${name}`, import.meta.url)), 'utf8'), name);
const at = (plate: RawPlate, well: string, read = 0) => {
  const p = parseWellId(well)!;
  return plate.reads[read]!.values[p.row * plate.columns + p.column];
};

describe('genericGridReader', () => {
  it('reads a labelled 96-well grid with a title line, keeping markers', () => {
    const t = table('labelled-96.csv');
    expect(genericGridReader.detect(t)).toBe(true);
    const [plate] = genericGridReader.read(t);
    expect(plate).toMatchObject({ rows: 8, columns: 12, id: 'labelled-96.csv' });
    expect(plate!.reads[0]!.label).toBe('Luminescence');
    expect(at(plate!, 'A1')).toBe(1001);
    expect(at(plate!, 'H12')).toBe(8012);
    expect(at(plate!, 'B3')).toBeNaN();
    expect(plate!.reads[0]!.markers.get(1 * 12 + 2)).toBe('OVRFLW');
    expect(plate!.reads[0]!.lines?.get(0)).toBe(3);
  });

  it('makes grids titled by wavelengths the reads of one plate (MTT)', () => {
    const [plate, ...rest] = genericGridReader.read(table('mtt-570-650.csv'));
    expect(rest).toHaveLength(0);
    expect(plate!.reads.map((r) => [r.label, r.wavelengthNm])).toEqual([['570', 570], ['650', 650]]);
    expect(at(plate!, 'C4', 1)).toBe(0.05);
  });

  it('reads a bare 16×24 matrix, with unread edges left empty', () => {
    const [plate] = genericGridReader.read(table('bare-384.csv'));
    expect(plate).toMatchObject({ rows: 16, columns: 24 });
    expect(at(plate!, 'A1')).toBeNaN();
    expect(at(plate!, 'B2')).toBe(101);
    expect(plate!.reads[0]!.markers.size).toBe(0);
  });

  it('does not claim a tidy CSV', () => {
    expect(genericGridReader.detect(tableFromText('cell_line,compound,conc_nM,rlu\nA,x,1,5\n', 't.csv'))).toBe(false);
  });
});
