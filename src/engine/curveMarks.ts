import type { ConcentrationKind } from '../plate/concentrationUnit.js';
import { curveKey, sameLabels } from '../plate/groupCurves.js';
import type { CurveIdentity } from '../types.js';
import { Names } from './names.js';

/**
 * The curves the first pass saw in one chunk, and where each compound was first dosed in each
 * kind of unit, as a few typed arrays over one table of the chunk's distinct strings: plain data
 * that crosses threads as a copy of a few arrays, not as an object (and a key string) per curve
 * — at 380,000 curves those objects were most of the main thread's heap.
 */
export interface CurveMarks {
  /** Distinct strings (cell lines, compounds, experiments, units, label tuples as JSON). */
  readonly strings: string[];
  /** Curves in first-seen order: MARK_IDS ids into `strings` each (see CurveMarker.curve). */
  readonly curveIds: Int32Array;
  /** Per curve: hours to the read (NaN: not said), line (or well number) of its last well. */
  readonly curveValues: Float64Array;
  /** Per unit-kind mark, KIND_IDS numbers: compound, unit (ids into `strings`), kind (0 molar, 1 mass). */
  readonly kindIds: Int32Array;
  /** Per unit-kind mark: its line (NaN: none). */
  readonly kindLines: Float64Array;
}

/** Ids per curve: cell line, compound, experiment, labels (−1: none), unit of its first well. */
export const MARK_IDS = 5;
/** Values per curve: time, last. */
export const MARK_VALUES = 2;
/** Numbers per unit-kind mark: compound, unit, kind. */
export const KIND_IDS = 3;

export const NO_MARKS: CurveMarks = { strings: [], curveIds: new Int32Array(0), curveValues: new Float64Array(0), kindIds: new Int32Array(0), kindLines: new Float64Array(0) };

/** The number of curves in marks. */
export function markCount(marks: CurveMarks): number {
  return marks.curveIds.length / MARK_IDS;
}

/** The labels of a curve as the one string they are kept as (JSON), or undefined for none (as curveKey, no labels and none at all are one). */
export function labelsText(labels: readonly string[] | undefined): string | undefined {
  return labels && labels.length > 0 ? JSON.stringify(labels) : undefined;
}

/** Collects a chunk's curve marks (first pass, one chunk). */
export class CurveMarker {
  private readonly names = new Names();
  /** Curve key → mark number (the keys live as long as the chunk's task). */
  private readonly curves = new Map<string, number>();
  private readonly ids: number[] = [];
  private readonly values: number[] = [];
  private readonly kinds = new Set<string>();
  private readonly kindIds: number[] = [];
  private readonly kindLines: number[] = [];
  /** The previous well's curve and its mark number (−1: none yet). */
  private lastIdentity: CurveIdentity | undefined;
  private lastMark = -1;

  private id(text: string | undefined): number {
    return this.names.optionalId(text);
  }

  /** A treated well of the curve `identity` at `sequence` (line of a tidy CSV); `unit` is the curve's unit as output, kept from its first well. */
  curve(identity: CurveIdentity, unit: string, sequence: number): void {
    const key = curveKey(identity);
    let mark = this.curves.get(key);
    if (mark !== undefined) this.values[mark * MARK_VALUES + 1] = sequence;
    else {
      mark = this.curves.size;
      this.curves.set(key, mark);
      this.ids.push(this.id(identity.cellLine), this.id(identity.compound), this.id(identity.experiment), this.id(labelsText(identity.labels)), this.id(unit));
      this.values.push(identity.time ?? Number.NaN, sequence);
    }
    this.lastIdentity = identity;
    this.lastMark = mark;
  }

  /**
   * Moves the last well of the previous well's curve to `sequence` when this well is of the same
   * curve (rows of one curve mostly come together) and says so; false: call curve().
   */
  same(cellLine: string, compound: string, experiment: string, labels: readonly string[] | undefined, time: number | undefined, sequence: number): boolean {
    const seen = this.lastIdentity;
    if (!seen) return false;
    if (seen.cellLine !== cellLine || seen.compound !== compound || seen.experiment !== experiment || !sameLabels(seen.labels, labels) || seen.time !== time) return false;
    this.values[this.lastMark * MARK_VALUES + 1] = sequence;
    return true;
  }

  /** A compound dosed in a kind of unit (molar or mass): the first of each is kept. */
  unitKind(compound: string, kind: ConcentrationKind, unit: string, line: number | undefined): void {
    const key = `${kind}\u0000${compound}`;
    if (this.kinds.has(key)) return;
    this.kinds.add(key);
    this.kindIds.push(this.id(compound), this.id(unit), kind === 'mass' ? 1 : 0);
    this.kindLines.push(line ?? Number.NaN);
  }

  marks(): CurveMarks {
    return {
      strings: this.names.texts(),
      curveIds: Int32Array.from(this.ids),
      curveValues: Float64Array.from(this.values),
      kindIds: Int32Array.from(this.kindIds),
      kindLines: Float64Array.from(this.kindLines),
    };
  }
}
