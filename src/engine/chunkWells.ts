import { Ic50Error } from '../errors.js';
import type { PlateLayout } from '../layouts/plateLayout.js';
import { applyLayout, layoutForPlate } from '../plate/applyLayout.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { ExclusionMatcher, type Exclusion, type ExclusionHit } from '../plate/exclusions.js';
import { exportPlateMap } from '../plate/plateMaps.js';
import { selectSignal } from '../plate/selectSignal.js';
import type { CellTable } from '../readers/cellTable.js';
import { tableFromText } from '../readers/cellTable.js';
import { readPlates } from '../readers/readPlates.js';
import { forEachTidyRecord, readTidyHeader, tidyWell, type TidyCsvOptions, type TidyHeader } from '../readers/tidyCsv.js';
import type { CurveIdentity, PlateMap, Warning, WellRecord } from '../types.js';
import type { Chunk, InputSpec } from './inputs.js';

/** Text of a chunk of a tidy CSV, in blocks of whole lines; `firstLine` counts from 1 at the chunk's start. */
export interface TextBlock {
  readonly text: string;
  readonly firstLine: number;
}

/** What a task can read of an input: its chunk's text in blocks (tidy CSV), or all of it (exports). */
export interface ChunkContent {
  blocks(): Iterable<TextBlock>;
  /** The whole input: decoded text, or a workbook's sheets. */
  whole(): Promise<{ readonly text?: string; readonly tables?: readonly CellTable[] }>;
}

/** The reading options of an analysis (a structured-clonable part of Options). */
export interface ReadSettings {
  readonly unit?: ConcentrationUnit | undefined;
  readonly cellLine?: string | undefined;
  readonly strict: boolean;
  readonly reader?: string | undefined;
  readonly read?: string | undefined;
  readonly referenceSubtract: boolean;
  /** --experiment: by plate, by file, or by a tidy CSV's column. */
  readonly experiment?: 'plate' | 'file' | { readonly column: string } | undefined;
  /** Label columns (options.labelColumns): the check of each row or input. */
  readonly labelColumns?: readonly string[] | undefined;
  /** Keep each plate's well map (heat maps). */
  readonly plateMaps: boolean;
  /** Wells the user excluded (--exclude, --exclude-file). */
  readonly exclusions?: readonly Exclusion[] | undefined;
}

/** What reading a chunk found besides its wells. */
export interface ChunkReading {
  readonly warnings: Warning[];
  /** Plate id → what the signal is (an export's read), for QC records. */
  readonly signals: Map<string, string>;
  readonly plateMaps: PlateMap[];
  /** Lines in the chunk (tidy), for the line numbers of later chunks. */
  lines: number;
  /** Wells the user's exclusions matched, in reading order. */
  exclusionHits: ExclusionHit[];
}

/** The experiment a curve of this input belongs to ("" when experiments are not separated). */
export function experimentOfWell(input: InputSpec, settings: ReadSettings, well: WellRecord): string {
  if (input.experiment !== undefined) return input.experiment;
  const by = settings.experiment;
  if (by === undefined) return '';
  if (by === 'plate') return well.plate;
  if (by === 'file') return input.name;
  return well.experiment ?? '';
}

/**
 * The identity of a well's curve: cell line, compound, experiment, the time of the read (when
 * said) and — with label columns — the
 * check's labels: a tidy CSV's row values (read with the input's manifest values as defaults),
 * else the input's manifest values ("" where none).
 */
export function identityOfWell(input: InputSpec, settings: ReadSettings, well: WellRecord): CurveIdentity {
  const identity = { cellLine: well.cellLine, compound: well.compound, experiment: experimentOfWell(input, settings, well), time: well.time };
  const labels = labelsOfWell(input, settings, well);
  return labels ? { ...identity, labels } : identity;
}

/** The labels of a well's check (see identityOfWell); undefined without label columns. */
export function labelsOfWell(input: InputSpec, settings: ReadSettings, well: WellRecord): readonly string[] | undefined {
  const keys = settings.labelColumns;
  if (!keys || keys.length === 0) return undefined;
  return well.labels ?? keys.map((key) => input.labels?.[key] ?? '');
}

function tidyOptions(input: InputSpec, settings: ReadSettings): TidyCsvOptions {
  const by = settings.experiment;
  const labelColumns = settings.labelColumns ?? [];
  return {
    unit: settings.unit,
    cellLine: input.cellLine ?? settings.cellLine,
    strict: settings.strict,
    plate: input.plate,
    experimentColumn: typeof by === 'object' && input.experiment === undefined ? by.column : undefined,
    ...(labelColumns.length > 0 ? { labelColumns, labelDefaults: labelColumns.map((key) => input.labels?.[key]) } : {}),
    time: input.time,
  };
}

/** The header of a tidy input, read from its head (the same in every chunk). */
export function tidyHeaderOf(input: InputSpec, settings: ReadSettings): TidyHeader {
  return readTidyHeader(input.head ?? '', input.name, tidyOptions(input, settings));
}

/**
 * Reads the wells of one chunk, in order, handing each to `onWell` with its sequence number (the
 * file line for a tidy CSV, counted from `lineOffset`; the well's order for an export). Throws
 * Ic50Error for an unusable input (the message names file, line and well).
 */
