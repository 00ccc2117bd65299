import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { isSpreadsheetMl, tablesFromSpreadsheetMl } from '../../src/readers/spreadsheetMl.js';

const workbook = (body: string) =>
  `<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n${body}\n</Workbook>\n`;

describe('Excel 2003 XML spreadsheets', () => {
  it('are recognised by their namespace', () => {
    expect(isSpreadsheetMl(workbook(''))).toBe(true);
    expect(isSpreadsheetMl('<?xml version="1.0"?><Protocol></Protocol>')).toBe(false);
    expect(isSpreadsheetMl('<Workbook><Worksheet/></Workbook>')).toBe(false);
  });

  it('place cells skipped by ss:Index, merged cells, and rows skipped by ss:Index, with line breaks and entities in text', () => {
    const [first, second] = tablesFromSpreadsheetMl(
      workbook(`<Worksheet ss:Name="Tabular detail"><Table>
  <Row><Cell><Data ss:Type="String">Plate</Data></Cell><Cell ss:Index="3"><Data ss:Type="String">Dispensed&#10;well</Data></Cell></Row>
  <Row ss:Index="4"><Cell ss:MergeAcross="1"><Data ss:Type="String">A &amp; B</Data></Cell><Cell><Data ss:Type="Number">0.25</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String"><B>bold</B></Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="Empty"><Table/></Worksheet>`),
      'r.xml',
    );
    expect(first).toMatchObject({ source: 'r.xml', sheet: 'Tabular detail', delimiter: '', decimalComma: false });
    expect(first!.rows).toEqual([['Plate', '', 'Dispensed\nwell'], ['A & B', '', '0.25'], ['bold']]);
    expect(first!.lines).toEqual([1, 4, 5]);
    expect(second).toMatchObject({ sheet: 'Empty', rows: [] });
  });

  it('refuses text that is not well-formed, and indexes that are no position', () => {
    const broken = () => tablesFromSpreadsheetMl(workbook('<Worksheet><Table><Row>'), 'r.xml');
    expect(broken).toThrow(Ic50Error);
    expect(broken).toThrow(/not a readable XML spreadsheet/);
    expect(() => tablesFromSpreadsheetMl(workbook('<Worksheet><Table><Row><Cell ss:Index="0"><Data>x</Data></Cell></Row></Table></Worksheet>'), 'r.xml')).toThrow(
      'the spreadsheet\'s column index "0" is not a position',
    );
  });
});
