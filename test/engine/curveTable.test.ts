import { describe, expect, it } from 'vitest';
import { CurveTable } from '../../src/engine/curveTable.js';
import { Names } from '../../src/engine/names.js';
import { curveKey } from '../../src/plate/groupCurves.js';
import type { CurveIdentity } from '../../src/types.js';

/** Identities of every shape a curve can have: labels or not, a time or not (0 among them), one name in several roles. */
const IDENTITIES: CurveIdentity[] = [
  { cellLine: 'A', compound: 'x', experiment: '' },
  { cellLine: 'A', compound: 'y', experiment: '' },
  { cellLine: 'B', compound: 'x', experiment: '' },
  { cellLine: 'A', compound: 'x', experiment: 'exp1' },
  { cellLine: 'A', compound: 'x', experiment: '', time: 72 },
  { cellLine: 'A', compound: 'x', experiment: '', time: 0 },
  { cellLine: 'A', compound: 'x', experiment: '', labels: ['p5', '2024-01-02'] },
  { cellLine: 'A', compound: 'x', experiment: '', labels: ['p6', '2024-01-02'], time: 72 },
  { cellLine: 'x', compound: 'A', experiment: '' },
  { cellLine: 'A', compound: 'A', experiment: 'A' },
  { cellLine: 'Ünïcode line', compound: 'ß-lapachone', experiment: '' },
];

describe('CurveTable', () => {
  it('gives back every identity, key and order it was given (first-seen order, one curve per identity)', () => {
    const table = new CurveTable(new Names());
    IDENTITIES.forEach((identity, i) => expect(table.add(identity)).toBe(i));
    // Seen again (in another order): the same curves, nothing new.
    [...IDENTITIES].reverse().forEach((identity) => expect(table.add(identity)).toBe(IDENTITIES.indexOf(identity)));
    expect(table.size).toBe(IDENTITIES.length);
    expect([...table.identities()]).toEqual(IDENTITIES);
    IDENTITIES.forEach((identity, i) => {
      expect(table.key(i)).toBe(curveKey(identity));
      expect(table.cellLine(i)).toBe(identity.cellLine);
      expect(table.time(i)).toBe(identity.time);
      expect(table.has(identity)).toBe(true);
      expect(table.indexOf(identity)).toBe(i);
    });
  });

  it('finds no curve of an identity it was not given, though each of its names is known', () => {
    const table = new CurveTable(new Names());
    for (const identity of IDENTITIES) table.add(identity);
    expect(table.has({ cellLine: 'B', compound: 'y', experiment: '' })).toBe(false);
    expect(table.has({ cellLine: 'A', compound: 'x', experiment: '', time: 24 })).toBe(false);
    expect(table.has({ cellLine: 'A', compound: 'x', experiment: '', labels: ['p5', '2024-01-03'] })).toBe(false);
    expect(table.has({ cellLine: 'A', compound: 'x', experiment: 'exp2' })).toBe(false);
    expect(table.has({ cellLine: 'C', compound: 'x', experiment: '' })).toBe(false);
    // As curveKey has it: no labels and empty labels are one curve, and so are times 0 and −0.
    expect(table.has({ cellLine: 'A', compound: 'x', experiment: '', labels: [] })).toBe(true);
    expect(table.indexOf({ cellLine: 'A', compound: 'x', experiment: '', time: -0 })).toBe(5);
  });

  it('keeps where each curve ends: its last well and the first and last chunk holding it, never moved back', () => {
    const table = new CurveTable(new Names());
    const a = table.add(IDENTITIES[0]!, 10, 0);
    const b = table.add(IDENTITIES[1]!, 12, 0);
    table.add(IDENTITIES[0]!, 30, 2);
    table.add(IDENTITIES[0]!, 20, 1);
    expect([table.last(a), table.firstChunk(a), table.lastChunk(a), table.spans(a)]).toEqual([30, 0, 2, true]);
    expect([table.last(b), table.firstChunk(b), table.lastChunk(b), table.spans(b)]).toEqual([12, 0, 0, false]);
  });

  it('holds many curves through its growth and rehashing', () => {
    const table = new CurveTable(new Names());
    const n = 20_000;
    for (let i = 0; i < n; i++) expect(table.add({ cellLine: `line${i % 97}`, compound: `cmpd${i}`, experiment: '' }, i, i >> 10)).toBe(i);
    for (let i = 0; i < n; i += 7) {
      const at = table.indexOf({ cellLine: `line${i % 97}`, compound: `cmpd${i}`, experiment: '' });
      expect(at).toBe(i);
      expect([table.last(at), table.firstChunk(at)]).toEqual([i, i >> 10]);
    }
    expect(table.has({ cellLine: 'line1', compound: 'cmpd0', experiment: '' })).toBe(false);
  });

  it('merges another table of the same names: its new curves after, shared ones extended, chunks renumbered', () => {
    const names = new Names();
    const first = new CurveTable(names);
    first.add(IDENTITIES[0]!, 5, 0);
    first.add(IDENTITIES[1]!, 6, 1);
    const second = new CurveTable(names);
    second.add(IDENTITIES[2]!, 2 ** 32 + 3, 0);
    second.add(IDENTITIES[0]!, 2 ** 32 + 4, 1);
    const into = first.merge(second, (part) => part + 2);
    expect([...into]).toEqual([2, 0]);
    expect([...first.identities()]).toEqual([IDENTITIES[0], IDENTITIES[1], IDENTITIES[2]]);
    expect([first.last(0), first.firstChunk(0), first.lastChunk(0)]).toEqual([2 ** 32 + 4, 0, 3]);
    expect([first.last(2), first.firstChunk(2), first.lastChunk(2)]).toEqual([2 ** 32 + 3, 2, 2]);
    expect(() => first.merge(new CurveTable(new Names()), (c) => c)).toThrow(/different names/);
    second.mapChunks((part) => part * 10);
    expect([second.firstChunk(1), second.lastChunk(1)]).toEqual([10, 10]);
  });
});
