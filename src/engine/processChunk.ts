import { Ic50Error, toFileError } from '../errors.js';
import { controlKey, timeKey } from '../plate/controls.js';
import { curveKey, CurveGatherer, packCurves } from '../plate/groupCurves.js';
import { normalizeWell, percentOf, type Normalization } from '../plate/normalize.js';
import type { Curve, CurveFit, FileError, Warning, WellRecord } from '../types.js';
import { renderRow } from '../writers/rowText.js';
import type { WellsRenderSettings } from './settings.js';
import { WellCollector, type WellsChunk } from './wellOutputs.js';
import { identityOfWell, readChunkWells, type ChunkContent } from './chunkWells.js';
import { positionOf, type Chunk, type InputSpec } from './inputs.js';
import type { EngineSettings, RenderSettings } from './settings.js';
import { forEachPackedWell, type WellPack } from './wellPack.js';
import { fitOfCurve } from './fitOfCurve.js';

/** What the second pass of one chunk needs to know from the first pass over everything. */
export interface ChunkPlan {
  /** Lines before the chunk in its file. */
  readonly lineOffset: number;
  /** Lines the first pass read in the chunk (a different count means the file changed). */
  readonly lines: number;
  /** Curves the first pass saw in the chunk. */
  readonly curves: number;
  /** Normalization of the input's plates, by controlKey. */
  readonly normalizations: readonly (readonly [string, Normalization])[];
  /** Curves with wells in other chunks too: returned as fragments, fitted when complete. */
  readonly spanning: readonly string[];
  /** Curves whose fit the caller needs as an object (comparisons, summaries, figures); the rest are rendered. */
  readonly needed: readonly string[];
  /** How to render rows; undefined: every fit is returned as an object. */
  readonly render?: RenderSettings | undefined;
  /** Keep the fitted points on returned fits (plots, the IC50-difference test). */
  readonly keepPoints: boolean;
  /** Render every well after normalization in this format (--wells); undefined: no wells. */
  readonly wells?: WellsRenderSettings | undefined;
}

/** A curve completed in a chunk: its row as text, or its fit. */
export interface CompletedCurve {
  /** Position of its last well (input × 2³² + line): outputs come in this order. */
  readonly position: number;
  readonly key: string;
  readonly text?: string;
  readonly fit?: CurveFit;
  /** Whether the fit carries flags (for the closing summary). */
  readonly flagged: boolean;
  /** With outlier detection on and the curve fitted: its ROUT outliers' wells ("plate:well"), for --wells. */
  readonly outlierWells?: readonly string[];
}

/** Part of a curve whose other wells are in other chunks (or inputs). */
export interface CurveFragment {
  readonly key: string;
  readonly curve: Curve;
  readonly position: number;
}

export interface ChunkResult {
  readonly input: number;
  readonly part: number;
  /** Curves whose wells all lie in this chunk, fitted, in order of their last well. */
  readonly completed: CompletedCurve[];
  readonly fragments: CurveFragment[];
  /** Wells that normalization had to leave out (signals beyond any % of the vehicle). */
  readonly warnings: Warning[];
  /** The input changed since the first pass. */
  readonly error?: FileError;
  /** Its wells after normalization, when asked for (--wells). */
  readonly wells?: WellsChunk;
}

/** A curve with plain arrays (a packed curve's arrays are views of one buffer shared by many curves). */
function unpacked(curve: Curve): Curve {
  return {
    ...curve,
    log10Molar: Array.from(curve.log10Molar),
    response: Array.from(curve.response),
    ...(curve.doublings ? { doublings: Array.from(curve.doublings) } : {}),
  };
}

/** A fit without its points and covariance, when nothing downstream draws it. */
function withoutPoints(fit: CurveFit): CurveFit {
  const { covariance: _covariance, ...rest } = fit;
  return { ...rest, points: { log10Molar: [], response: [] } };
}

/** Fits curves and renders those nobody needs as objects (a batch of text crosses threads far cheaper than fit objects). */
export function completeCurves(
  curves: readonly { key: string; curve: Curve; position: number }[],
  settings: EngineSettings,
  needed: ReadonlySet<string>,
  render: RenderSettings | undefined,
  keepPoints: boolean,
): CompletedCurve[] {
  return curves.map(({ key, curve, position }) => {
    const fit = fitOfCurve(curve, settings, keepPoints);
    const flagged = fit.flags.length > 0;
    const tested = settings.fit.outliers !== 'off' && fit.status !== 'not_fitted' ? { outlierWells: [...(fit.outliers?.wells ?? [])] } : {};
    if (render && !needed.has(key)) return { position, key, flagged, text: renderRow({ kind: 'fit', fit }, render, settings.options), ...tested };
    const kept = keepPoints ? fit : withoutPoints(fit);
    return { position, key, flagged, fit: settings.keepCurves ? { ...kept, curve: unpacked(curve) } : kept, ...tested };
  });
}

/**
 * Pass 2 over one chunk: reads its wells again (or takes those pass 1 kept), normalizes each
 * sample to its plate's controls (learnt in pass 1), gathers the curves, fits those complete in
 * this chunk and hands back the parts of the others. Never throws for a bad input: a file that
 * changed since pass 1 is `error`.
 */
