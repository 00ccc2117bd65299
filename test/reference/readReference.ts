import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('./', import.meta.url));

/** Rows of a reference CSV in this directory (R's quoted or Python's plain; no commas in fields; LF or CRLF). */
export function readReferenceCsv(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(DIR + name, 'utf8').trim().split(/\r?\n/);
  const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1');
  const keys = header!.split(',').map(unquote);
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i]!, unquote(v)])));
}

/** A reference number: R's Inf/-Inf/NA and Python's Infinity/NaN included. */
export function referenceNumber(text: string | undefined): number {
  if (text === 'Inf' || text === 'Infinity') return Number.POSITIVE_INFINITY;
  if (text === '-Inf' || text === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (text === undefined || text === 'NA' || text === 'NaN') return Number.NaN;
  return Number(text);
}

/** Curves of a `curve_id,conc,response` file as log10 conc (in the file's unit) and response. */
export function readReferenceCurves(name: string): Map<string, { u: number[]; y: number[] }> {
  const curves = new Map<string, { u: number[]; y: number[] }>();
  for (const row of readReferenceCsv(name)) {
    const conc = Number(row.conc);
    const y = Number(row.response);
    if (!(conc > 0) || !Number.isFinite(y)) continue;
    let curve = curves.get(row.curve_id!);
    if (!curve) curves.set(row.curve_id!, (curve = { u: [], y: [] }));
    curve.u.push(Math.log10(conc));
    curve.y.push(y);
  }
  return curves;
}
