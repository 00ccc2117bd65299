import { toFileError, type Ic50Error } from '../errors.js';
import type { WorkerPool } from '../io/workerPool.js';
import { curveKey, type RenderedBatch, type SourceKeys } from '../io/workerTasks.js';
import type { AnalyzeOptions } from '../options.js';
import { mergeCurve, type SourceResult } from '../pipeline.js';
import { packCurves } from '../plate/groupCurves.js';
import type { Curve, FileError, Report, Warning } from '../types.js';
import { delimitedHeader } from '../writers/delimited.js';
import { ndjsonErrors } from '../writers/json.js';
import type { Progress } from './progress.js';

export interface StreamInput {
  readonly path: string;
  readonly options: AnalyzeOptions;
}

export interface StreamOutcome {
  readonly fileErrors: FileError[];
  readonly warnings: Warning[];
  readonly plates: number;
  readonly fitted: number;
  readonly flagged: number;
  /** true when no input could be used: nothing was written. */
  readonly nothing: boolean;
}

/**
 * A screen in bounded memory (CSV/TSV/NDJSON without comparisons): curves are pooled across
 * inputs, so a curve is complete only after the last input holding it has been read. A first
 * pass learns that last input for every curve (keys only); the second reads the inputs in order,
 * a few ahead, and fits and writes each curve as soon as its last input is in. Memory holds the
 * curves still open, not all of them. Output order: curves in the order their last input
 * completes them, first-seen within one input — for a screen whose curves each sit in one file,
 * the same order as the one-pass path.
 */
export async function streamScreen(
  inputs: readonly StreamInput[],
  pathErrors: readonly Ic50Error[],
  pool: WorkerPool,
  analyze: AnalyzeOptions,
  format: 'csv' | 'tsv' | 'ndjson',
  emit: (text: string) => void,
  progress: Progress,
  batchSize: number,
  inFlight: number,
): Promise<StreamOutcome> {
  // Pass 1: which input completes each curve.
  progress.start('indexing', inputs.length);
  let indexed = 0;
  const keyResults = await Promise.all(
    inputs.map((input) =>
      pool.run({ kind: 'keys', path: input.path, options: input.options }).then((r) => {
        progress.update(++indexed);
        return r as SourceKeys;
      }),
    ),
  );
  const lastInput = new Map<string, number>();
  keyResults.forEach((r, i) => r.keys.forEach((key) => lastInput.set(key, i)));
  const curvesTotal = lastInput.size;
  if (curvesTotal === 0 && keyResults.some((r) => r.failed)) {
    // Nothing usable: read once more for the errors (cheap: they fail fast), write nothing.
    const results = await Promise.all(inputs.map((input) => pool.run({ kind: 'source', path: input.path, options: input.options }) as Promise<SourceResult>));
    const fileErrors = [...pathErrors.map((e) => toFileError(e, '-')), ...results.flatMap((r) => (r.error ? [r.error] : []))];
    return { fileErrors, warnings: results.flatMap((r) => r.warnings), plates: 0, fitted: 0, flagged: 0, nothing: true };
  }

  // Pass 2: read in order (a few ahead), fit what each input completes, write in order.
  const fileErrors: FileError[] = pathErrors.map((e) => toFileError(e, '-'));
  const warnings: Warning[] = [];
  let plates = 0;
  let fitted = 0;
  let flagged = 0;
  const open = new Map<string, Curve>();
  let ready: Curve[] = [];
  const batches: Promise<RenderedBatch>[] = [];
  let written = 0;
  const dispatch = (curves: Curve[]) => {
    batches.push(pool.run({ kind: 'fit-rows', curves: packCurves(curves), options: analyze, format }) as Promise<RenderedBatch>);
  };
  const drain = async (keep: number) => {
    while (batches.length - written > keep) {
      const done = await batches[written]!;
      delete batches[written];
      written++;
      emit(done.text);
      fitted += done.fitted;
      flagged += done.flagged;
      progress.update(fitted);
    }
  };
  if (format !== 'ndjson') emit(delimitedHeader(format === 'tsv' ? '\t' : ','));
  progress.start('fitting', curvesTotal);
  const reads: Promise<SourceResult>[] = [];
  const read = (i: number) => pool.run({ kind: 'source', path: inputs[i]!.path, options: inputs[i]!.options }) as Promise<SourceResult>;
  for (let i = 0; i < Math.min(inFlight, inputs.length); i++) reads.push(read(i));
  for (let i = 0; i < inputs.length; i++) {
    const result = await reads[i]!;
    delete reads[i];
    if (i + inFlight < inputs.length) reads[i + inFlight] = read(i + inFlight);
    if (result.error) fileErrors.push(result.error);
    warnings.push(...result.warnings);
    plates += result.plates.length;
    const completed: string[] = [];
    for (const curve of result.curves) {
      const key = curveKey(curve);
      const previous = open.get(key);
      open.set(key, previous ? mergeCurve(previous, curve) : curve);
      if (lastInput.get(key) === i && !completed.includes(key)) completed.push(key);
    }
    // A curve whose last input failed in pass 2 but not in pass 1 is completed here too.
    for (const key of completed) {
      ready.push(open.get(key)!);
      open.delete(key);
    }
    while (ready.length >= batchSize) {
      dispatch(ready.slice(0, batchSize));
      ready = ready.slice(batchSize);
    }
    await drain(inFlight);
  }
  // Curves whose last input could not be read in this pass, then the rest.
  ready.push(...open.values());
  open.clear();
  while (ready.length > 0) {
    dispatch(ready.slice(0, batchSize));
    ready = ready.slice(batchSize);
  }
  await drain(0);
  if (format === 'ndjson') emit(ndjsonErrors({ errors: fileErrors } as Pick<Report, 'errors'>));
  return { fileErrors, warnings, plates, fitted, flagged, nothing: false };
}
