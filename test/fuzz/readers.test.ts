import { describe, it } from 'vitest';
import { holds } from './holds.js';
import { bytesProperty, readersProperty, silentShiftProperty, xlsxCellsProperty, xlsxProperty } from './properties.js';

// Hostile input to every reader (fixed seeds; `npm run fuzz` for the long run): each returns
// well-formed plates or throws an Ic50Error naming the file, whatever it is given.
describe('readers on hostile input (fuzz)', () => {
  it('decodeText, tableFromText and every reader on arbitrary bytes', async () => {
    await holds(bytesProperty, 600, 11);
  });

  it('every reader (detected or forced) on exports with cells, lines, delimiters, endings and BOMs mangled', async () => {
    await holds(readersProperty, 1000, 12);
  });

  it('never moves a value to another well without a note when a cell is lost or unreadable', async () => {
    await holds(silentShiftProperty, 800, 13);
  });

  it('tablesFromXlsx and the readers on damaged workbooks', async () => {
    await holds(xlsxProperty, 60, 14);
  });

  it('every reader on workbook sheets with cells replaced', async () => {
    await holds(xlsxCellsProperty, 30, 15);
  });
});
