import type { RenderSettings } from '../engine/settings.js';
import type { ResultRow } from '../types.js';
import { delimitedRow, delimiterOf } from './delimited.js';
import { jsonRecord, orderedRecord } from './json.js';
import { recordOf, type OutputOptions } from './records.js';

/** One result row as text in a streamable format, with its line end (JSON: the record alone, indented for the `fits` array). */
export function renderRow(row: ResultRow, render: RenderSettings, options: OutputOptions): string {
  const record = recordOf(row, options);
  switch (render.format) {
    case 'csv':
      return delimitedRow(record, render.columns, delimiterOf(',', render.decimalComma ?? false), render.rawCells, render.decimalComma);
    case 'tsv':
      return delimitedRow(record, render.columns, '\t', render.rawCells, render.decimalComma);
    case 'ndjson':
      return JSON.stringify(orderedRecord(record, render.columns)) + '\n';
    case 'json':
      return jsonRecord(record, render.columns);
  }
}
