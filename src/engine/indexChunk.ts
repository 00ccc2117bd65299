import { Ic50Error, toFileError } from '../errors.js';
import { ControlCollector, type ControlSet } from '../plate/controls.js';
import type { ExclusionHit } from '../plate/exclusions.js';
import { unitKind } from '../plate/concentrationUnit.js';
import { curveUnit } from '../plate/groupCurves.js';
import { tidyPlateMaps } from '../plate/plateMaps.js';
import type { FileError, PlateMap, Warning, WellRecord } from '../types.js';
import { experimentOfWell, labelsOfWell, readChunkWells, type ChunkContent } from './chunkWells.js';
import { CurveMarker, NO_MARKS, type CurveMarks } from './curveMarks.js';
import type { Chunk, InputSpec } from './inputs.js';
import type { EngineSettings } from './settings.js';
import { WellPacker, type WellPack } from './wellPack.js';

/** A fingerprint of a plate's readings in one chunk: the same plate read twice has the same one. */
export interface PlateMark {
  readonly plate: string;
  /** Two 32-bit FNV-1a hashes over the plate's readings in order (well, cell line, compound, signal; signal and count). */
  readonly hash: readonly [number, number];
  readonly readings: number;
}

/** What the first pass learns from one chunk: no samples kept, only what the second pass needs. */
export interface ChunkIndex {
  readonly input: number;
  readonly part: number;
  /** Lines of the chunk (tidy), so that later chunks can number theirs. */
  readonly lines: number;
  /** Set when the chunk holds an odd number of quote characters: a quoted field spans a line end. */
  readonly oddQuotes: boolean;
  /** The input cannot be used (the first error met). */
  readonly error?: FileError;
  readonly warnings: Warning[];
  /** Curves in first-seen order, and where each compound was first dosed in each kind of unit (one compound must keep one kind). */
  readonly curves: CurveMarks;
  /** Control wells per plate, experiment and cell line, in first-seen order. */
  readonly controls: ControlSet[];
  readonly plates: PlateMark[];
  /** Plate id → what its signal is (an export's read). */
  readonly signals: [string, string][];
  readonly plateMaps: PlateMap[];
  /** Sample wells read. */
  readonly samples: number;
  /** Wells left out (role exclude: markers, unreadable signals, unread wells, user exclusions). */
  readonly excluded: number;
  /** The treated wells read, when asked to keep them (the second pass then need not read again). */
  readonly wells?: WellPack;
  /** Wells the user's exclusions matched (--exclude), in reading order. */
  readonly exclusionHits: ExclusionHit[];
  /** The label values met on each plate (and experiment) of a tidy CSV with label columns: one check per plate (see PlateChecks). */
  readonly plateLabels?: PlateLabels[];
}

/** The label values first met on a plate (and experiment) of a chunk, per label column ("" until one is met), with their lines. */
export interface PlateLabels {
  readonly plate: string;
  readonly experiment: string;
  readonly values: string[];
  readonly lines: (number | undefined)[];
}

/**
 * One check per plate: every well of a plate (and experiment) that names a label value names the
 * same one — a plate is normalized to its own controls, so wells of two passages on one plate id
 * would be normalized together. Throws Ic50Error at the first well that breaks it.
 */
export class PlateChecks {
  readonly plates = new Map<string, PlateLabels>();
  constructor(
    private readonly keys: readonly string[],
    private readonly file: string,
  ) {}

  add(plate: string, experiment: string, values: readonly string[], line: number | undefined, offset = 0): void {
    const key = `${plate}\u0000${experiment}`;
    let seen = this.plates.get(key);
    if (!seen) this.plates.set(key, (seen = { plate, experiment, values: this.keys.map(() => ''), lines: this.keys.map(() => undefined) }));
    values.forEach((value, k) => {
      if (value === '') return;
      const before = seen.values[k]!;
      if (before === '') {
        seen.values[k] = value;
        seen.lines[k] = line === undefined ? undefined : line + offset;
      } else if (before !== value) {
        const at = seen.lines[k];
        throw new Ic50Error(`plate "${plate}" holds wells of two checks: ${this.keys[k]} "${before}"${at !== undefined ? ` (line ${at})` : ''} and "${value}"`, {
          code: 'value',
          location: { file: this.file, ...(line !== undefined ? { line: line + offset } : {}) },
          hint: `a plate is normalized to its own controls, so it is one check: give each check's plates their own plate id (a plate column), and every well of a check the same ${this.keys[k]} (the parental's too)`,
        });
      }
    });
  }
}

const FNV_PRIME = 16777619;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** FNV-1a over the 8 bytes of a double (as two 32-bit words). */
function fnvNumber(hash: number, value: number): number {
  bits[0] = value;
  return Math.imul(Math.imul(hash ^ words[0]!, FNV_PRIME) ^ words[1]!, FNV_PRIME) >>> 0;
}

