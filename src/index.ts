/**
 * ic50 as a library: the same engine the CLI runs, with no side effects.
 *
 *   import { analyze } from 'ic50';
 *   const report = await analyze([{ name: 'plate.csv', text }], { parental: 'MM1S WT' });
 *
 * analyze takes tidy CSVs and plate-reader exports with their plate maps, and every option of
 * `ic50 fit`; the readers, plate maps, models and fitting are exported for finer work.
 */
export { analyze, type AnalyzeEnvironment, type AnalyzeOptions, type MapSource, type Source } from './analyzeSources.js';
export { OPTIONS, DEFAULTS, resolveOptions, optionsMarkdown, type Options, type OptionSpec } from './options.js';
export type * from './types.js';
export { Ic50Error, type ErrorCode } from './errors.js';
// The engine's parts, for callers that bring their own executor or writers.
export type { Executor, Task } from './engine/tasks.js';
export { InlineExecutor } from './engine/tasks.js';
export type { Sink, ReportTail } from './engine/sink.js';
export { WorkerPool } from './io/workerPool.js';
// Readers and plate maps.
export { READERS, READER_IDS, choosePlateReader } from './readers/index.js';
export { readPlates } from './readers/readPlates.js';
export type { PlateReader, RawPlate, PlateRead } from './readers/rawPlate.js';
export { tableFromText, type CellTable } from './readers/cellTable.js';
export { tablesFromXlsx } from './readers/xlsxTables.js';
export { decodeText } from './readers/decodeText.js';
export { readTidyCsv } from './readers/tidyCsv.js';
export { readLayout } from './layouts/readLayout.js';
export { readPlateMap, type MapFiles, type MapOptions, type MapReading } from './layouts/readPlateMap.js';
export { readD300Protocol, type D300Protocol } from './layouts/d300Layout.js';
export type { PlateLayout, LayoutWell } from './layouts/plateLayout.js';
export { COLUMN_ALIASES } from './plate/columns.js';
export { applyLayout, layoutForPlate } from './plate/applyLayout.js';
export { selectSignal } from './plate/selectSignal.js';
export { normalizePlates, planNormalization } from './plate/normalize.js';
export { plateQc, plateQcOf } from './plate/plateQc.js';
export { groupCurves } from './plate/groupCurves.js';
export { parseConcentrationUnit, toLog10Molar, fromLog10Molar, type ConcentrationUnit } from './plate/concentrationUnit.js';
export { inferRole } from './plate/roles.js';
// Models and fitting.
export { ll4 } from './models/ll4.js';
export { ll5 } from './models/ll5.js';
export { evaluateModel, inverseModel, type DoseResponseModel } from './models/model.js';
export { fitCurve, DEFAULT_BOUNDS, type FitBounds, type CurveSolution } from './fit/fitCurve.js';
export { fitDoseResponse, type DoseResponseOptions } from './fit/fitDoseResponse.js';
export { compareModels, fitComparingModels, aicc, type ModelComparisonOptions } from './fit/compareModels.js';
export { fitGlobal, type GlobalFitOptions, type GlobalFitResult } from './fit/globalFit.js';
export { extraSumOfSquaresTest } from './fit/extraSumOfSquaresTest.js';
// Excluded wells (--exclude, --exclude-file): pass the parsed list as the `exclude` option.
export { parseExclusion, parseExclusionList, readExclusionTable, type Exclusion } from './plate/exclusions.js';
// Comparisons.
export { compareSides, log10ResistanceFactor, parentalsOf } from './compare/resistanceFactors.js';
export { ic50DifferenceTest } from './compare/ic50DifferenceTest.js';
export { summarizeExperiments } from './compare/experiments.js';
export { sharedFitOf, sharedLog10Rf, type SharedFitOptions } from './compare/sharedFit.js';
// Resistance histories (ic50 trend): saved results as checks, and what their history answers.
export { readResultsTable, type ResultsTable } from './readers/resultsFile.js';
export { resistanceChecks, type ResistanceCheck } from './compare/resistanceChecks.js';
export { resistanceHistory, resistanceHistories, type ResistanceHistory } from './compare/resistanceHistory.js';
export { weightedTrend, weightedLevel, latestVersusLevel } from './compare/weightedTrend.js';
export { trendPlotSvg } from './writers/trendPlotSvg.js';
// Writers.
export { COLUMNS, recordOf, toRecord } from './writers/records.js';
export { writeDelimited } from './writers/delimited.js';
export { writeJson, writeNdjson } from './writers/json.js';
export { writeMatrixCsv, writeMatrixTable } from './writers/matrix.js';
export { wellsSink, WELL_COLUMNS, type WellOutput, type WellsRenderSettings } from './writers/wellRecords.js';
export { xlsxWorkbook } from './writers/xlsx.js';
export { prismProject } from './writers/pzfx.js';
