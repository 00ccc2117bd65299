import type { AnalyzeOptions } from '../options.js';
import { fitCurves, type SourceResult } from '../pipeline.js';
import type { Curve, CurveFit } from '../types.js';
import { delimitedRow } from '../writers/delimited.js';
import { ndjsonLine } from '../writers/json.js';
import { analyzeFile, analyzeFileKeys } from './analyzeFile.js';

/** The work a worker thread does: stage 1 for one file, or stage 3 for a batch of curves. */
export type Task =
  | { readonly kind: 'source'; readonly path: string; readonly options: AnalyzeOptions }
  | { readonly kind: 'fit'; readonly curves: Curve[]; readonly options: AnalyzeOptions; readonly keepPoints: boolean }
  | { readonly kind: 'fit-rows'; readonly curves: Curve[]; readonly options: AnalyzeOptions; readonly format: 'csv' | 'tsv' | 'ndjson' }
  | { readonly kind: 'keys'; readonly path: string; readonly options: AnalyzeOptions };

/** The curves (cell line, compound) an input contributes to, or why it cannot be used. */
export interface SourceKeys {
  readonly file: string;
  readonly keys: string[];
  readonly failed: boolean;
}

/** Output rows of a batch and how many of its fits carry flags (streaming formats need no more). */
export interface RenderedBatch {
  readonly text: string;
  readonly fitted: number;
  readonly flagged: number;
}

export type TaskResult = SourceResult | CurveFit[] | RenderedBatch | SourceKeys;

/** The key that pools wells into one curve. */
export function curveKey(curve: Pick<Curve, 'cellLine' | 'compound' | 'experiment'>): string {
  return `${curve.cellLine}\u0000${curve.compound}\u0000${curve.experiment ?? ''}`;
}

/** Runs a task where it is (a worker thread, or the main thread when --jobs 1). */
export async function runTask(task: Task): Promise<TaskResult> {
  if (task.kind === 'source') return analyzeFile(task.path, task.options);
  if (task.kind === 'keys') return analyzeFileKeys(task.path, task.options);
  if (task.kind === 'fit') return fitCurves(task.curves, task.options, task.keepPoints);
  // Fit and render where the fits are: a batch of text crosses threads far cheaper than the
  // structured clone of its fit objects.
  const fits = fitCurves(task.curves, task.options, false);
  const text = fits.map((fit) => (task.format === 'ndjson' ? ndjsonLine(fit) : delimitedRow(fit, task.format === 'tsv' ? '\t' : ','))).join('');
  return { text, fitted: fits.length, flagged: fits.filter((f) => f.flags.length > 0).length };
}
