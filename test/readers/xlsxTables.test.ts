import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { tablesFromXlsx } from '../../src/readers/xlsxTables.js';
import { skanitReader } from '../../src/readers/skanit.js';
import { tecanReader } from '../../src/readers/tecan.js';

// The .xlsx fixtures are written by test/fixtures/xlsx/make-fixtures.mjs.
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/xlsx/${name}`, import.meta.url)));

async function xlsxError(data: Uint8Array): Promise<Ic50Error> {
  try {
    await tablesFromXlsx(data, 'broken.xlsx');
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

describe('tablesFromXlsx', () => {
  it('makes one CellTable per worksheet, in workbook order, with sheet row numbers as lines', async () => {
    const tables = await tablesFromXlsx(bytes('cells.xlsx'), 'cells.xlsx');
    expect(tables.map((t) => t.sheet)).toEqual(['Cells', 'Empty']);
    const [cells, empty] = tables;
    expect(cells!.source).toBe('cells.xlsx');
    expect(cells!.delimiter).toBe('');
    expect(cells!.decimalComma).toBe(false);
    expect(cells!.lines).toEqual([1, 2, 3, 4, 5, 6]);
    expect(cells!.rows[0]).toEqual([]); // rows 1–2 are absent in the sheet: empty, kept
    expect(empty!.rows).toEqual([]);
  });

  it('turns every kind of cell into text', async () => {
    const [cells] = await tablesFromXlsx(bytes('cells.xlsx'), 'cells.xlsx');
    // Column A is empty (data starts at B3); shared and inline strings are trimmed;
    // a double stored as 6.3500000000000001E-2 is String(0.0635).
    expect(cells!.rows[2]).toEqual(['', 'padded text', 'inline text', '0.0635']);
    // Formulas give their cached results; booleans TRUE/FALSE.
    expect(cells!.rows[4]).toEqual(['', '0.127', 'padded text!', 'TRUE']);
    // Date-formatted serials as ISO text; a gap stays ''; numbers keep full precision.
    expect(cells!.rows[5]).toEqual(['', '2025-03-20', '2025-03-20T12:00:00', '', '1e+21', '-0.000001']);
  });

  it('feeds the plate readers the same cells as a text export', async () => {
    const tecan = await tablesFromXlsx(bytes('tecan-icontrol.xlsx'), 'tecan-icontrol.xlsx');
    expect(tecan.map((t) => tecanReader.detect(t))).toEqual([true, true]);
    expect(tecan.flatMap((t) => tecanReader.read(t)).map((p) => `${p.id}:${p.reads.length}`)).toEqual(['H460-1:1', 'Kinetic:1']);
    const skanit = await tablesFromXlsx(bytes('skanit.xlsx'), 'skanit.xlsx');
    expect(skanitReader.read(skanit[0]!)[0]!.reads).toHaveLength(2);
  });

  it('reports a file that is not a workbook, naming it', async () => {
    const error = await xlsxError(new TextEncoder().encode('cell_line,compound,conc_nM,rlu\nA,x,1,5\n'));
    expect(error.message).toMatch(/^not a readable \.xlsx workbook: /);
    expect(error.location).toEqual({ file: 'broken.xlsx' });
  });

  it('reports a truncated or corrupt workbook', async () => {
    const good = bytes('tecan-icontrol.xlsx');
    await xlsxError(good.subarray(0, good.length - 200));
    const corrupt = good.slice();
    for (let i = 100; i < 1500; i++) corrupt[i] = corrupt[i]! ^ 0x5a;
    await xlsxError(corrupt);
    await xlsxError(new Uint8Array(0));
  });
});
