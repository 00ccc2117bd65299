import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { chooseRead, selectSignal } from '../../src/plate/selectSignal.js';
import type { PlateRead, RawPlate } from '../../src/readers/rawPlate.js';

function read(label: string, values: number[], extra: Partial<PlateRead> = {}): PlateRead {
  return { label, origin: 'raw', values: Float64Array.from(values), markers: new Map(), ...extra };
}
function plate(reads: PlateRead[]): RawPlate {
  return { source: 'x.txt', reader: 'test', id: 'P1', rows: 1, columns: 3, reads, meta: {}, notes: [] };
}

describe('selectSignal', () => {
  it('uses the first raw read by default, skipping vendor-calculated copies', () => {
    const p = plate([read('Calculated results: Crosstalk', [1, 2, 3], { origin: 'calculated' }), read('Results for US LUM', [4, 5, 6])]);
    expect(selectSignal(p).description).toBe('Results for US LUM');
    expect(Array.from(selectSignal(p).values)).toEqual([4, 5, 6]);
  });

  it('picks a read by --read label, substring or number, and lists the reads when it cannot', () => {
    const p = plate([read('Lum', [1, 2, 3]), read('NormLum', [7, 8, 9], { origin: 'calculated' })]);
    expect(chooseRead(p, 'NormLum').label).toBe('NormLum');
    expect(chooseRead(p, '2').label).toBe('NormLum');
    expect(() => chooseRead(p, 'lum')).toThrowError(/matches 2 reads/);
    try {
      chooseRead(p, 'Abs');
    } catch (error) {
      expect((error as Ic50Error).describe()).toBe('x.txt: plate "P1" has no read "Abs" (reads: 1: "Lum", 2: "NormLum" (calculated))');
    }
  });

  it('subtracts the MTT reference read (620–700 nm) from the signal read (540–600 nm)', () => {
    const p = plate([read('562', [0.9, 0.5, Number.NaN], { wavelengthNm: 562, markers: new Map([[2, 'Range?']]) }), read('660', [0.05, 0.04, 0.05], { wavelengthNm: 660 })]);
    const signal = selectSignal(p);
    expect(signal.description).toBe('562 − 660 (reference subtracted)');
    expect(signal.values[0]).toBeCloseTo(0.85, 12);
    expect(signal.values[2]).toBeNaN();
    expect(signal.markers.get(2)).toBe('Range?');
    expect(selectSignal(p, { referenceSubtract: false }).description).toBe('562');
  });
});
