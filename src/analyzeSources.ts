import { analyze as run, type AnalyzeOutcome, type Progress } from './engine/analyze.js';
import type { InputSpec } from './engine/inputs.js';
import { memoryReader } from './engine/memoryContent.js';
import { combineSinks, type Sink } from './engine/sink.js';
import { InlineExecutor, type Executor } from './engine/tasks.js';
import type { PlateLayout } from './layouts/plateLayout.js';
import { readPlateMap } from './layouts/readPlateMap.js';
import { resolveOptions, type Options } from './options.js';
import { labelColumnsOf } from './engine/labelColumns.js';
import { decodeText } from './readers/decodeText.js';
import { inputKind } from './readers/index.js';
import { isZip } from './readers/zipLimits.js';
import type { Comparison, CurveFit, ExperimentSummary, Report, ResultRow, SharedFit, Warning } from './types.js';

/**
 * A plate map as text (CSV, TSV, semicolon-separated, a D300 protocol, an Echo report) or bytes
 * (also an .xlsx workbook), with a name for messages; an Echo report's source plates beside it.
 */
export interface MapSource {
  readonly name: string;
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** For an Echo transfer report: the stock file (see --echo-stock). */
  readonly echoStock?: { readonly name: string; readonly bytes: Uint8Array };
}

/** One input of the library's analyze: a tidy CSV or a plate-reader export, as text or bytes (an .xlsx workbook). */
export interface Source {
  /** A name for messages and the default plate id (e.g. the file name). */
  readonly name: string;
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** The plate map of this export (else `options.map`). */
  readonly map?: MapSource | readonly PlateLayout[];
  /** What a manifest row would say: the cell line, plate id and independent experiment of this input. */
  readonly cellLine?: string;
  readonly plate?: string;
  readonly experiment?: string;
  /** What a manifest's label columns would say: this input's check (e.g. `{ passage: '12' }`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Hours from treatment to the read of every well, as a manifest's `time` (0: a time-zero plate). */
  readonly time?: number;
}

/** The options of analyze: those of `ic50 fit` (see OPTIONS), and a plate map for every export. */
export type AnalyzeOptions = Partial<Options> & {
  readonly map?: MapSource | readonly PlateLayout[] | undefined;
};

/** Where analyze runs its tasks and whether it reports progress. */
export interface AnalyzeEnvironment {
  /** Default: this thread. A WorkerPool runs tasks on worker threads. */
  readonly executor?: Executor;
  /** Extra sinks (writers) fed with the rows as they are made. */
  readonly sinks?: readonly Sink[];
  readonly progress?: Progress;
}

async function layoutsOf(map: MapSource | readonly PlateLayout[] | undefined, options: Options, notes: Warning[]): Promise<readonly PlateLayout[] | undefined> {
  if (map === undefined) return undefined;
  if (Array.isArray(map)) return map as readonly PlateLayout[];
  const source = map as MapSource;
  const bytes = source.bytes ?? new TextEncoder().encode(source.text ?? '');
  const reading = await readPlateMap(source.name, { bytes, echoStock: source.echoStock }, { unit: options.unit, sheet: options.sheet, assayVolume: options.assayVolume });
  notes.push(...reading.notes.map((message) => ({ location: { file: source.name }, message })));
  return reading.layouts;
}

/** A collecting sink: every row, and the tail, for the Report. */
function collector(): Sink & { rows: ResultRow[]; tail: Parameters<Sink['end']>[0] | undefined } {
  const state = {
    rows: [] as ResultRow[],
    tail: undefined as Parameters<Sink['end']>[0] | undefined,
    wants: { points: true, plateMaps: true },
    begin() {},
    text() {
      throw new Error('the library takes rows, not text');
    },
    row(row: ResultRow) {
      state.rows.push(row);
    },
    end(tail: Parameters<Sink['end']>[0]) {
      state.tail = tail;
    },
  };
  return state;
}

