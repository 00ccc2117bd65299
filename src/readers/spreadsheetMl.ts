import { Ic50Error } from '../errors.js';
import type { CellTable } from './cellTable.js';
import { xmlProblem } from './xmlProblem.js';

/** Elements that repeat, so they are arrays even when there is one. */
const REPEATED = new Set(['Worksheet', 'Row', 'Cell']);

/** Rows and columns beyond these are refused (a sheet of Excel's own limits is no plate map). */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

type Node = Record<string, unknown>;

/**
 * true for the text of an Excel 2003 XML spreadsheet ("XML Spreadsheet 2003", SpreadsheetML): a
 * <Workbook> in the `urn:schemas-microsoft-com:office:spreadsheet` namespace, as instrument
 * software writes its reports (the HP/Tecan D300's report is one, saved as `.xml`).
 */
export function isSpreadsheetMl(text: string): boolean {
  const head = text.slice(0, 4096);
  return /<(\w+:)?Workbook[\s>]/.test(head) && head.includes('urn:schemas-microsoft-com:office:spreadsheet');
}

function listOf(value: unknown): Node[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as Node[];
}

/** Elements of a rich-text <Data> (HTML formatting), whose text is the cell's. */
const RICH = ['#text', 'Font', 'B', 'I', 'U', 'S', 'Sub', 'Sup', 'Span'];

/** The text of a cell's <Data>; of rich text, the text of its parts (grouped by element). */
function dataText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'object') return String(value);
  const node = value as Node;
  return RICH.filter((key) => node[key] !== undefined)
    .map((key) => {
      const part = node[key];
      return Array.isArray(part) ? part.map(dataText).join('') : dataText(part);
    })
    .join('');
}

/** A 1-based ss:Index (or 0 when absent), refusing what is not a position. */
function indexAttribute(node: Node, limit: number, what: string, source: string): number {
  const text = node.Index;
  if (text === undefined) return 0;
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= 1 && value <= limit)) {
    throw new Ic50Error(`the spreadsheet's ${what} index "${String(text)}" is not a position`, { code: 'format', location: { file: source } });
  }
  return value;
}

/**
 * Reads an Excel 2003 XML spreadsheet into one CellTable per worksheet, like an .xlsx workbook
 * (xlsxTables.ts): cells trimmed, `lines` the sheet's 1-based row numbers. Rows and cells skipped
 * by `ss:Index` are empty; a cell merged across columns (`ss:MergeAcross`) fills its first one.
 * Throws Ic50Error (code format) for text that is not well-formed XML.
 */
export async function tablesFromSpreadsheetMl(text: string, source: string): Promise<CellTable[]> {
  // Loaded on first use: few runs read an XML spreadsheet, and start-up matters for one plate.
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new Ic50Error(`not a readable XML spreadsheet: ${xmlProblem(valid.err.msg)}`, { code: 'format', location: { file: source, line: valid.err.line }, hint: 'save it again from Excel as .xlsx' });
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => REPEATED.has(name),
  });
  const workbook = (parser.parse(text) as Node).Workbook as Node | undefined;
  if (!workbook || typeof workbook !== 'object') throw new Ic50Error('not an XML spreadsheet: no <Workbook> element', { code: 'format', location: { file: source } });
  return listOf(workbook.Worksheet).map((sheet, s) => {
    const name = typeof sheet.Name === 'string' ? sheet.Name : `Sheet${s + 1}`;
    const rows: string[][] = [];
    const lines: number[] = [];
    let line = 0;
    for (const row of listOf((sheet.Table as Node | undefined)?.Row)) {
      const at = indexAttribute(row, MAX_ROWS, 'row', source);
      line = at > 0 ? Math.max(at, line + 1) : line + 1;
      const cells: string[] = [];
      let column = 0;
      for (const cell of listOf(row.Cell)) {
        const index = indexAttribute(cell, MAX_COLUMNS, 'column', source);
        column = index > 0 ? Math.max(index, column + 1) : column + 1;
        while (cells.length < column - 1) cells.push('');
        cells[column - 1] = dataText(cell.Data).trim();
        const across = Number(cell.MergeAcross ?? 0);
        if (Number.isInteger(across) && across > 0 && column + across <= MAX_COLUMNS) column += across;
      }
      rows.push(cells);
      lines.push(line);
    }
    return { source, sheet: name, rows, lines, delimiter: '' as const, decimalComma: false };
  });
}
