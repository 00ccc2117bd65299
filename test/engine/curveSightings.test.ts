import { describe, expect, it } from 'vitest';
import { CurveMarker, markCount, MARK_IDS, MARK_VALUES, type CurveMarks } from '../../src/engine/curveMarks.js';
import { CurveSightings, kindOf } from '../../src/engine/curveSightings.js';
import { positionOf, type InputSpec } from '../../src/engine/inputs.js';

function tidy(index: number): InputSpec {
  return { index, name: `in${index}.csv`, data: { kind: 'text', text: '' }, format: 'tidy' };
}

/** Marks of wells given as [cell line, compound, unit, line], in order. */
function marksOf(wells: [string, string, string, number][], labels?: readonly string[], time?: number): CurveMarks {
  const marker = new CurveMarker();
  for (const [cellLine, compound, unit, line] of wells) {
    marker.unitKind(compound, unit.endsWith('g/mL') ? 'mass' : 'molar', unit, line);
    if (marker.same(cellLine, compound, '', labels, time, line)) continue;
    marker.curve({ cellLine, compound, experiment: '', ...(labels ? { labels } : {}), ...(time !== undefined ? { time } : {}) }, unit, line);
  }
  return marker.marks();
}

describe('CurveMarker', () => {
  it('packs a chunk’s curves in first-seen order with their last lines, and the first well of each compound in each kind of unit', () => {
    const marks = marksOf([
      ['A', 'x', 'nM', 2],
      ['A', 'x', 'nM', 3],
      ['A', 'y', 'ug/mL', 4],
      ['A', 'x', 'nM', 5],
      ['A', 'x', 'ng/mL', 6],
    ]);
    expect(markCount(marks)).toBe(2);
    const text = (id: number) => (id < 0 ? undefined : marks.strings[id]);
    const curve = (m: number) => [...marks.curveIds.subarray(m * MARK_IDS, (m + 1) * MARK_IDS)].map(text);
    expect(curve(0)).toEqual(['A', 'x', '', undefined, 'nM']);
    expect(curve(1)).toEqual(['A', 'y', '', undefined, 'ug/mL']);
    expect([...marks.curveValues]).toEqual([Number.NaN, 6, Number.NaN, 4]);
    // x in nM (line 2) and in ng/mL (line 6): both kinds, each once; y in ug/mL.
    expect([...marks.kindIds].map((v, i) => (i % 3 === 2 ? kindOf(v) : text(v)))).toEqual(['x', 'nM', 'molar', 'y', 'ug/mL', 'mass', 'x', 'ng/mL', 'mass']);
    expect([...marks.kindLines]).toEqual([2, 4, 6]);
  });

  it('keeps labels and times as part of a curve’s identity', () => {
    const marks = marksOf([['A', 'x', 'nM', 2]], ['p5'], 72);
    expect(marks.strings[marks.curveIds[3]!]).toBe('["p5"]');
    expect(marks.curveValues[0 * MARK_VALUES]).toBe(72);
  });
});

describe('CurveSightings', () => {
  it('adds each part as it arrives: lines counted on from the parts before, curves across parts one curve', () => {
    const sightings = new CurveSightings([tidy(0), tidy(1)], undefined);
    sightings.add(0, 0, marksOf([['A', 'x', 'nM', 2], ['A', 'y', 'nM', 9]]), 10);
    sightings.add(0, 1, marksOf([['A', 'y', 'nM', 1], ['A', 'z', 'nM', 4]]), 5);
    sightings.add(1, 0, marksOf([['A', 'x', 'nM', 3]]), 4);
    expect(() => sightings.add(0, 3, marksOf([]), 1)).toThrow(/out of order/);
    const table = sightings.takeTable(0)!;
    expect([...table.identities()].map((c) => c.compound)).toEqual(['x', 'y', 'z']);
    expect([table.last(1), table.firstChunk(1), table.lastChunk(1)]).toEqual([positionOf(0, 11), 0, 1]);
    expect(table.last(2)).toBe(positionOf(0, 14));
    expect(sightings.partsOf(0).map((p) => [...p.curves])).toEqual([[0, 1], [1, 2]]);
    expect(sightings.takeTable(0)).toBeUndefined();
    // Another input's curves are its own table's (the plan merges them), of the same names.
    const other = sightings.takeTable(1)!;
    expect(other.names).toBe(table.names);
    expect(other.last(0)).toBe(positionOf(1, 3));
    sightings.reset(1);
    expect(sightings.partsOf(1)).toEqual([]);
    sightings.add(1, 0, marksOf([['B', 'x', 'nM', 3]]), 4);
    expect(sightings.takeTable(1)!.cellLine(0)).toBe('B');
  });

  it('notes the curves whose unit --unit-out cannot convert, in order', () => {
    const sightings = new CurveSightings([tidy(0)], 'nM');
    sightings.add(0, 0, marksOf([['A', 'x', 'ug/mL', 2], ['A', 'y', 'uM', 3], ['B', 'x', 'ug/mL', 4]]), 4);
    const names = sightings.names;
    expect([...sightings.partsOf(0)[0]!.unconverted].map((id) => names.text(id))).toEqual(['x', 'ug/mL', 'x', 'ug/mL']);
    const kinds = sightings.partsOf(0)[0]!.unitKinds;
    expect([...kinds.compounds].map((id) => names.text(id))).toEqual(['x', 'y']);
    expect([...kinds.lines]).toEqual([2, 3]);
    sightings.release(0);
    expect(sightings.partsOf(0)).toEqual([]);
  });
});