/**
 * The whole analysis of the CLI, as a library call: read every source (tidy CSV, or a
 * plate-reader export with its plate map), normalize each plate to its controls with plate QC,
 * pool wells into curves per cell line, compound and experiment, fit, and compare with parental
 * lines. Returns the Report: fits, experiment summaries and comparisons as separate
 * collections, and `rows` — the three joined, in output order, as the CLI writes them.
 *
 * Label columns (`labelColumns`, any `passage` or `date` column of a tidy CSV, and the keys of
 * the sources' `labels`) label each row's check, as `ic50 fit` does.
 *
 * A source that cannot be used becomes an entry in `errors` and the others go on; an Ic50Error
 * that is not about one source (an unknown `parental`) is thrown.
 */
export async function analyze(sources: readonly Source[], options: AnalyzeOptions = {}, environment: AnalyzeEnvironment = {}): Promise<Report> {
  const { map, ...given } = options;
  let resolved = resolveOptions(given);
  const mapNotes: Warning[] = [];
  const shared = await layoutsOf(map, resolved, mapNotes);
  const own = await Promise.all(sources.map((source) => layoutsOf(source.map, resolved, mapNotes)));
  const inputs: InputSpec[] = sources.map((source, index) => {
    const bytes = source.bytes;
    const zip = bytes !== undefined && isZip(bytes);
    const text = source.text ?? (bytes && !zip ? (decodeText(bytes) ?? undefined) : undefined);
    const layouts = own[index] ?? shared;
    return {
      index,
      name: source.name,
      data: text !== undefined ? { kind: 'text', text } : { kind: 'bytes', bytes: bytes ?? new Uint8Array() },
      format: zip ? 'export' : inputKind(text ?? '', resolved.reader),
      ...(text !== undefined ? { head: text.slice(0, 65536) } : {}),
      ...(layouts ? { layouts } : {}),
      ...(source.cellLine !== undefined ? { cellLine: source.cellLine } : {}),
      ...(source.plate !== undefined ? { plate: source.plate } : {}),
      ...(source.experiment !== undefined ? { experiment: source.experiment } : {}),
      ...(source.labels !== undefined ? { labels: source.labels } : {}),
      ...(source.time !== undefined ? { time: source.time } : {}),
    };
  });
  // Label columns: those asked for, any passage or date column, and the sources' own labels.
  const sourceLabels = [...new Set(sources.flatMap((s) => Object.keys(s.labels ?? {})))];
  const asked = [...resolved.labelColumns, ...sourceLabels.filter((key) => !resolved.labelColumns.includes(key))];
  resolved = { ...resolved, labelColumns: labelColumnsOf(inputs, { ...resolved, labelColumns: asked }, sourceLabels).keys };
  const collect = collector();
  const executor = environment.executor ?? new InlineExecutor(memoryReader);
  const sinks = [collect, ...(environment.sinks ?? [])];

  const outcome: AnalyzeOutcome = await run(inputs, resolved, { executor, sink: combineSinks(sinks), progress: environment.progress });
  const fits = [...new Set(collect.rows.flatMap((r) => (r.kind === 'fit' ? [r.fit] : [])))] as CurveFit[];
  const summaries = [...new Set(collect.rows.flatMap((r) => (r.kind === 'summary' ? [r.summary] : [])))] as ExperimentSummary[];
  const comparisons = collect.rows.flatMap((r) => (r.comparison ? [r.comparison] : [])) as Comparison[];
  const sharedFits = [...new Set(collect.rows.flatMap((r) => (r.kind === 'fit' && r.shared ? [r.shared] : [])))] as SharedFit[];
  const tail = collect.tail;
  return {
    fits,
    summaries,
    comparisons,
    rows: collect.rows,
    plates: [...(tail?.plates ?? [])],
    plateMaps: [...(tail?.plateMaps ?? [])],
    ...(tail?.excluded ? { excluded: [...tail.excluded] } : {}),
    ...(resolved.share.length > 0 ? { shared: sharedFits } : {}),
    warnings: [...mapNotes, ...outcome.warnings],
    errors: [...outcome.errors],
    inputs: inputs.length,
  };
}
