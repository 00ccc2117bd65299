import { describe, expect, it } from 'vitest';
import { canonicalWellId, formatWellId, parseRowLabel, parseWellId, rowLabel } from '../../src/plate/wellId.js';

describe('well ids', () => {
  it.each([['A1', 'A1'], ['A01', 'A1'], ['A001', 'A1'], ['a1', 'A1'], ['P24', 'P24'], ['AA1', 'AA1'], ['AF48', 'AF48'], ['B-03', 'B3']])('%s → %s', (text, id) => {
    expect(canonicalWellId(text)).toBe(id);
  });
  it('rejects what is not a well id', () => {
    for (const text of ['', '1A', 'A', 'A0', 'ABC1', 'A1B']) expect(parseWellId(text)).toBeNull();
  });
  it('labels rows A…Z then AA…AF for 1536-well plates', () => {
    expect([0, 25, 26, 31].map(rowLabel)).toEqual(['A', 'Z', 'AA', 'AF']);
    expect(parseRowLabel('AF')).toBe(31);
    expect(formatWellId(31, 47)).toBe('AF48');
  });
});
