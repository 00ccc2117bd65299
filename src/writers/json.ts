import type { CurveFit, Report } from '../types.js';
import { toPlateRecord } from './plateRecords.js';
import { toRecord } from './records.js';

function errorRecords(report: Pick<Report, 'errors'>): object[] {
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
  return report.fits.map(ndjsonLine).join('') + ndjsonErrors(report);
}

/** One fit as an NDJSON line, with its line end. */
export function ndjsonLine(fit: CurveFit): string {
  return JSON.stringify(toRecord(fit)) + '\n';
}

/** The `{"error": …}` lines of a report's failed inputs. */
export function ndjsonErrors(report: Pick<Report, 'errors'>): string {
  return errorRecords(report).map((error) => JSON.stringify({ error }) + '\n').join('');
}
