import { describe, expect, it } from 'vitest';
import { checkExclusions, ExclusionMatcher, parseExclusion, parseExclusionList, readExclusionTable } from '../../src/plate/exclusions.js';
import { Ic50Error } from '../../src/errors.js';
import type { WellRecord } from '../../src/types.js';

function well(plate: string, id: string | undefined, role: WellRecord['role'] = 'sample'): WellRecord {
  return { location: { file: 'f.csv', line: 2, ...(id ? { well: id } : {}) }, plate, role, cellLine: 'L', compound: 'drug', log10Molar: -8, unit: 'nM', signal: 1000 };
}

describe('parseExclusion', () => {
  it('reads PLATE:WELL, blocks in any corner order and WELL alone', () => {
    expect(parseExclusion('P1:A1')).toMatchObject({ plate: 'P1', well: 'A1', from: { row: 0, column: 0 }, to: { row: 0, column: 0 } });
    expect(parseExclusion(' P1 : C2-A01 ')).toMatchObject({ plate: 'P1', from: { row: 0, column: 0 }, to: { row: 2, column: 1 } });
    expect(parseExclusion('B12')).toMatchObject({ plate: undefined, from: { row: 1, column: 11 } });
    // The plate is everything before the last colon.
    expect(parseExclusion('run:2:H3').plate).toBe('run:2');
    // A well name that is no grid position matches by its text.
    expect(parseExclusion('P1:well 5')).toMatchObject({ well: 'well 5', from: undefined });
  });

  it('refuses an empty well or plate', () => {
    expect(() => parseExclusion('P1:')).toThrow(/names no well/);
    expect(() => parseExclusion(':A1')).toThrow(/names no plate/);
    expect(() => parseExclusionList(' , ')).toThrow(Ic50Error);
  });

  it('splits a comma-separated list', () => {
    expect(parseExclusionList('P1:A1-A3, P2:H12').map((e) => `${e.plate}:${e.well}`)).toEqual(['P1:A1-A3', 'P2:H12']);
  });
});

describe('readExclusionTable', () => {
  it('reads plate, well and reason, with the line of each row', () => {
    const list = readExclusionTable('Plate,Well,Reason\nP1,A1,bubble\n\nP2,B1-B3,"pipetting, row B"\n', 'ex.csv');
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ plate: 'P1', well: 'A1', reason: 'bubble', source: { file: 'ex.csv', line: 2 } });
    expect(list[1]).toMatchObject({ plate: 'P2', well: 'B1-B3', reason: 'pipetting, row B', source: { line: 4 } });
  });

  it('takes rows without a plate as the only plate, and names its problems with the line', () => {
    expect(readExclusionTable('well;comment\nA1;edge\n', 'ex.csv')[0]).toMatchObject({ plate: undefined, reason: 'edge' });
    expect(() => readExclusionTable('plate,reason\nP1,x\n', 'ex.csv')).toThrow(/no well column/);
    try {
      readExclusionTable('plate,well,reason\nP1,,x\n', 'ex.csv');
      expect.unreachable();
    } catch (error) {
      expect((error as Ic50Error).location).toEqual({ file: 'ex.csv', line: 2 });
    }
  });
});

describe('ExclusionMatcher', () => {
  it('excludes the wells covered, in any spelling, keeping the role they had and the reason', () => {
    const matcher = new ExclusionMatcher([parseExclusion('P1:A1-B2', 'edge'), parseExclusion('H12', 'blank bubble')]);
    const a = matcher.apply(well('P1', 'A01'));
    expect(a.role).toBe('exclude');
    expect(a.userExclusion).toEqual({ reason: 'edge', role: 'sample' });
    expect(matcher.apply(well('P1', 'B2', 'vehicle')).userExclusion).toEqual({ reason: 'edge', role: 'vehicle' });
    // Outside the block, or on another plate: untouched.
    expect(matcher.apply(well('P1', 'C1'))).toEqual(well('P1', 'C1'));
    expect(matcher.apply(well('P2', 'A1'))).toEqual(well('P2', 'A1'));
    expect(matcher.apply(well('P2', 'H12', 'blank')).userExclusion?.role).toBe('blank');
    expect(matcher.apply(well('P1', undefined))).toEqual(well('P1', undefined));
    expect(matcher.hits.map((h) => [h.exclusion, h.label])).toEqual([[0, 'P1:A1'], [0, 'P1:B2'], [1, 'P2:H12']]);
  });
});

describe('checkExclusions', () => {
  const hit = { exclusion: 0, plate: 'P1', label: 'P1:A1', role: 'sample' as const, cellLine: 'L', compound: 'd', reason: '' };

  it('passes when every exclusion matched a well', () => {
    expect(() => checkExclusions([parseExclusion('P1:A1')], [hit], ['P1', 'P2'], [])).not.toThrow();
  });

  it('names a well that is not in the data, and a missing plate', () => {
    expect(() => checkExclusions([parseExclusion('P1:A1'), parseExclusion('P1:Z9')], [hit], ['P1'], [])).toThrow(/--exclude P1:Z9: no such well/);
    expect(() => checkExclusions([parseExclusion('P9:A1')], [], ['P1'], [])).toThrow(/no plate "P9"/);
  });

  it('asks for the plate when a well alone is given and there are several plates', () => {
    expect(() => checkExclusions([parseExclusion('A1')], [hit], ['P1', 'P2'], [])).toThrow(/2 plates; name the plate/);
    expect(() => checkExclusions([parseExclusion('A1')], [hit], ['P1'], [])).not.toThrow();
  });

  it('points at the exclusion table’s line', () => {
    const [exclusion] = readExclusionTable('plate,well\nP1,Z9\n', 'ex.csv');
    try {
      checkExclusions([exclusion!], [], ['P1'], []);
      expect.unreachable();
    } catch (error) {
      expect((error as Ic50Error).location).toEqual({ file: 'ex.csv', line: 2 });
    }
  });
});

describe('a block running off the plate', () => {
  it('is refused, naming the corner that is no well read', async () => {
    const { checkExclusions, parseExclusionList } = await import('../../src/plate/exclusions.js');
    const [block] = parseExclusionList('P1:A1-A99');
    const hits = Array.from({ length: 12 }, (_, c) => ({ exclusion: 0, plate: 'P1', label: `P1:A${c + 1}`, role: 'sample' as const, cellLine: 'L', compound: 'C', reason: '' }));
    expect(() => checkExclusions([block!], hits, ['P1'], [])).toThrow('--exclude P1:A1-A99: the block\'s corner A99 is not a well read on plate "P1"');
    const [fits] = parseExclusionList('P1:A1-A12');
    expect(() => checkExclusions([fits!], hits, ['P1'], [])).not.toThrow();
  });
});
