/**
 * ic50 as a library: the same pipeline the CLI runs, with no side effects.
 *
 *   import { analyze } from 'ic50';
 *   const report = analyze([{ name: 'plate.csv', text }], { parental: 'MM1S WT' });
 */
export { analyze, type Source } from './pipeline.js';
export type { AnalyzeOptions } from './options.js';
export { DEFAULTS } from './options.js';
export type * from './types.js';
export { Ic50Error } from './errors.js';
export { readTidyCsv } from './readers/tidyCsv.js';
export { normalizePlates } from './plate/normalize.js';
export { groupCurves } from './plate/groupCurves.js';
export { parseConcentrationUnit, toLog10Molar, fromLog10Molar, type ConcentrationUnit } from './plate/concentrationUnit.js';
export { inferRole } from './plate/roles.js';
export { fitCurve, DEFAULT_BOUNDS, type FitBounds, type CurveSolution } from './fit/fitCurve.js';
export { fitDoseResponse } from './fit/fitDoseResponse.js';
export { levenbergMarquardt, residualSumOfSquares } from './fit/levenbergMarquardt.js';
export { ll4 } from './models/ll4.js';
export type { DoseResponseModel } from './models/model.js';
export { attachResistanceFactors, log10ResistanceFactor } from './compare/resistanceFactors.js';
export { COLUMNS, toRecord } from './writers/records.js';
export { writeDelimited } from './writers/delimited.js';
export { writeJson, writeNdjson } from './writers/json.js';
