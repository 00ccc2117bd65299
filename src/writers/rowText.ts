import type { ResultRow } from '../types.js';
import { delimitedRow } from './delimited.js';
import { jsonRecord } from './json.js';
import { recordOf } from './records.js';

/** One result row as text in a streamable format, with its line end (JSON: the record alone, indented for the `fits` array). */
export function renderRow(row: ResultRow, format: 'csv' | 'tsv' | 'ndjson' | 'json', rawCells: boolean): string {
  const record = recordOf(row);
  switch (format) {
    case 'csv':
      return delimitedRow(record, ',', rawCells);
    case 'tsv':
      return delimitedRow(record, '\t', rawCells);
    case 'ndjson':
      return JSON.stringify(record) + '\n';
    case 'json':
      return jsonRecord(record);
  }
}
