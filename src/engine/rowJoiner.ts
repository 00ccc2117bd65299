import type { Options } from '../options.js';
import type { CurveFit, CurveIdentity, SharedFit } from '../types.js';
import type { PlannedCurves } from './curveTable.js';
import { ResultJoiner, type PendingRow } from './results.js';
import { SharedFitJoiner } from './sharedFitJoiner.js';

/** The work joining hands on: an executor's tasks in a run, done on the spot in the report's page. */
export interface JoinTasks {
  /** The IC50-difference test of a line against its parental (rf_p). */
  difference(line: CurveFit, parental: CurveFit): Promise<number>;
  /** The shared fit of a compound's fits (--share). */
  shared(fits: readonly CurveFit[]): Promise<SharedFit | undefined>;
}

/** Turns completed fits into result rows: comparisons, summaries across experiments, shared fits. */
export interface RowJoiner {
  /** Whether a curve's fit is needed as an object (comparisons, summaries, shared fits); others may be rendered where fitted. */
  needs(curve: CurveIdentity): boolean;
  /** The rows a completed fit makes ready, in output order. */
  complete(fit: CurveFit): PendingRow[];
}

/**
 * How an analysis joins its fits into rows (ResultJoiner, and SharedFitJoiner with --share): the
 * one place that says it, for the engine's run (analyze) and the report's page, which joins the
 * fits it refits after a reviewer excludes a well.
 */
export function rowJoiner(
  curves: PlannedCurves,
  parentals: ReadonlyMap<string, readonly string[]>,
  options: Pick<Options, 'confidence' | 'rfCi' | 'rfAt'>,
  share: boolean,
  tasks: JoinTasks,
): RowJoiner {
  const joiner = new ResultJoiner(curves, parentals, {
    confidence: options.confidence,
    rfInterval: options.rfCi,
    rfAt: options.rfAt,
    differenceP: (line, parental) => tasks.difference(line, parental),
  });
  // --share: every compound's rows wait for its shared fit, which needs every fit with its points.
  const sharing = share ? new SharedFitJoiner(curves, (fits) => tasks.shared(fits)) : undefined;
  return {
    needs: (curve) => sharing !== undefined || joiner.needs(curve),
    complete: (fit) => (sharing ? sharing.complete(fit, joiner.complete(fit)) : joiner.complete(fit)),
  };
}