export async function processChunk(input: InputSpec, chunk: Chunk, content: ChunkContent | WellPack, settings: EngineSettings, plan: ChunkPlan): Promise<ChunkResult> {
  const normalizations = new Map(plan.normalizations);
  const spanning = new Set(plan.spanning);
  const gatherer = new CurveGatherer(settings.unitOut, settings.wellLabels);
  const warnings: Warning[] = [];
  let lastNormalization: Normalization | undefined;
  let lastPlate = '';
  let lastLine = '';
  let lastExperiment = '';
  let lastTime = '';
  let lastFile = '';
  const wells = plan.wells ? new WellCollector(plan.normalizations, settings.normalize, settings.fit.outliers !== 'off') : undefined;
  const onWell = (well: WellRecord, sequence: number): void => {
    if (well.userExclusion?.role === 'sample') {
      // Listed on its curve (at its read's time) with its response — normalized to its plate's controls of that time — never fitted.
      const identity = identityOfWell(input, settings.read, well);
      const normalization = settings.normalize ? normalizations.get(controlKey(well.location.file, well.plate, well.experiment ?? '', well.cellLine, timeKey(well.time))) : undefined;
      const response = !settings.normalize ? well.signal : normalization ? percentOf(well.signal, normalization.background, normalization.top) : Number.NaN;
      gatherer.exclude(identity, well, Number.isFinite(response) ? response : Number.NaN, well.userExclusion.reason, sequence);
      wells?.add(well, undefined);
      return;
    }
    if (well.role !== 'sample') {
      wells?.add(well, undefined);
      return;
    }
    const identity = identityOfWell(input, settings.read, well);
    if (!settings.normalize) {
      gatherer.add(identity, well, well.signal, false, false, sequence);
      wells?.add(well, well.signal, curveKey(identity));
      return;
    }
    // Rows of one plate and line mostly come together: the previous row's normalization is tried first.
    const experiment = well.experiment ?? '';
    const time = timeKey(well.time);
    let normalization = lastNormalization;
    if (!(normalization && lastPlate === well.plate && lastLine === well.cellLine && lastExperiment === experiment && lastTime === time && lastFile === well.location.file)) {
      normalization = normalizations.get(controlKey(well.location.file, well.plate, experiment, well.cellLine, time));
      if (!normalization) throw changed(input);
      lastNormalization = normalization;
      lastPlate = well.plate;
      lastLine = well.cellLine;
      lastExperiment = experiment;
      lastTime = time;
      lastFile = well.location.file;
    }
    const response = normalizeWell(well, normalization, warnings);
    if (response !== null) gatherer.add(identity, well, response, normalization.noBlank, normalization.qcFailed, sequence, undefined, normalization.doublings ?? Number.NaN);
    wells?.add(well, response, curveKey(identity));
  };
  try {
    if ('ids' in content) {
      // Kept by pass 1, their lines counted from the chunk's start.
      forEachPackedWell(content, plan.lineOffset, onWell);
    } else {
      const reading = await readChunkWells(input, chunk, content, settings.read, plan.lineOffset, onWell);
      if (input.format === 'tidy' && reading.lines !== plan.lines) throw changed(input);
    }
    const curves = gatherer.curves();
    if (curves.length > plan.curves) throw changed(input);
    const local: { key: string; curve: Curve; position: number }[] = [];
    const fragments: CurveFragment[] = [];
    for (const { key, curve, last } of curves) {
      const position = positionOf(input.index, last);
      if (spanning.has(key)) fragments.push({ key, curve, position });
      else local.push({ key, curve, position });
    }
    local.sort((a, b) => a.position - b.position);
    const packed = packCurves(local.map((c) => c.curve));
    const completed = completeCurves(
      local.map((c, i) => ({ ...c, curve: packed[i]! })),
      settings,
      new Set(plan.needed),
      plan.render,
      plan.keepPoints,
    );
    const packedFragments = packCurves(fragments.map((f) => f.curve));
    const chunkWells = wells && plan.wells ? { wells: wells.finish(plan.wells, outliersOf(completed), spanning) } : {};
    return { input: input.index, part: chunk.part, completed, fragments: fragments.map((f, i) => ({ ...f, curve: packedFragments[i]! })), warnings, ...chunkWells };
  } catch (error) {
    if (!(error instanceof Ic50Error)) throw error;
    return { input: input.index, part: chunk.part, completed: [], fragments: [], warnings: [], error: toFileError(error, input.name) };
  }
}

/** The outlier wells of the curves the outlier test ran on, by curve key. */
export function outliersOf(completed: readonly CompletedCurve[]): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const c of completed) if (c.outlierWells) out.set(c.key, new Set(c.outlierWells));
  return out;
}

function changed(input: InputSpec): Ic50Error {
  return new Ic50Error('the file changed while it was being read (its wells differ between the two passes)', {
    code: 'changed',
    location: { file: input.name },
    hint: 'wait until the instrument or copy has finished writing it, then run again',
  });
}

