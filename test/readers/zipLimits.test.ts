import { inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { checkWorkbookSize, MAX_WORKBOOK_XML_BYTES } from '../../src/readers/zipLimits.js';
import { tablesFromXlsx } from '../../src/readers/xlsxTables.js';
import { bombStream, zipBomb } from '../io/zipBomb.js';

describe('workbook size limits', () => {
  it('the hand-made bomb inflates as it says', () => {
    expect(inflateSync(bombStream(1000)).length).toBe(1 + 258 * 1000);
    expect(inflateSync(bombStream(1000)).every((b) => b === 0)).toBe(true);
  });

  it('refuses a workbook whose directory declares more sheet XML than the limit, before inflating it', () => {
    const bomb = zipBomb(1_000_000); // 1.6 MB inflating to 258 MB
    expect(bomb.length).toBeLessThan(2 << 20);
    expect(() => checkWorkbookSize(bomb, 'bomb.xlsx')).toThrowError(/the workbook holds more than 200 MB of sheet data when unpacked \(246 MB\): not read/);
  });

  it('refuses a workbook whose directory lies: the XML is counted as it inflates, and thrown away', () => {
    const liar = zipBomb(1_000_000, 1000);
    try {
      checkWorkbookSize(liar, 'liar.xlsx');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Ic50Error);
      expect((error as Ic50Error).code).toBe('limit');
      expect((error as Ic50Error).describe()).toMatch(/^liar\.xlsx: the workbook holds more than 200 MB of sheet data when unpacked/);
    }
  });

  it('lets a workbook under the limit through, and the reader refuses the bomb too', async () => {
    expect(() => checkWorkbookSize(zipBomb(1000), 'small.xlsx')).not.toThrow();
    expect(() => checkWorkbookSize(zipBomb(1000), 'small.xlsx', 100)).toThrowError(/more than 0 MB/);
    expect(MAX_WORKBOOK_XML_BYTES).toBe(200 * 2 ** 20);
    await expect(tablesFromXlsx(zipBomb(1_000_000, 1000), 'bomb.xlsx')).rejects.toThrowError(/bomb\.xlsx|200 MB/);
  });
});
