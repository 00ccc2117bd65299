import type { Sink } from '../engine/sink.js';
import type { ExcludedWell, FileError, PlateQc, ResultRow, Warning } from '../types.js';
import { formatDiagnostic } from '../errors.js';
import { toPlateRecord } from './plateRecords.js';
import { outputColumns, recordOf, type FitRecord, type OutputOptions } from './records.js';

/** A file error as an output record. */
export function errorRecord(e: FileError): object {
  return { file: e.file, line: e.line ?? null, well: e.well ?? null, message: e.message };
}

/** A record with exactly `columns`, in their order (JSON keeps the order keys were set in). */
export function orderedRecord(record: FitRecord, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) out[column] = record[column] ?? null;
  return out;
}

/** One record as an element of the `fits` array of the JSON output (indented, no line end). */
export function jsonRecord(record: FitRecord, columns: readonly string[]): string {
  return '    ' + JSON.stringify(orderedRecord(record, columns), null, 2).replace(/\n/g, '\n    ');
}

/** The opening of the JSON output, before the first record. */
export const JSON_OPEN = '{\n  "fits": [\n';

/** A user-excluded well as an output record (the `excluded` section of JSON). */
export function excludedRecord(well: ExcludedWell): object {
  return { well: well.label, plate: well.plate, role: well.role, cell_line: well.cellLine, compound: well.compound, reason: well.reason };
}

/**
 * The end of the JSON output: the `fits` array closed, then plate QC, the wells the user
 * excluded (only when some were), warnings and errors.
 */
export function jsonClose(plates: readonly PlateQc[], warnings: readonly Warning[], errors: readonly FileError[], excluded: readonly ExcludedWell[] = []): string {
  const section = (values: readonly object[]) => (values.length === 0 ? '[]' : JSON.stringify(values, null, 2).replace(/\n/g, '\n  '));
  return (
    '\n  ],\n' +
    `  "plates": ${section(plates.map(toPlateRecord))},\n` +
    (excluded.length > 0 ? `  "excluded": ${section(excluded.map(excludedRecord))},\n` : '') +
    `  "warnings": ${section(warnings.map((w) => ({ file: w.location.file, line: w.location.line ?? null, well: w.location.well ?? null, message: w.message, text: formatDiagnostic(w.location, w.message) })))},\n` +
    `  "errors": ${section(errors.map(errorRecord))}\n}\n`
  );
}

/**
 * The results as one JSON object: `{"fits": [...], "plates": [...], "warnings": [...], "errors": [...]}`
 * — an object, so that later sections can join without breaking readers. `fits` holds one record
 * per result row (a fit or an experiment summary, with its comparison); numbers are full
 * precision, missing values null, lists arrays.
 */
export function writeJson(rows: readonly ResultRow[], plates: readonly PlateQc[] = [], warnings: readonly Warning[] = [], errors: readonly FileError[] = [], options: OutputOptions = {}): string {
  const columns = outputColumns(options);
  const body = rows.map((row) => jsonRecord(recordOf(row, options), columns)).join(',\n');
  return JSON_OPEN + body + jsonClose(plates, warnings, errors);
}

/** One JSON record per line: a record per result row, then one `{"error": {...}}` line per input that could not be used. */
export function writeNdjson(rows: readonly ResultRow[], errors: readonly FileError[] = [], options: OutputOptions = {}): string {
  const columns = outputColumns(options);
  return rows.map((row) => JSON.stringify(orderedRecord(recordOf(row, options), columns)) + '\n').join('') + ndjsonErrors(errors);
}

/** The `{"error": …}` lines of the inputs that could not be used. */
export function ndjsonErrors(errors: readonly FileError[]): string {
  return errors.map((error) => JSON.stringify({ error: errorRecord(error) }) + '\n').join('');
}

/** A sink writing the JSON object as rows arrive: the `fits` array streamed, the other sections at the end. */
export function jsonSink(write: (text: string) => void | Promise<void>, given: OutputOptions = {}): Sink {
  let options = given;
  let columns = outputColumns(options);
  let first = true;
  const element = (text: string) => {
    const out = (first ? '' : ',\n') + text;
    first = false;
    return write(out);
  };
  return {
    get wants() {
      return { render: { format: 'json' as const, rawCells: true, columns }, points: false, plateMaps: false };
    },
    adapt(adapted) {
      options = { ...options, ...adapted };
      columns = outputColumns(options);
    },
    begin: () => write(JSON_OPEN),
    text: element,
    row: (row) => element(jsonRecord(recordOf(row, options), columns)),
    end: (tail) => write(jsonClose(tail.plates, tail.warnings, tail.errors, tail.excluded)),
  };
}

/** A sink writing one JSON record per line as rows arrive, then the errors. */
export function ndjsonSink(write: (text: string) => void | Promise<void>, given: OutputOptions = {}): Sink {
  let options = given;
  let columns = outputColumns(options);
  return {
    get wants() {
      return { render: { format: 'ndjson' as const, rawCells: true, columns }, points: false, plateMaps: false };
    },
    adapt(adapted) {
      options = { ...options, ...adapted };
      columns = outputColumns(options);
    },
    begin() {},
    text: (text) => write(text),
    row: (row) => write(JSON.stringify(orderedRecord(recordOf(row, options), columns)) + '\n'),
    end: (tail) => write(ndjsonErrors(tail.errors)),
  };
}