/** FNV-1a over a string's UTF-16 code units, memoised per string (names repeat on every row). */
const nameHashes = new Map<string, number>();
function fnvText(hash: number, text: string): number {
  let h = nameHashes.get(text);
  if (h === undefined) {
    h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
    if (nameHashes.size > 100_000) nameHashes.clear();
    nameHashes.set(text, h);
  }
  return Math.imul(hash ^ h, FNV_PRIME) >>> 0;
}

function countQuotes(text: string): number {
  let n = 0;
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) n++;
  return n;
}

/**
 * Pass 1 over one chunk: reads and checks every well (so that an unusable input is known before
 * anything is written), and keeps only what the second pass needs — each curve's identity and
 * last line (packed, see CurveMarks), the plates' control wells (to normalize), fingerprints of the plates (to catch the same
 * plate read twice) and warnings — and with `keepWells` its treated wells, packed. Never throws
 * for a bad input: its error is in `error`.
 */
export async function indexChunk(input: InputSpec, chunk: Chunk, content: ChunkContent, settings: EngineSettings, keepWells = false): Promise<ChunkIndex> {
  const marker = new CurveMarker();
  const controls = new ControlCollector();
  const plates = new Map<string, { a: number; b: number; readings: number }>();
  const tidyWells: WellRecord[] = [];
  const checks = settings.read.labelColumns && settings.read.labelColumns.length > 0 && input.format === 'tidy' ? new PlateChecks(settings.read.labelColumns, input.name) : undefined;
  const packer = keepWells ? new WellPacker() : undefined;
  let lastUnit: string | undefined;
  let lastCompound: string | undefined;
  let samples = 0;
  let excluded = 0;
  let quotes = 0;
  const counted: ChunkContent = {
    *blocks() {
      for (const block of content.blocks()) {
        quotes += countQuotes(block.text);
        yield block;
      }
    },
    whole: () => content.whole(),
  };
  const onWell = (well: WellRecord, sequence: number): void => {
    if (Number.isFinite(well.signal)) {
      let plate = plates.get(well.plate);
      if (!plate) plates.set(well.plate, (plate = { a: 2166136261, b: 84696351, readings: 0 }));
      let a = fnvText(plate.a, well.location.well ?? '');
      a = fnvText(a, well.cellLine);
      a = fnvText(a, well.compound);
      plate.a = fnvNumber(a, well.signal);
      plate.b = fnvNumber(Math.imul(plate.b ^ 0x5bd1e995, FNV_PRIME) >>> 0, well.signal + plate.readings);
      plate.readings++;
    }
    if (settings.read.plateMaps && input.format === 'tidy') tidyWells.push(well);
    if (checks && well.labels) checks.add(well.plate, well.experiment ?? '', well.labels, well.location.line);
    if (settings.normalize) controls.add(well);
    if (well.role === 'exclude') excluded++;
    // A treated well the user excluded still belongs to its curve (listed on it, not fitted).
    const excludedSample = well.userExclusion?.role === 'sample';
    if (well.role !== 'sample' && !excludedSample) return;
    if (!excludedSample) samples++;
    packer?.add(well, sequence);
    // One compound, one kind of unit (molar or mass): looked at when the unit or compound changes.
    if (well.unit !== lastUnit || well.compound !== lastCompound) {
      lastUnit = well.unit;
      lastCompound = well.compound;
      marker.unitKind(well.compound, unitKind(well.unit), well.unit, well.location.line);
    }
    const experiment = experimentOfWell(input, settings.read, well);
    const labels = labelsOfWell(input, settings.read, well);
    if (marker.same(well.cellLine, well.compound, experiment, labels, well.time, sequence)) return;
    const identity = labels ? { cellLine: well.cellLine, compound: well.compound, experiment, labels, time: well.time } : { cellLine: well.cellLine, compound: well.compound, experiment, time: well.time };
    marker.curve(identity, curveUnit(well.unit, settings.unitOut), sequence);
  };
  try {
    const reading = await readChunkWells(input, chunk, counted, settings.read, 0, onWell);
    return {
      input: input.index,
      part: chunk.part,
      lines: reading.lines,
      oddQuotes: quotes % 2 === 1,
      warnings: reading.warnings,
      curves: marker.marks(),
      controls: [...controls.sets.values()],
      plates: [...plates].map(([plate, p]) => ({ plate, hash: [p.a, p.b] as const, readings: p.readings })),
      signals: [...reading.signals],
      plateMaps: input.format === 'tidy' ? tidyPlateMaps(tidyWells, input.name) : reading.plateMaps,
      samples,
      excluded,
      ...(packer ? { wells: packer.pack() } : {}),
      exclusionHits: reading.exclusionHits,
      ...(checks ? { plateLabels: [...checks.plates.values()] } : {}),
    };
  } catch (error) {
    if (!(error instanceof Ic50Error)) throw error;
    return {
      input: input.index,
      part: chunk.part,
      lines: 0,
      oddQuotes: quotes % 2 === 1,
      error: toFileError(error, input.name),
      warnings: [],
      curves: NO_MARKS,
      controls: [],
      plates: [],
      signals: [],
      plateMaps: [],
      samples: 0,
      excluded: 0,
      exclusionHits: [],
    };
  }
}
