import type { Curve, CurveIdentity, ExcludedPoints, WellRecord } from '../types.js';
import { unitKind } from './concentrationUnit.js';

/** The key that pools wells into one curve: cell line, compound, experiment, the check's labels (when there are label columns) and the time of the read (when said). */
export function curveKey(curve: CurveIdentity): string {
  // Joined, not concatenated: a key lives as long as its curve's plan, and a concatenated string
  // is a rope of several nodes where join makes one flat string.
  const parts: (string | number)[] = [curve.cellLine, curve.compound, curve.experiment];
  if (curve.labels && curve.labels.length > 0) parts.push(curve.labels.join('\u0001'));
  const key = parts.join('\u0000');
  return curve.time === undefined ? key : [key, curve.time].join('\u0002');
}

/** Whether two curves' labels (CurveIdentity.labels) are the same check; absent equals absent. */
export function sameLabels(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The output unit of a curve from its first well: `log10 M` input is reported in M (an IC50
 * column of logarithms would mislead). --unit-out converts only within the same kind (molar or
 * mass): a compound dosed in µg/mL stays in µg/mL under `--unit-out nM`, since no molar mass is known.
 */
export function curveUnit(wellUnit: string, unitOut?: string): string {
  if (unitOut !== undefined && unitKind(unitOut) === unitKind(wellUnit)) return unitOut;
  return wellUnit === 'log10 M' ? 'M' : wellUnit;
}

/** Where a point came from, "plate:well" (or "plate:line N" for a table without wells), to name outliers. */
export function wellLabel(well: WellRecord): string {
  return `${well.plate}:${well.location.well ?? (well.location.line !== undefined ? `line ${well.location.line}` : '?')}`;
}

/** A curve being gathered, well by well. */
interface Builder {
  readonly curve: { cellLine: string; compound: string; experiment: string; labels?: readonly string[]; unit: string; time?: number };
  readonly plates: string[];
  log10Molar: number[];
  response: number[];
  /** Control doublings of each point's plate (NaN where none); undefined while no point has one. */
  doublings: number[] | undefined;
  wells: string[] | undefined;
  noBlank: boolean;
  qcFailed: boolean;
  /** Wells the user excluded, listed on the curve but not fitted. */
  excluded: { wells: string[]; log10Molar: number[]; response: number[]; reasons: string[]; at: number[] } | undefined;
  /** Sequence number (line) of its last well. */
  last: number;
}

/**
 * Gathers normalized sample wells into curves, one per (cell line, compound, experiment):
 * replicate plates are pooled (each already normalized to its own plate's controls) and every
 * well is its own point. Curves come out in first-seen order. With `withWells`, each point also
 * carries where it came from ("plate:well"), to name outliers.
 */
export class CurveGatherer {
  private readonly builders = new Map<string, Builder>();
  private last: Builder | undefined;

  constructor(
    private readonly unitOut?: string,
    private readonly withWells = false,
  ) {}

  /** The curve being gathered for `identity` (made on its first well). */
  private builder(identity: CurveIdentity, well: WellRecord, sequence: number, key: string | undefined): Builder {
    // Rows of one curve mostly come together: the previous row's curve is tried first.
    const previous = this.last;
    let b =
      previous &&
      previous.curve.cellLine === identity.cellLine &&
      previous.curve.compound === identity.compound &&
      previous.curve.experiment === identity.experiment &&
      sameLabels(previous.curve.labels, identity.labels) &&
      previous.curve.time === identity.time
        ? previous
        : this.builders.get(key ?? curveKey(identity));
    if (!b) {
      b = {
        curve: {
          cellLine: identity.cellLine,
          compound: identity.compound,
          experiment: identity.experiment,
          ...(identity.labels ? { labels: identity.labels } : {}),
          unit: curveUnit(well.unit, this.unitOut),
          ...(identity.time !== undefined ? { time: identity.time } : {}),
        },
        plates: [],
        log10Molar: [],
        response: [],
        doublings: undefined,
        wells: this.withWells ? [] : undefined,
        noBlank: false,
        qcFailed: false,
        excluded: undefined,
        last: sequence,
      };
      this.builders.set(key ?? curveKey(identity), b);
    }
    this.last = b;
    return b;
  }

  add(
    identity: CurveIdentity,
    well: WellRecord,
    response: number,
    noBlank: boolean,
    qcFailed: boolean,
    sequence: number,
    key?: string,
    doublings = Number.NaN,
  ): void {
    const b = this.builder(identity, well, sequence, key);
    if (b.plates.length === 0 || b.plates[b.plates.length - 1] !== well.plate) {
      if (!b.plates.includes(well.plate)) b.plates.push(well.plate);
    }
    if (b.doublings === undefined && !Number.isNaN(doublings)) b.doublings = b.log10Molar.map(() => Number.NaN);
    b.log10Molar.push(well.log10Molar);
    b.response.push(response);
    b.doublings?.push(doublings);
    b.wells?.push(wellLabel(well));
    if (noBlank) b.noBlank = true;
    if (qcFailed) b.qcFailed = true;
    b.last = sequence;
  }

  /** A well of the curve the user excluded: listed with its response (NaN when it has none) and reason, not among the points. */
  exclude(identity: CurveIdentity, well: WellRecord, response: number, reason: string, sequence: number, key?: string): void {
    const b = this.builder(identity, well, sequence, key);
    b.excluded ??= { wells: [], log10Molar: [], response: [], reasons: [], at: [] };
    b.excluded.wells.push(wellLabel(well));
    b.excluded.log10Molar.push(well.log10Molar);
    b.excluded.response.push(response);
    b.excluded.reasons.push(reason);
    b.excluded.at.push(b.log10Molar.length);
    b.last = sequence;
  }

  /** Every curve gathered, in first-seen order, with its key and the sequence number of its last well. */
  curves(): { key: string; curve: Curve; last: number }[] {
    return [...this.builders].map(([key, b]) => ({
      key,
      last: b.last,
      curve: {
        ...b.curve,
        plates: b.plates,
        log10Molar: b.log10Molar,
        response: b.response,
        ...(b.wells ? { wells: b.wells } : {}),
        ...(b.doublings ? { doublings: b.doublings } : {}),
        noBlank: b.noBlank,
        qcFailed: b.qcFailed,
        ...(b.excluded ? { excluded: b.excluded } : {}),
      },
    }));
  }
}

/** Two parts of one curve as one: points appended in order, plates and flags joined. */
export function mergeCurve(previous: Curve, curve: Curve): Curve {
  return {
    ...previous,
    plates: [...previous.plates, ...curve.plates.filter((p) => !previous.plates.includes(p))],
    log10Molar: concat(previous.log10Molar, curve.log10Molar),
    response: concat(previous.response, curve.response),
    ...(previous.wells && curve.wells ? { wells: [...previous.wells, ...curve.wells] } : {}),
    ...(previous.doublings || curve.doublings
      ? { doublings: concat(previous.doublings ?? nans(previous.log10Molar.length), curve.doublings ?? nans(curve.log10Molar.length)) }
      : {}),
    noBlank: previous.noBlank || curve.noBlank,
    qcFailed: (previous.qcFailed ?? false) || (curve.qcFailed ?? false),
    ...(previous.excluded || curve.excluded ? { excluded: mergeExcluded(previous.excluded, curve.excluded, previous.log10Molar.length) } : {}),
  };
}

/** The excluded wells of two parts of a curve, those of the second read after the first part's `offset` points. */
function mergeExcluded(a: ExcludedPoints | undefined, b: ExcludedPoints | undefined, offset: number): ExcludedPoints {
  const shifted = b && b.at ? { ...b, at: b.at.map((at) => at + offset) } : b;
  if (!a) return shifted!;
  if (!shifted) return a;
  return {
    wells: [...a.wells, ...shifted.wells],
    log10Molar: [...a.log10Molar, ...shifted.log10Molar],
    response: [...a.response, ...shifted.response],
    reasons: [...a.reasons, ...shifted.reasons],
    ...(a.at && shifted.at ? { at: [...a.at, ...shifted.at] } : {}),
  };
}

function nans(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a as ArrayLike<number>);
  out.set(b as ArrayLike<number>, a.length);
  return out;
}

