import type { AnalyzeOptions } from '../options.js';
import { fitCurves, type SourceResult } from '../pipeline.js';
import type { Curve, CurveFit } from '../types.js';
import { analyzeFile } from './analyzeFile.js';

/** The work a worker thread does: stage 1 for one file, or stage 3 for a batch of curves. */
export type Task =
  | { readonly kind: 'source'; readonly path: string; readonly options: AnalyzeOptions }
  | { readonly kind: 'fit'; readonly curves: Curve[]; readonly options: AnalyzeOptions; readonly keepPoints: boolean };

export type TaskResult = SourceResult | CurveFit[];

/** Runs a task where it is (a worker thread, or the main thread when --jobs 1). */
export async function runTask(task: Task): Promise<TaskResult> {
  if (task.kind === 'source') return analyzeFile(task.path, task.options);
  return fitCurves(task.curves, task.options, task.keepPoints);
}
