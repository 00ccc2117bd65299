import { describe, expect, it } from 'vitest';
import { readExclusionTable } from '../../src/plate/exclusions.js';
import { exclusionTableCsv } from '../../src/writers/exclusionTable.js';

describe('exclusionTableCsv', () => {
  it('writes the table --exclude-file reads back, whatever the reasons and plate ids hold', () => {
    const rows = [
      { plate: 'P-WT-1', well: 'A1', reason: '' },
      { plate: 'P1', well: 'B12', reason: 'tip clogged, row A' },
      { plate: 'P1', well: 'C3', reason: 'said "bubble"; see notes\tlater' },
      { plate: 'run:2;b', well: 'H7', reason: '=1+1 (not a formula here)' },
      { plate: 'Plaque é', well: 'D4', reason: 'µ-dosing ≥ 2×' },
    ];
    const text = exclusionTableCsv(rows);
    expect(text.split('\n')[0]).toBe('plate,well,reason');
    expect(text.split('\n')[2]).toBe('P1,B12,"tip clogged, row A"');
    const back = readExclusionTable(text, 'exclusions.csv');
    expect(back.map((e) => [e.plate, e.well, e.reason])).toEqual(rows.map((r) => [r.plate, r.well, r.reason]));
  });

  it('keeps a reason on its line', () => {
    const text = exclusionTableCsv([{ plate: 'P1', well: 'A1', reason: 'two\nlines' }]);
    expect(readExclusionTable(text, 'x.csv').map((e) => e.reason)).toEqual(['two lines']);
  });
});