/**
 * The curves with their points packed into two shared Float64Arrays: 16 bytes a point instead of
 * two array objects per curve, and one buffer copy when they cross to another thread.
 */
export function packCurves(curves: readonly Curve[]): Curve[] {
  let total = 0;
  for (const curve of curves) total += curve.log10Molar.length;
  const log10Molar = new Float64Array(total);
  const response = new Float64Array(total);
  let offset = 0;
  return curves.map((curve) => {
    const n = curve.log10Molar.length;
    log10Molar.set(curve.log10Molar, offset);
    response.set(curve.response, offset);
    const packed: Curve = {
      ...curve,
      log10Molar: log10Molar.subarray(offset, offset + n),
      response: response.subarray(offset, offset + n),
      ...(curve.doublings ? { doublings: Float64Array.from(curve.doublings) } : {}),
    };
    offset += n;
    return packed;
  });
}

/**
 * Gathers normalized sample wells into curves in first-seen order (the engine does this per
 * chunk with CurveGatherer; this is the same for a list of wells).
 */
export function groupCurves(
  wells: readonly { well: WellRecord; response: number; noBlank: boolean; qcFailed: boolean }[],
  unitOut?: string,
  experimentOf?: (well: WellRecord) => string,
  withWells = false,
): Curve[] {
  const gatherer = new CurveGatherer(unitOut, withWells);
  wells.forEach(({ well, response, noBlank, qcFailed }, i) =>
    gatherer.add({ cellLine: well.cellLine, compound: well.compound, experiment: experimentOf ? experimentOf(well) : '' }, well, response, noBlank, qcFailed, i),
  );
  return packCurves(gatherer.curves().map((c) => c.curve));
}
