import type { Report } from '../types.js';
import { toPlateRecord } from './plateRecords.js';
import { toRecord } from './records.js';

function errorRecords(report: Report): object[] {
  return report.errors.map((e) => ({ file: e.file, line: e.line ?? null, well: e.well ?? null, message: e.message }));
}

/**
 * The report as one JSON object: `{"fits": [...], "plates": [...], "errors": [...]}` — an
 * object, so that later sections can join without breaking readers. Numbers are full precision;
 * missing values are null; plate and flags are arrays; `plates` holds each plate's QC.
 */
export function writeJson(report: Report): string {
  return (
    JSON.stringify({ fits: report.fits.map(toRecord), plates: report.plates.map(toPlateRecord), errors: errorRecords(report) }, null, 2) + '\n'
  );
}

/**
 * One JSON record per line: a fit record per fit, then one `{"error": {...}}` line per input
 * that could not be used (so a stream consumer sees failures too).
 */
export function writeNdjson(report: Report): string {
  const lines = report.fits.map((fit) => JSON.stringify(toRecord(fit)));
  for (const error of errorRecords(report)) lines.push(JSON.stringify({ error }));
  return lines.length ? lines.join('\n') + '\n' : '';
}
