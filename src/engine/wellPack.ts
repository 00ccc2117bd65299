import type { WellRecord } from '../types.js';
import { grown } from './grown.js';
import { Names } from './names.js';

/**
 * The treated wells of a chunk as the first pass read them, packed into typed arrays and one
 * table of distinct strings, so that the second pass need not read and parse the text again.
 * Plain data: it crosses threads as a copy of a few arrays (about 76 bytes a well), not as one
 * object per well.
 */
export interface WellPack {
  /** Distinct strings of the wells (file, plate, cell line, compound, experiment, well, unit, exclusion reason, labels as JSON). */
  readonly strings: string[];
  /** Per well, STRIDE_IDS indexes into `strings` (−1: absent). */
  readonly ids: Int32Array;
  /** Per well: log10 molar, signal, sequence number (line of a tidy CSV, order in an export), location line (NaN: none), time in hours (NaN: none). */
  readonly values: Float64Array;
  readonly count: number;
}

const STRIDE_IDS = 9;
const STRIDE_VALUES = 5;

/** Collects wells into a WellPack. */
export class WellPacker {
  private readonly names = new Names();
  /** Growing typed arrays (doubled when full): no array of boxed numbers to copy at pack(). */
  private ids = new Int32Array(STRIDE_IDS * 256);
  private values = new Float64Array(STRIDE_VALUES * 256);
  private count = 0;

  /** Per field, the last well's text and its number: wells in a row share most of them. */
  private readonly lastText: (string | undefined)[] = new Array<string | undefined>(STRIDE_IDS).fill(undefined);
  private readonly lastId: number[] = new Array<number>(STRIDE_IDS).fill(-1);

  private id(field: number, text: string | undefined): number {
    if (text === this.lastText[field]) return this.lastId[field]!;
    const id = this.names.optionalId(text);
    this.lastText[field] = text;
    this.lastId[field] = id;
    return id;
  }

  /** Adds a treated well (or one the user excluded: its reason is kept) with its sequence number. */
  add(well: WellRecord, sequence: number): void {
    if (this.count * STRIDE_IDS === this.ids.length) {
      this.ids = grown(this.ids, 2 * this.ids.length);
      this.values = grown(this.values, 2 * this.values.length);
    }
    const ids = this.ids;
    const at = this.count * STRIDE_IDS;
    ids[at] = this.id(0, well.location.file);
    ids[at + 1] = this.id(1, well.plate);
    ids[at + 2] = this.id(2, well.cellLine);
    ids[at + 3] = this.id(3, well.compound);
    ids[at + 4] = this.id(4, well.experiment);
    ids[at + 5] = this.id(5, well.location.well);
    ids[at + 6] = this.id(6, well.unit);
    ids[at + 7] = this.id(7, well.userExclusion?.reason);
    // A tidy row's labels (its check), as one string: a few distinct tuples per file.
    ids[at + 8] = this.id(8, well.labels ? JSON.stringify(well.labels) : undefined);
    const values = this.values;
    const v = this.count * STRIDE_VALUES;
    values[v] = well.log10Molar;
    values[v + 1] = well.signal;
    values[v + 2] = sequence;
    values[v + 3] = well.location.line ?? Number.NaN;
    values[v + 4] = well.time ?? Number.NaN;
    this.count++;
  }

  pack(): WellPack {
    return {
      strings: this.names.texts(),
      ids: this.ids.slice(0, this.count * STRIDE_IDS),
      values: this.values.slice(0, this.count * STRIDE_VALUES),
      count: this.count,
    };
  }
}

/**
 * Hands every packed well to `onWell` in the order they were added, as the records the reader
 * made (treated wells, role sample; those the user excluded with role exclude and their reason),
 * with `lineOffset` added to lines and sequence numbers (a chunk's lines are counted from its
 * start in pass 1).
 */
export function forEachPackedWell(pack: WellPack, lineOffset: number, onWell: (well: WellRecord, sequence: number) => void): void {
  const { strings, ids, values } = pack;
  const text = (id: number): string | undefined => (id < 0 ? undefined : strings[id]);
  const tuples = new Map<number, string[]>();
  const labels = (id: number): string[] | undefined => {
    if (id < 0) return undefined;
    let tuple = tuples.get(id);
    if (!tuple) tuples.set(id, (tuple = JSON.parse(strings[id]!) as string[]));
    return tuple;
  };
  for (let i = 0; i < pack.count; i++) {
    const at = i * STRIDE_IDS;
    const sequence = values[i * STRIDE_VALUES + 2]! + lineOffset;
    const file = strings[ids[at]!]!;
    const line = values[i * STRIDE_VALUES + 3]! + lineOffset;
    const well = text(ids[at + 5]!);
    const reason = text(ids[at + 7]!);
    const time = values[i * STRIDE_VALUES + 4]!;
    onWell(
      {
        location: Number.isNaN(line) ? (well === undefined ? { file } : { file, well }) : well === undefined ? { file, line } : { file, line, well },
        plate: strings[ids[at + 1]!]!,
        role: reason === undefined ? 'sample' : 'exclude',
        cellLine: strings[ids[at + 2]!]!,
        compound: strings[ids[at + 3]!]!,
        log10Molar: values[i * STRIDE_VALUES]!,
        unit: strings[ids[at + 6]!]!,
        signal: values[i * STRIDE_VALUES + 1]!,
        experiment: text(ids[at + 4]!),
        ...(reason === undefined ? {} : { userExclusion: { reason, role: 'sample' as const } }),
        labels: labels(ids[at + 8]!),
        time: Number.isNaN(time) ? undefined : time,
      },
      sequence,
    );
  }
}
