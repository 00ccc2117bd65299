import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { parseExclusionList } from '../../src/plate/exclusions.js';
import { matrixValues } from '../../src/writers/matrix.js';
import { PLATE_COLUMNS, toPlateRecord } from '../../src/writers/plateRecords.js';
import { outputColumns, recordOf } from '../../src/writers/records.js';
import { xlsxWorkbook } from '../../src/writers/xlsx.js';
import { MM1S_NAME, MM1S_TEXT } from './mm1s.js';

// The workbook written with write-excel-file, read back with read-excel-file (the reader ic50
// already uses for .xlsx inputs) and with R's readxl (test/reference/xlsx/make-mm1s-xlsx.sh):
// every cell of every sheet.

const REFERENCE = fileURLToPath(new URL('../reference/xlsx/', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'ic50-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Sheets = { sheet: string; data: unknown[][] }[];

async function readBack(bytes: Uint8Array): Promise<Sheets> {
  const path = join(dir, `w${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(path, bytes);
  return (await readXlsxFile(path)) as unknown as Sheets;
}

/** A record's value as the sheet should hold it: numbers, booleans, text; lists joined; missing null. */
function expected(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.join(';');
  return value;
}

describe('xlsxWorkbook', () => {
  it('holds the results, matrix, plate QC and excluded wells, every value as written', async () => {
    const options = { parental: 'MM1S WT', exclude: parseExclusionList('P-WT-1:A1,P-WT-2:A11', 'bubble') };
    const report = await analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], options);
    const bytes = await xlsxWorkbook(report.rows, { plates: report.plates, excluded: report.excluded }, options);
    const sheets = await readBack(bytes);
    expect(sheets.map((s) => s.sheet)).toEqual(['results', 'matrix', 'plate QC', 'excluded wells']);

    const columns = outputColumns(options);
    const results = sheets[0]!.data;
    expect(results[0]).toEqual(columns);
    expect(results).toHaveLength(report.rows.length + 1);
    report.rows.forEach((row, i) => {
      const record = recordOf(row, options);
      expect(results[i + 1]).toEqual(columns.map((c) => expected(record[c])));
    });
    // Numbers at full precision, not 6 digits.
    expect(results[1]![columns.indexOf('ic50')]).toBe(recordOf(report.rows[0]!, options).ic50);

    const matrix = matrixValues(report.rows.map((row) => recordOf(row)));
    expect(sheets[1]!.data).toEqual([matrix.header, ...matrix.rows.map((r) => r.map(expected))]);
    expect(sheets[2]!.data).toEqual([[...PLATE_COLUMNS], ...report.plates.map((qc) => PLATE_COLUMNS.map((c) => expected(toPlateRecord(qc)[c])))]);
    expect(sheets[3]!.data).toEqual([
      ['well', 'plate', 'role', 'cell_line', 'compound', 'reason'],
      ['P-WT-1:A1', 'P-WT-1', 'sample', 'MM1S WT', 'bortezomib', 'bubble'],
      ['P-WT-2:A11', 'P-WT-2', 'vehicle', 'MM1S WT', 'DMSO', 'bubble'],
    ]);
  });

  it('writes names a spreadsheet would run as formulas as text cells, and the same bytes every time', async () => {
    const text = MM1S_TEXT.replace(/MM1S WT/g, '=1+2');
    const report = await analyze([{ name: MM1S_NAME, text }], {});
    const bytes = await xlsxWorkbook(report.rows, { plates: report.plates });
    const sheets = await readBack(bytes);
    expect(report.rows.length).toBe(6);
    expect(sheets[0]!.data[1]![0]).toBe('=1+2');
    const xml = Object.entries(unzipSync(bytes)).filter(([name]) => name.startsWith('xl/worksheets/sheet')).map(([, data]) => strFromU8(data)).join('');
    expect(xml).not.toMatch(/<f>/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(Buffer.from(await xlsxWorkbook(report.rows, { plates: report.plates })).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('the workbook read by R’s readxl', () => {
  const options = { parental: 'MM1S WT', exclude: [...parseExclusionList('P-WT-1:A1'), ...parseExclusionList('P-WT-2:A11')] };

  it('is still the committed one, byte for byte', async () => {
    const report = await analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], options);
    const bytes = await xlsxWorkbook(report.rows, { plates: report.plates, excluded: report.excluded }, options);
    expect(Buffer.from(bytes).equals(readFileSync(`${REFERENCE}mm1s.xlsx`))).toBe(true);
  });

  it('holds every value ic50 wrote, numbers to the last bit', async () => {
    const report = await analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], options);
    const ours = await readBack(readFileSync(`${REFERENCE}mm1s.xlsx`));
    const names = (parse(readFileSync(`${REFERENCE}mm1s-out/sheets.csv`), { columns: true }) as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(['results', 'matrix', 'plate QC', 'excluded wells']);
    let cells = 0;
    names.forEach((_, i) => {
      const rows = parse(readFileSync(`${REFERENCE}mm1s-out/sheet${i + 1}.csv`)) as string[][];
      const sheet = ours[i]!.data;
      expect(rows[0]).toEqual(sheet[0]);
      expect(rows.length).toBe(sheet.length);
      for (let r = 1; r < rows.length; r++) {
        rows[r]!.forEach((text, c) => {
          const value = sheet[r]![c] ?? null;
          cells++;
          if (text === 'NA') expect(value).toBeNull();
          else if (typeof value === 'number') expect(Number(text)).toBe(value);
          else if (typeof value === 'boolean') expect(text).toBe(value ? 'TRUE' : 'FALSE');
          else expect(text).toBe(value);
        });
      }
    });
    expect(cells).toBeGreaterThan(400);
    // And what ic50 wrote is the output's records.
    const columns = outputColumns(options);
    const btz = report.rows.findIndex((row) => row.kind === 'fit' && row.fit.cellLine === 'MM1S/R BTZ' && row.fit.compound === 'bortezomib');
    expect(ours[0]!.data[btz + 1]![columns.indexOf('rf')]).toBe(recordOf(report.rows[btz]!, options).rf);
  });
});
