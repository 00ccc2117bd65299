import { readFileSync } from 'node:fs';
import { analyze } from '../../src/analyzeSources.js';
import { resolveOptions } from '../../src/options.js';
import { writeDelimited } from '../../src/writers/delimited.js';
import { writeJson, writeNdjson } from '../../src/writers/json.js';
import { ROOT } from '../cliHarness.js';

/** The bundled passage history (fixtures/make-mm1s-history.mjs): 14 checks of MM1S/R BTZ against MM1S WT on bortezomib. */
export const HISTORY = `${ROOT}fixtures/mm1s-history.csv`;

/** The history's results as `ic50 fit --parental "MM1S WT"` saves them, in every format (fitted once per test file). */
export interface HistoryResults {
  readonly csv: string;
  readonly tsv: string;
  readonly json: string;
  readonly ndjson: string;
}

let results: Promise<HistoryResults> | undefined;

export function historyResults(): Promise<HistoryResults> {
  results ??= (async () => {
    const report = await analyze([{ name: HISTORY, text: readFileSync(HISTORY, 'utf8') }], { parental: 'MM1S WT' });
    const options = resolveOptions({ parental: 'MM1S WT', labelColumns: ['passage', 'date'] });
    return {
      csv: writeDelimited(report.rows, ',', false, options),
      tsv: writeDelimited(report.rows, '\t', false, options),
      json: writeJson(report.rows, report.plates, report.warnings, report.errors, options),
      ndjson: writeNdjson(report.rows, report.errors, options),
    };
  })();
  return results;
}

/** The records of a CSV/TSV whose `passage` cell (column 4) is in `passages`, with the header. */
export function delimitedChecks(text: string, passages: readonly number[], delimiter = ','): string {
  const [header, ...rows] = text.trimEnd().split('\n');
  const at = header!.split(delimiter).indexOf('passage');
  return [header, ...rows.filter((row) => passages.includes(Number(row.split(delimiter)[at])))].join('\n') + '\n';
}

/** The NDJSON lines of those passages. */
export function ndjsonChecks(text: string, passages: readonly number[]): string {
  return text.trimEnd().split('\n').filter((line) => passages.includes(Number((JSON.parse(line) as { passage: string }).passage))).join('\n') + '\n';
}

/** A JSON results object with the fits of those passages. */
export function jsonChecks(text: string, passages: readonly number[]): string {
  const all = JSON.parse(text) as { fits: { passage: string }[] };
  return JSON.stringify({ ...all, fits: all.fits.filter((f) => passages.includes(Number(f.passage))) }, null, 2);
}
