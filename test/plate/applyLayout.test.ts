import { describe, expect, it } from 'vitest';
import type { LayoutWell, PlateLayout } from '../../src/layouts/plateLayout.js';
import { applyLayout, layoutForPlate } from '../../src/plate/applyLayout.js';
import { selectSignal } from '../../src/plate/selectSignal.js';
import type { RawPlate } from '../../src/readers/rawPlate.js';

function plate(values: number[], markers = new Map<number, string>()): RawPlate {
  const padded = Float64Array.from({ length: 96 }, (_, i) => values[i] ?? Number.NaN);
  return { source: 'export.txt', reader: 'test', id: 'BC001', rows: 8, columns: 12, reads: [{ label: 'Lum', origin: 'raw', values: padded, markers, lines: new Map([[0, 20]]) }], meta: {}, notes: [] };
}
const sample = (log10Molar: number): LayoutWell => ({ role: 'sample', cellLine: '', compound: 'drugA', log10Molar, unit: 'uM' });
function layout(wells: [string, LayoutWell][], extra: Partial<PlateLayout> = {}): PlateLayout {
  return { source: 'map.csv', plate: '', rows: 8, columns: 12, declared: true, wells: new Map(wells), ...extra };
}

describe('applyLayout', () => {
  it('joins export values with what the map says, taking --cell-line for wells without one', () => {
    const p = plate([100, 50, 10]);
    const { wells, warnings } = applyLayout(p, selectSignal(p), layout([['A1', { role: 'vehicle', cellLine: '', compound: 'DMSO', log10Molar: Number.NaN, unit: '' }], ['A2', sample(-6)], ['A3', { role: 'blank', cellLine: '', compound: 'PBS', log10Molar: Number.NaN, unit: '' }]]), 'K562');
    expect(warnings).toEqual([]);
    expect(wells.map((w) => [w.location.well, w.role, w.cellLine, w.signal])).toEqual([['A1', 'vehicle', 'K562', 100], ['A2', 'sample', 'K562', 50], ['A3', 'blank', '', 10]]);
    expect(wells[0]!.location).toEqual({ file: 'export.txt', line: 20, well: 'A1' });
    expect(wells[0]!.plate).toBe('BC001');
  });

  it('excludes marker and unread wells with a warning naming them', () => {
    const p = plate([Number.NaN, 5], new Map([[0, 'OVRFLW']]));
    const { wells, warnings } = applyLayout(p, selectSignal(p), layout([['A1', sample(-6)], ['A3', sample(-7)]]), 'K562');
    expect(wells.map((w) => w.role)).toEqual(['exclude', 'exclude']);
    expect(warnings.map((w) => `${w.location.well}: ${w.message}`)).toEqual(['A1: "OVRFLW" is not a reading: well excluded', 'A3: not read in the export: well excluded']);
  });

  it('refuses a map for another plate size', () => {
    const p = plate([1]);
    expect(() => applyLayout(p, selectSignal(p), layout([['A1', sample(-6)]], { rows: 16, columns: 24 }), 'K')).toThrowError(
      'the layout describes a 384-well (16×24) plate, but plate "BC001" is 96-well (8×12)',
    );
  });

  it('accepts a listed (undeclared) map that uses part of a larger plate, but not one that reaches beyond it', () => {
    const p = plate([1]);
    expect(applyLayout(p, selectSignal(p), layout([['A1', sample(-6)]], { rows: 6, columns: 8, declared: false }), 'K').wells).toHaveLength(1);
    expect(() => applyLayout(p, selectSignal(p), layout([['A1', sample(-6)]], { rows: 16, columns: 24, declared: false }), 'K')).toThrowError(/describes a 384-well/);
  });

  it('needs a cell line for samples', () => {
    const p = plate([1]);
    expect(() => applyLayout(p, selectSignal(p), layout([['A1', sample(-6)]]))).toThrowError(/names no cell line/);
  });
});

describe('layoutForPlate', () => {
  it('matches a map by plate id or file name, else the one shared map, else says which plates it knows', () => {
    const p = plate([1]);
    const shared = layout([]);
    const keyed = layout([], { plate: 'BC001' });
    const byFile = layout([], { plate: 'export' });
    expect(layoutForPlate(p, [shared, keyed])).toBe(keyed);
    expect(layoutForPlate(p, [byFile])).toBe(byFile);
    expect(layoutForPlate(p, [shared])).toBe(shared);
    expect(() => layoutForPlate(p, [layout([], { plate: 'OTHER' })])).toThrowError('no layout for plate "BC001"');
  });
});
