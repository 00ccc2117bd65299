import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { normalizePlates } from '../../src/plate/normalize.js';
import type { WellRecord, WellRole } from '../../src/types.js';

let line = 1;
function well(role: WellRole, signal: number, cellLine = 'A', plate = 'p1', file = 'f.csv'): WellRecord {
  line++;
  return { location: { file, line }, plate, role, cellLine, compound: role === 'sample' ? 'x' : '', log10Molar: role === 'sample' ? -7 : Number.NaN, unit: 'nM', signal };
}

describe('normalizePlates', () => {
  it('computes 100 × (signal − mean blank) / (mean vehicle − mean blank) per plate and cell line', () => {
    const wells = [
      well('vehicle', 1000), well('vehicle', 1200), well('blank', 100, ''), well('blank', 300, ''),
      well('sample', 650), well('sample', 200),
      well('vehicle', 500, 'B'), well('sample', 300, 'B'),
    ];
    const { wells: out, plates } = normalizePlates(wells);
    // A: blank 200, vehicle 1100 → (650−200)/900 = 50 %, (200−200)/900 = 0 %.
    // B: shares the cell-line-free blanks: (300−200)/(500−200) = 33.3 %.
    expect(out[0]!.response).toBe(50);
    expect(out[1]!.response).toBe(0);
    expect(out[2]!.response).toBeCloseTo(100 / 3, 12);
    expect(plates.map((p) => p.cellLine)).toEqual(['A', 'B']);
  });

  it('normalizes each plate to its own controls', () => {
    const wells = [well('vehicle', 100, 'A', 'p1'), well('blank', 0, '', 'p1'), well('sample', 50, 'A', 'p1'),
      well('vehicle', 200, 'A', 'p2'), well('blank', 0, '', 'p2'), well('sample', 50, 'A', 'p2')];
    expect(normalizePlates(wells).wells.map((w) => w.response)).toEqual([50, 25]);
  });

  it('uses positive-control wells as 0 % when there is no blank', () => {
    const wells = [well('vehicle', 1000), well('positive', 200), well('sample', 600)];
    expect(normalizePlates(wells).wells[0]!.response).toBe(50);
  });

  it('takes background 0 with a warning and a flag when there is no blank or positive control', () => {
    const { wells, warnings } = normalizePlates([well('vehicle', 1000), well('sample', 600)]);
    expect(wells[0]!.response).toBe(60);
    expect(wells[0]!.noBlank).toBe(true);
    expect(warnings[0]!.message).toMatch(/no blank or positive-control wells; background taken as 0/);
  });

  it('is an error when a plate and cell line has no vehicle wells', () => {
    expect(() => normalizePlates([well('blank', 10, ''), well('sample', 600, 'K562', 'plate 7')])).toThrowError(
      /plate "plate 7", cell line "K562": no vehicle wells to normalize to/,
    );
  });

  it('is an error when the vehicle mean is not above the blank mean', () => {
    try {
      normalizePlates([well('vehicle', 100), well('blank', 100, ''), well('sample', 50)]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Ic50Error);
      expect((error as Ic50Error).message).toMatch(/vehicle mean 100.0 is not above the background 100.0/);
      expect((error as Ic50Error).location?.file).toBe('f.csv');
    }
  });

  it('passes % viability through with normalization off', () => {
    expect(normalizePlates([well('sample', 42)], { normalized: true }).wells[0]!.response).toBe(42);
  });
});

describe('normalizePlates with blanks guessed from their names', () => {
  const inferred = (role: WellRole, signal: number, compound: string): WellRecord => ({ ...well(role, signal, role === 'blank' ? '' : 'A'), compound, roleInferred: true });

  it('sets aside "blanks" that read like wells with cells (DrugScreenExplorer maps PBS on cells), with a warning', () => {
    const wells = [inferred('vehicle', 1000, 'DMSO'), inferred('vehicle', 1000, 'DMSO'), inferred('blank', 1050, 'PBS'), inferred('blank', 1060, 'PBS'), well('sample', 500)];
    const { wells: out, warnings, plates } = normalizePlates(wells);
    expect(out[0]!.response).toBe(50); // background 0
    expect(out[0]!.noBlank).toBe(true);
    expect(warnings[0]!.message).toMatch(/wells named "PBS", taken as blanks by their name, read like wells with cells \(mean 1055 against vehicle 1000\): not used as background/);
    expect(plates[0]!.nBlank).toBe(0);
  });

  it('keeps the error when a role column says they are blanks', () => {
    const wells = [well('vehicle', 1000), well('blank', 1050, ''), well('sample', 500)];
    expect(() => normalizePlates(wells)).toThrowError(/vehicle mean 1000 is not above the background 1050/);
  });
});