export async function readChunkWells(
  input: InputSpec,
  chunk: Chunk,
  content: ChunkContent,
  settings: ReadSettings,
  lineOffset: number,
  onWell: (well: WellRecord, sequence: number) => void,
): Promise<ChunkReading> {
  const reading: ChunkReading = { warnings: [], signals: new Map(), plateMaps: [], lines: 0, exclusionHits: [] };
  const matcher = settings.exclusions && settings.exclusions.length > 0 ? new ExclusionMatcher(settings.exclusions) : undefined;
  if (input.format === 'tidy') {
    const deliver = matcher ? (well: WellRecord, sequence: number) => onWell(matcher.apply(well), sequence) : onWell;
    const header = tidyHeaderOf(input, settings);
    const options = tidyOptions(input, settings);
    if (chunk.part === 0) for (const note of header.notes) reading.warnings.push({ location: { file: input.name }, message: note });
    if (input.layouts && input.layouts.length > 0 && chunk.part === 0) {
      // A tidy file says what every well is: a plate map given too is not used, and we say so.
      reading.warnings.push({ location: { file: input.name }, message: 'a tidy CSV names compound and concentration per well: the --layout map is not used for it' });
    }
    let rows = 0;
    for (const block of content.blocks()) {
      let text = block.text;
      let first = block.firstLine;
      if (chunk.part === 0 && first <= header.line) {
        // The header and anything above it (blank lines) are not wells.
        let skip = header.line - first + 1;
        let at = 0;
        while (skip > 0 && at >= 0) {
          at = text.indexOf('\n', at);
          if (at >= 0) at++;
          skip--;
          first++;
        }
        text = at < 0 ? '' : text.slice(at);
      }
      forEachTidyRecord(text, header.delimiter, input.name, first + lineOffset, (record, line) => {
        deliver(tidyWell(header, record, line, options, reading.warnings), line);
        rows++;
      });
      reading.lines = block.firstLine - 1 + countLines(block.text);
    }
    if (rows === 0 && chunk.part === 0 && chunk.end === Number.POSITIVE_INFINITY) {
      throw new Ic50Error('the file has a header but no data rows', { code: 'no_data', location: { file: input.name, line: header.line } });
    }
    if (matcher) reading.exclusionHits = matcher.hits;
    return reading;
  }
  await exportWells(input, content, settings, reading, onWell, matcher);
  if (matcher) reading.exclusionHits = matcher.hits;
  return reading;
}

/** Lines in a block of text (a final line without a line end counts). */
function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

/** The wells of a plate-reader export joined with its plate map (an export is read whole). */
async function exportWells(
  input: InputSpec,
  content: ChunkContent,
  settings: ReadSettings,
  reading: ChunkReading,
  onWell: (well: WellRecord, sequence: number) => void,
  matcher: ExclusionMatcher | undefined,
): Promise<void> {
  const file = input.name;
  if (typeof settings.experiment === 'object' && input.experiment === undefined) {
    throw new Ic50Error(`--experiment ${settings.experiment.column}: a column can only be read from a tidy CSV, and this is a plate-reader export`, {
      code: 'usage',
      location: { file },
      hint: 'give each export its experiment in a --manifest (column experiment), or use --experiment plate|file',
    });
  }
  const whole = await content.whole();
  const tables = whole.tables ?? [tableFromText(whole.text ?? '', file)];
  const read = readPlates(tables, file, settings.reader);
  const plateId = input.plate;
  const plates = plateId === undefined ? read.plates : read.plates.map((p, i, all) => ({ ...p, id: all.length === 1 ? plateId : `${plateId}#${i + 1}` }));
  const layouts: readonly PlateLayout[] = input.layouts ?? [];
  if (layouts.length === 0) {
    throw new Ic50Error(`this is a plate-reader export (${read.readers[0]!.label}); it needs a plate map`, {
      code: 'layout',
      location: { file },
      hint: 'give --layout MAP (a long well table, a grid per variable, or a dilution description); see ic50 inspect to check what was read',
    });
  }
  // What a reader had to skip or guess is said, never silent (--strict makes it an error).
  for (const plate of plates) for (const note of plate.notes) reading.warnings.push({ location: { file: plate.source }, message: `plate "${plate.id}": ${note}` });
  if (settings.strict && reading.warnings.length > 0) {
    const first = reading.warnings[0]!;
    throw new Ic50Error(first.message, { location: first.location, hint: 'drop --strict to go on with a warning' });
  }
  let sequence = 0;
  for (const plate of plates) {
    const signal = selectSignal(plate, { read: settings.read, referenceSubtract: settings.referenceSubtract });
    const joined = applyLayout(plate, signal, layoutForPlate(plate, layouts), input.cellLine ?? settings.cellLine, input.time);
    if (settings.strict && joined.warnings.length > 0) {
      const first = joined.warnings[0]!;
      throw new Ic50Error(first.message.replace(': well excluded', ''), { location: first.location, hint: 'drop --strict to exclude such wells' });
    }
    reading.warnings.push(...joined.warnings);
    reading.signals.set(plate.id, `${plate.reader}: ${signal.description}`);
    // Excluded before the heat map is made, so that it shows them excluded too.
    const wells = matcher ? joined.wells.map((well) => matcher.apply(well)) : joined.wells;
    if (settings.plateMaps) reading.plateMaps.push(exportPlateMap(plate, signal, wells));
    for (const well of wells) onWell(well, ++sequence);
  }
}
