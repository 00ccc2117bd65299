import { Ic50Error } from '../errors.js';
import { parentalsOf } from '../compare/resistanceFactors.js';
import { curveKey, mergeCurve } from '../plate/groupCurves.js';
import { closestName } from '../compare/closestName.js';
import type { DetectedData, Options } from '../options.js';
import type { Curve, FileError, ResultRow, Warning } from '../types.js';
import { chunksOf, CHUNK_BYTES, type Chunk, type InputSpec } from './inputs.js';
import { NO_MARKS } from './curveMarks.js';
import { CurveSightings } from './curveSightings.js';
import type { ChunkIndex } from './indexChunk.js';
import { buildPlan, type Plan } from './plan.js';
import type { ChunkPlan, ChunkResult, CompletedCurve } from './processChunk.js';
import type { PendingRow } from './results.js';
import { rowJoiner } from './rowJoiner.js';
import { settingsOf, type EngineSettings, type RenderSettings } from './settings.js';
import type { Sink } from './sink.js';
import type { Executor } from './tasks.js';
import { resolveWells, type WellsChunk } from './wellOutputs.js';

/** Progress of a long run, for a bar on a terminal. */
export interface Progress {
  start(phase: string, total: number): void;
  update(done: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { start() {}, update() {}, stop() {} };

export interface AnalyzeEnvironment {
  /** Where tasks run: this thread or worker threads. */
  readonly executor: Executor;
  /** Where rows go. */
  readonly sink: Sink;
  readonly progress?: Progress | undefined;
  /** Size of the parts a large tidy CSV is read in (tests make it small). */
  readonly chunkBytes?: number | undefined;
  /** Inputs up to this many bytes in all are read once (KEEP_WELLS_BYTES; tests vary it). */
  readonly keepWellsBytes?: number | undefined;
}

/** What a run did, for the summary line and the exit code. */
export interface AnalyzeOutcome {
  readonly inputs: number;
  readonly plates: number;
  readonly curves: number;
  readonly flagged: number;
  readonly warnings: readonly Warning[];
  readonly errors: readonly FileError[];
  /** The cell lines fitted, in first-seen order. */
  readonly cellLines: readonly string[];
  /** true when no input could be used: nothing was written to the sink. */
  readonly nothing: boolean;
}

/** Spanning curves fitted per task. */
const FIT_BATCH = 64;

/**
 * The one composer: every analysis — one plate or a whole screen, from the CLI or the library —
 * runs here. Stages: read (readers) → join plate maps → normalize (plate) → fit (fit) → compare
 * (compare) → write (the sink's writers).
 *
 * It streams in bounded memory whatever the input's shape. Pass 1 reads every input in chunks
 * (a large tidy CSV in byte ranges, in parallel) and keeps only the plates' controls, each
 * curve's first and last well, and fingerprints: so every input is checked, every plate's
 * normalization known, and unusable inputs reported, before anything is written. Pass 2 reads
 * the chunks again in order, a few ahead, on the executor: each normalizes, gathers its curves,
 * fits those that lie wholly in it and renders their rows; curves that span chunks or inputs
 * (replicate plates in several files) are merged here and fitted as soon as their last chunk
 * is in. Rows come out in the order of their curve's last well (then as their comparisons
 * complete), the same for every number of threads and every chunk size. Memory holds the chunks
 * in flight, the curves still open and the fits that comparisons wait for.
 *
 * An input that cannot be used is reported (`errors`) and the others complete; an Ic50Error not
 * about one input (an unknown --parental name) is thrown before anything is written.
 */
export async function analyze(inputs: readonly InputSpec[], options: Options, environment: AnalyzeEnvironment): Promise<AnalyzeOutcome> {
  const { executor, sink } = environment;
  const progress = environment.progress ?? NO_PROGRESS;
  let settings = settingsOf(options, sink.wants.plateMaps, sink.wants.curves === true);

  // Pass 1: every chunk of every input, in parallel.
  const chunkBytes = environment.chunkBytes ?? chunkSize(inputs, executor.threads);
  let chunks = inputs.flatMap((input) => chunksOf(input, chunkBytes));
  // Read once unless every well is wanted (--wells): pass 1 keeps only the treated ones.
  const large = inputBytes(inputs) > (environment.keepWellsBytes ?? KEEP_WELLS_BYTES);
  const keepWells = !sink.wants.wells && !large;
  if (large) executor.preferMemory?.();
  // Each part's curves join the input's table as the part arrives (the marks are let go then).
  const sightings = new CurveSightings(inputs, settings.unitOut);
  const arrived = (index: ChunkIndex): ChunkIndex => {
    sightings.add(index.input, index.part, index.curves, index.lines);
    return { ...index, curves: NO_MARKS };
  };
  let indexes = await indexAll(chunks, inputs, settings, executor, progress, keepWells, arrived);
  // A quoted field across a line end cannot be split at a newline: such files are read whole.
  const whole = new Set(indexes.filter((index) => index.oddQuotes && chunks.filter((c) => c.input === index.input).length > 1).map((index) => index.input));
  if (whole.size > 0) {
    const rechunked = inputs.flatMap((input) => (whole.has(input.index) ? chunksOf(input, CHUNK_BYTES, false) : chunks.filter((c) => c.input === input.index)));
    for (const input of whole) sightings.reset(input);
    const reindexed = await indexAll(rechunked.filter((c) => whole.has(c.input)), inputs, settings, executor, progress, keepWells, arrived);
    indexes = rechunked.map((c) => (whole.has(c.input) ? reindexed.find((r) => r.input === c.input)! : indexes[chunks.indexOf(c)]!));
    chunks = rechunked;
  }
  const plan = buildPlan(inputs, chunks, indexes, settings, sightings);
  const packs = indexes.map((index) => index.wells);
  // Pass 2 needs of pass 1's indexes only each chunk's line count (and the packs): the rest —
  // controls, plate fingerprints, warnings — is in the plan, so it goes now (the curves' marks
  // went into the plan's CurveTable as each part arrived).
  const chunkLines = indexes.map((index) => index.lines);
  indexes = [];
  const errors: FileError[] = plan.inputs.flatMap((p) => (p.error ? [p.error] : []));
  const warnings: Warning[] = [...plan.warnings];
  const failed = new Set(plan.inputs.filter((p) => p.error).map((p) => p.spec.index));

  if (plan.curves.size === 0) {
    progress.stop();
    if (errors.length === 0) {
      const leftOut = plan.samples > 0 || plan.excluded > 0;
      throw new Ic50Error(
        leftOut ? `no treated well could be used: every one was left out (${plan.excluded} wells excluded; see the warnings above)` : 'no treated well in the input: nothing to fit',
        { code: 'no_data', hint: leftOut ? 'check the plate map against the export (ic50 inspect FILE --layout MAP)' : 'is the plate map the right one? treated wells need a compound and a concentration' },
      );
    }
    return { inputs: inputs.length, plates: plan.plates.length, curves: 0, flagged: 0, warnings, errors, cellLines: [], nothing: true };
  }
  const lines = new Set<string>();
  for (let i = 0; i < plan.curves.size; i++) lines.add(plan.curves.cellLine(i));
  const parentals = parentalsOf(lines, { parental: options.parental, pairs: options.pairs });
  checkDoublingTimes(lines, options);
  // What the data hold decides some columns (a time column, growth-rate metrics): the sink and
  // the second pass's rendering see the options with it.
  const detected = detectData(plan);
  const effective: Options = { ...options, detected };
  sink.adapt?.(effective);
  settings = { ...settings, options: effective };

  const sharing = settings.share !== undefined;
  const joiner = rowJoiner(plan.curves, parentals, options, sharing, {
    difference: (line, parental) => executor.run({ kind: 'difference', line, parental, settings }, true),
    shared: (fits) => executor.run({ kind: 'shared', fits, settings }, true),
  });
  const render = sink.wants.render;
  const keepPoints = sink.wants.points || parentals.size > 0 || sharing;
  // Keys of the curves whose fits are needed as objects (made per part: the plan keeps no key strings).
  const neededOf = (curves: Iterable<number>): string[] => {
    const keys: string[] = [];
    for (const i of curves) {
      const identity = plan.curves.identity(i);
      if (!render || joiner.needs(identity)) keys.push(curveKey(identity));
    }
    return keys;
  };

  await sink.begin();
  let curves = 0;
  let flagged = 0;
  const emit = async (row: PendingRow): Promise<void> => sink.row(await row);
  const count = (isFlagged: boolean): void => {
    curves++;
    if (isFlagged) flagged++;
    progress.update(curves);
  };

  // Pass 2: chunks in order, a few ahead; curves merged across chunks, fitted when complete.
  progress.start('fitting', plan.curves.size);
  const work = chunks.map((_, g) => g).filter((g) => !failed.has(chunks[g]!.input));
  const window = Math.max(2, 2 * executor.threads + 1);
  const started = new Map<number, Promise<ChunkResult>>();
  const start = (g: number) => {
    const chunk = chunks[g]!;
    const inputPlan = plan.inputs[chunk.input]!;
    const part = inputPlan.chunks.indexOf(g);
    const ids = plan.chunkCurves[g]!;
    const spanning = ids.filter((i) => plan.curves.spans(i));
    const local = ids.filter((i) => !plan.curves.spans(i));
    const chunkPlan: ChunkPlan = {
      lineOffset: inputs[chunk.input]!.format === 'tidy' ? inputPlan.lineOffsets[part]! : 0,
      lines: chunkLines[g]!,
      curves: ids.length,
      normalizations: inputPlan.normalizations,
      spanning: Array.from(spanning, (i) => plan.curves.key(i)),
      needed: neededOf(local),
      render,
      keepPoints,
      wells: sink.wants.wells,
    };
    // Wells pass 1 kept go to pass 2 once, then memory lets them go.
    const wells = packs[g];
    packs[g] = undefined;
    started.set(g, executor.run({ kind: 'process', input: inputs[chunk.input]!, chunk, settings, plan: chunkPlan, wells }));
  };
  // --wells: each chunk's wells in order; those waiting for a spanning curve's outliers hold the ones after them.
  const wellsRender = sink.wants.wells;
  const wellsQueue: WellsChunk[] = [];
  const spanningOutliers = new Map<string, ReadonlySet<string>>();
  const fittedSpanning = new Set<string>();
  const flushWells = async (all: boolean): Promise<void> => {
    while (wellsQueue.length > 0 && wellsRender && sink.wells) {
      const head = wellsQueue[0]!;
      if ('pending' in head && !all && head.pending.some((w) => w.curve !== undefined && !fittedSpanning.has(w.curve))) return;
      wellsQueue.shift();
      await sink.wells('text' in head ? head.text : resolveWells(head.pending, (curve) => spanningOutliers.get(curve), wellsRender));
    }
  };
  const open = new Map<string, Curve>();
  // Curves that span chunks, by the chunk they complete in.
  const completesAt = new Map<number, number[]>();
  for (let i = 0; i < plan.curves.size; i++) {
    if (!plan.curves.spans(i)) continue;
    const at = completesAt.get(plan.curves.lastChunk(i));
    if (at) at.push(i);
    else completesAt.set(plan.curves.lastChunk(i), [i]);
  }

  for (let w = 0; w < work.length; w++) {
    for (let ahead = w; ahead < Math.min(work.length, w + window); ahead++) if (!started.has(work[ahead]!)) start(work[ahead]!);
    const g = work[w]!;
    const result = await started.get(g)!;
    started.delete(g);
    if (result.error) errors.push(result.error);
    warnings.push(...result.warnings);
    for (const fragment of result.fragments) {
      const previous = open.get(fragment.key);
      open.set(fragment.key, previous ? mergeCurve(previous, fragment.curve) : fragment.curve);
    }
    // Curves that complete here: this chunk's own, and those that spanned chunks.
    const completing = completesAt.get(g) ?? [];
    completesAt.delete(g);
    const spanning: { key: string; curve: Curve; position: number }[] = [];
    const spanningIds: number[] = [];
    for (const i of completing) {
      const key = plan.curves.key(i);
      const curve = open.get(key);
      open.delete(key);
      if (!curve) continue;
      spanning.push({ key, curve, position: plan.curves.last(i) });
      spanningIds.push(i);
    }
    const spanningDone = fitInBatches(spanning, settings, executor, neededOf(spanningIds), render, keepPoints);
    const completions: { position: number; done: Promise<CompletedCurve> | CompletedCurve }[] = [
      ...result.completed.map((c) => ({ position: c.position, done: c })),
      ...spanning.map((s, i) => ({ position: s.position, done: spanningDone[i]! })),
    ].sort((a, b) => a.position - b.position);
    const rows: PendingRow[] = [];
    const spanningKeys = wellsRender ? new Set(spanning.map((s) => s.key)) : undefined;
    for (const completion of completions) {
      const done = await completion.done;
      if (spanningKeys?.has(done.key)) {
        fittedSpanning.add(done.key);
        if (done.outlierWells) spanningOutliers.set(done.key, new Set(done.outlierWells));
      }
      count(done.flagged);
      if (done.text !== undefined) {
        for (const row of rows.splice(0)) await emit(row);
        await sink.text(done.text);
      } else rows.push(...joiner.complete(done.fit!));
    }
    for (const row of rows) await emit(row);
    if (result.wells) wellsQueue.push(result.wells);
    await flushWells(false);
  }
  await flushWells(true);
  progress.stop();
  await sink.end({
    plates: plan.plates,
    plateMaps: plan.plateMaps,
    warnings,
    errors,
    inputs: inputs.length,
    ...(plan.userExcluded.length > 0 ? { excluded: plan.userExcluded.map(({ exclusion: _, ...well }) => well) } : {}),
  });
  return { inputs: inputs.length, plates: plan.plates.length, curves, flagged, warnings, errors, cellLines: [...lines], nothing: false };
}

/**
 * What the data hold that decides output columns: treated wells read at several times (curves per
 * time, a `time` column) and plates with a growth-rate reference (GR and NCI-60 columns).
 */
function detectData(plan: Plan): DetectedData {
  const times = new Set<number | undefined>();
  for (let i = 0; i < plan.curves.size; i++) times.add(plan.curves.time(i));
  const growth = plan.inputs.some((input) => input.normalizations.some(([, n]) => n.doublings !== undefined));
  return { times: times.size > 1, growth };
}

/** --doubling-time names only cell lines in the data (before anything is written). */
function checkDoublingTimes(lines: ReadonlySet<string>, options: Options): void {
  for (const [line] of options.doublingTimes ?? []) {
    if (lines.has(line)) continue;
    const close = closestName(line, [...lines]);
    throw new Ic50Error(`--doubling-time: cell line "${line}" is not in the data`, {
      code: 'usage',
      hint: `${close !== undefined ? `did you mean "${close}"? ` : ''}cell lines found: ${[...lines].map((l) => `"${l}"`).join(', ')}`,
    });
  }
}

/**
 * The size of the parts tidy CSVs are read in: on one thread, CHUNK_BYTES; on several, small
 * enough that every thread has a few parts to work on (a 7 MB file is 8 parts on 2 threads),
 * never below 256 KB. The output does not depend on it (rows follow their last well).
 */
function chunkSize(inputs: readonly InputSpec[], threads: number): number {
  if (threads === 0) return CHUNK_BYTES;
  const bytes = inputs.reduce((sum, input) => sum + (input.format === 'tidy' && input.data.kind === 'file' ? input.data.size : 0), 0);
  return Math.max(256 << 10, Math.min(CHUNK_BYTES, Math.ceil(bytes / (4 * threads))));
}

/**
 * Inputs of at most this many bytes in all are read once: pass 1 keeps their treated wells
 * (packed, ~44 bytes a well, ~1.5 MB per MB of text at most) for pass 2. Larger inputs are read
 * twice, so that memory stays bounded whatever their size.
 */
const KEEP_WELLS_BYTES = 32 << 20;

function inputBytes(inputs: readonly InputSpec[]): number {
  let bytes = 0;
  for (const { data } of inputs) bytes += data.kind === 'file' ? data.size : data.kind === 'text' ? data.text.length : data.bytes.length;
  return bytes;
}

/**
 * Pass 1 over chunks, on the executor; each index is handed to `arrived` as soon as it and every
 * one before it are in (in chunk order, whatever order they finish in), and what that returns is kept.
 */
async function indexAll(
  chunks: readonly Chunk[],
  inputs: readonly InputSpec[],
  settings: EngineSettings,
  executor: Executor,
  progress: Progress,
  keepWells: boolean,
  arrived: (index: ChunkIndex) => ChunkIndex,
): Promise<ChunkIndex[]> {
  progress.start('reading', chunks.length);
  let done = 0;
  const indexes: ChunkIndex[] = [];
  const waiting = new Map<number, ChunkIndex>();
  await Promise.all(
    chunks.map((chunk, g) =>
      executor.run({ kind: 'index', input: inputs[chunk.input]!, chunk, settings, keepWells }).then((index) => {
        progress.update(++done);
        waiting.set(g, index);
        for (let next = indexes.length; waiting.has(next); next++) {
          indexes.push(arrived(waiting.get(next)!));
          waiting.delete(next);
        }
      }),
    ),
  );
  return indexes;
}

/** Curves fitted in batches on the executor (urgent: the output waits for them), one promise per curve. */
function fitInBatches(
  curves: readonly { key: string; curve: Curve; position: number }[],
  settings: EngineSettings,
  executor: Executor,
  needed: readonly string[],
  render: RenderSettings | undefined,
  keepPoints: boolean,
): Promise<CompletedCurve>[] {
  const out: Promise<CompletedCurve>[] = [];
  for (let at = 0; at < curves.length; at += FIT_BATCH) {
    const batch = curves.slice(at, at + FIT_BATCH);
    const done = executor.run({ kind: 'fit', curves: batch, settings, needed, render, keepPoints }, true);
    batch.forEach((_, i) => out.push(done.then((list) => list[i]!)));
  }
  return out;
}

export type { Plan, ResultRow };
