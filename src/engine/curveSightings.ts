import { unitKind, type ConcentrationKind } from '../plate/concentrationUnit.js';
import { KIND_IDS, MARK_IDS, MARK_VALUES, markCount, type CurveMarks } from './curveMarks.js';
import { CurveTable } from './curveTable.js';
import { positionOf, type InputSpec } from './inputs.js';
import { Names } from './names.js';

/** Where compounds were first dosed in each kind of unit in one part, by number (see Names). */
export interface UnitKindMarks {
  readonly compounds: Int32Array;
  readonly units: Int32Array;
  /** 0 molar, 1 mass. */
  readonly kinds: Uint8Array;
  /** Lines counted from the part's start (NaN: none). */
  readonly lines: Float64Array;
}

/** What the first pass saw in one part of an input, beyond its input's curve table. */
export interface PartSightings {
  /** Per curve mark of the part, in its order: the curve's index in its input's table. */
  readonly curves: Int32Array;
  readonly unitKinds: UnitKindMarks;
  /** Compound and unit numbers of the marks whose unit is of another kind than --unit-out's, in order. */
  readonly unconverted: Int32Array;
}

/** The kind (molar or mass) of a UnitKindMarks entry. */
export function kindOf(kind: number): ConcentrationKind {
  return kind === 1 ? 'mass' : 'molar';
}

/**
 * The curves the first pass finds, gathered as its parts arrive rather than after all of them:
 * each input's curves in a CurveTable of their own (an input that turns out unusable is left out
 * whole when the plan is built), the names shared by all. A part's marks are let go once added.
 */
export class CurveSightings {
  readonly names = new Names();
  private readonly tables: (CurveTable | undefined)[];
  private readonly parts: PartSightings[][];
  private readonly offsets: number[];

  constructor(
    private readonly inputs: readonly InputSpec[],
    private readonly unitOut: string | undefined,
  ) {
    this.tables = inputs.map(() => undefined);
    this.parts = inputs.map(() => []);
    this.offsets = inputs.map(() => 0);
  }

  /**
   * Adds the marks of an input's next part — parts of an input must come in order, from 0 —
   * whose `lines` lines follow those of the parts before (tidy CSVs).
   */
  add(input: number, part: number, marks: CurveMarks, lines: number): void {
    if (part !== this.parts[input]!.length) throw new Error(`part ${part} of input ${input} came out of order`);
    const spec = this.inputs[input]!;
    const offset = spec.format === 'tidy' ? this.offsets[input]! : 0;
    this.offsets[input]! += lines;
    const table = (this.tables[input] ??= new CurveTable(this.names));
    const ids = marks.strings.map((text) => this.names.id(text));
    const id = (local: number): number => (local < 0 ? -1 : ids[local]!);
    const { curveIds, curveValues, kindIds, kindLines } = marks;
    const count = markCount(marks);
    const curves = new Int32Array(count);
    const unconverted: number[] = [];
    const outKind = this.unitOut !== undefined ? unitKind(this.unitOut) : undefined;
    const kindOfUnit = new Map<number, ConcentrationKind>();
    for (let m = 0; m < count; m++) {
      const at = m * MARK_IDS;
      const time = curveValues[m * MARK_VALUES]!;
      const last = positionOf(spec.index, curveValues[m * MARK_VALUES + 1]! + offset);
      curves[m] = table.see(id(curveIds[at]!), id(curveIds[at + 1]!), id(curveIds[at + 2]!), id(curveIds[at + 3]!), time, last, part);
      if (outKind !== undefined) {
        const unit = curveIds[at + 4]!;
        let kind = kindOfUnit.get(unit);
        if (kind === undefined) kindOfUnit.set(unit, (kind = unitKind(marks.strings[unit]!)));
        if (kind !== outKind) unconverted.push(id(curveIds[at + 1]!), id(unit));
      }
    }
    const kinds = kindLines.length;
    const unitKinds: UnitKindMarks = { compounds: new Int32Array(kinds), units: new Int32Array(kinds), kinds: new Uint8Array(kinds), lines: Float64Array.from(kindLines) };
    for (let k = 0; k < kinds; k++) {
      unitKinds.compounds[k] = id(kindIds[k * KIND_IDS]!);
      unitKinds.units[k] = id(kindIds[k * KIND_IDS + 1]!);
      unitKinds.kinds[k] = kindIds[k * KIND_IDS + 2]!;
    }
    this.parts[input]!.push({ curves, unitKinds, unconverted: Int32Array.from(unconverted) });
  }

  /** Forgets what was seen of an input (read again, in other parts). */
  reset(input: number): void {
    this.tables[input] = undefined;
    this.parts[input] = [];
    this.offsets[input] = 0;
  }

  /** The curves of an input (parts as chunk numbers), or undefined when it has none; lets them go. */
  takeTable(input: number): CurveTable | undefined {
    const table = this.tables[input];
    this.tables[input] = undefined;
    return table;
  }

  /** What was seen in each part of an input. */
  partsOf(input: number): readonly PartSightings[] {
    return this.parts[input]!;
  }

  /** Lets go of what was seen in the parts of an input. */
  release(input: number): void {
    this.parts[input] = [];
  }
}
