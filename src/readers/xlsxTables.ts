import type readXlsxFileType from 'read-excel-file/universal';
import { Ic50Error } from '../errors.js';
import type { CellTable } from './cellTable.js';

export { isZip } from './isZip.js';

/**
 * Reads an .xlsx workbook into one CellTable per worksheet, so the plate readers work on a
 * sheet exactly as on a text export: `lines` are the sheet's 1-based row numbers (empty rows
 * stay, as blank lines do in text, because blocks are separated by them), cells are text.
 *
 * Cell text: numbers as String(number) (the full double, e.g. "0.0635" for a stored
 * 6.3500000000000001E-2), strings trimmed, formula cells as their cached result, booleans as
 * TRUE/FALSE, date-formatted cells as ISO text to the second ("2022-05-05", "2022-05-05T15:57:04"), empty
 * cells "". Trailing empty cells of a row and trailing empty rows are dropped.
 *
 * Uses read-excel-file's "universal" entry (in-memory unzip with fflate, no streams, no worker).
 * Anything it cannot read (not a zip, a corrupt entry, a bad cell) is an Ic50Error naming the file.
 */
export async function tablesFromXlsx(bytes: Uint8Array, source: string): Promise<CellTable[]> {
  // Loaded on first use (the size check's inflater too): most runs read no workbook, and start-up matters for one plate.
  const { checkWorkbookSize } = await import('./zipLimits.js');
  checkWorkbookSize(bytes, source);
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: Awaited<ReturnType<typeof readXlsxFileType>>;
  try {
    // A fresh copy: the library wants an ArrayBuffer of exactly the file's bytes.
    sheets = await readXlsxFile(new Uint8Array(bytes).buffer);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Ic50Error(`not a readable .xlsx workbook: ${reason}`, {
      code: 'format',
      location: { file: source },
      hint: 'save it again from Excel as .xlsx, or export the data as CSV',
    });
  }
  return sheets.map(({ sheet, data }) => {
    const rows = data.map((row) => trimTrailing(row.map(cellText)));
    while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
    return {
      source,
      sheet,
      rows,
      lines: rows.map((_, i) => i + 1),
      delimiter: '',
      decimalComma: false,
    } satisfies CellTable;
  });
}

/** One cell as text (see tablesFromXlsx). The library types dates loosely, hence `unknown`. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoText(value);
  return String(value).trim();
}

/** A spreadsheet date (no time zone; the library reads it as UTC) as ISO text, without a zero time. */
function isoText(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '';
  // Serial fractions come back a millisecond off (45740.6 → …14:23:59.999): round to the second.
  const iso = new Date(Math.round(time / 1000) * 1000).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.slice(0, 19);
}

function trimTrailing(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}
