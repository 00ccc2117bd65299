import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { tableFromText } from '../../src/readers/cellTable.js';
import { wellTableReader } from '../../src/readers/wellTable.js';

describe('wellTableReader', () => {
  it('reads a long well/value table in column-major order, one plate per plate value', () => {
    const text = readFileSync(fileURLToPath(new URL('../fixtures/grid/well-table.csv', import.meta.url)), 'utf8');
    const t = tableFromText(text, 'w.csv');
    expect(wellTableReader.detect(t)).toBe(true);
    const plates = wellTableReader.read(t);
    expect(plates.map((p) => [p.id, p.rows, p.columns])).toEqual([['P1', 8, 12], ['P2', 8, 12]]);
    expect(plates[1]!.reads[0]!.values[1 * 12 + 2]).toBe(2000 + 12 + 3); // B3 of P2
    expect(plates[0]!.reads[0]!.label).toBe('RLU');
  });

  it('names the line of a bad well id', () => {
    const t = tableFromText('well,value\nA1,5\nQ77x,6\n', 'w.csv');
    expect(() => wellTableReader.read(t)).toThrowError(Ic50Error);
    try {
      wellTableReader.read(t);
    } catch (error) {
      expect((error as Ic50Error).describe()).toBe('w.csv:3: "Q77x" is not a well id (expected A1, A01, A001 or AA1)');
    }
  });
});
