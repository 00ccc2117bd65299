import { ic50DifferenceP } from '../compare/ic50DifferenceTest.js';
import { parentalsOf } from '../compare/resistanceFactors.js';
import { sharedFitOf, type SharedFitOptions } from '../compare/sharedFit.js';
import type { ModelComparisonOptions } from '../fit/compareModels.js';
import type { DoseResponseOptions } from '../fit/fitDoseResponse.js';
import type { Options } from '../options.js';
import { curveKey } from '../plate/groupCurves.js';
import { formatWellId, parseWellId } from '../plate/wellId.js';
import type { Curve, CurveFit, ExcludedPoints, ExcludedWell, FileError, PlateMap, PlateQc, ResultRow, Warning, WellRole } from '../types.js';
import { fitOfCurve } from './fitOfCurve.js';
import { CurveTable } from './curveTable.js';
import { Names } from './names.js';
import { rowJoiner } from './rowJoiner.js';
import type { FigureStyle } from '../writers/curvePlotSvg.js';

/**
 * What the report's page needs to refit exactly as the run fitted: the fit settings (model,
 * bounds, intervals, outliers, ICx), the comparison of models, the shared fits, and how lines are
 * compared (parentals, RF interval, RF levels) — plain data, taken from the run's options.
 */
export interface ReviewSettings {
  readonly fit: DoseResponseOptions;
  readonly compareModels?: ModelComparisonOptions | undefined;
  readonly share?: SharedFitOptions | undefined;
  readonly confidence: number;
  readonly rfCi: Options['rfCi'];
  readonly rfAt: readonly number[];
  readonly parental?: string | undefined;
  readonly pairs: Options['pairs'];
}

/**
 * Everything the report's page holds to refit and redraw itself: the run's curves (as fitted,
 * with the wells the command line excluded) and settings, and the rest of what the report shows.
 */
export interface ReviewData {
  readonly title?: string | undefined;
  /** The figures' style (size, font, error bars, band), as the report was drawn. */
  readonly style?: FigureStyle | undefined;
  readonly settings: ReviewSettings;
  /** The curves, in the order their fits first appear in the rows. */
  readonly curves: readonly Curve[];
  /** The rows' keys (rowKey) in output order. */
  readonly rowOrder: readonly string[];
  readonly plates: readonly PlateQc[];
  /** The plates' well maps (heat maps); none when the report had none. */
  readonly plateMaps: readonly PlateMap[];
  readonly warnings: readonly Warning[];
  readonly errors: readonly FileError[];
  /** The wells the command line excluded, controls too. */
  readonly excluded: readonly ExcludedWell[];
}

/** A row's identity: its kind, its curve (or summary) and the parental it is compared with. */
export function rowKey(row: ResultRow): string {
  const identity = row.kind === 'fit' ? row.fit : { ...row.summary, experiment: '' };
  return `${row.kind}\u0000${curveKey(identity)}\u0000${row.comparison?.parental ?? ''}`;
}

/** The plate and well of a "plate:well" label (the plate is everything before the last colon). */
export function splitLabel(label: string): { plate: string; well: string } {
  const at = label.lastIndexOf(':');
  return { plate: label.slice(0, at), well: label.slice(at + 1) };
}

/** A well's key whatever its spelling: "P1:A01" and "P1:A1" are one well. */
export function wellKey(label: string): string {
  const { plate, well } = splitLabel(label);
  const position = parseWellId(well);
  return position ? `${plate}:${formatWellId(position.row, position.column)}` : label;
}

/** Whether a point's label names a well --exclude can name (not "plate:line N" of a table without wells). */
export function excludable(label: string): boolean {
  const { well } = splitLabel(label);
  return label.includes(':') && well !== '' && well !== '?' && !/^line \d+$/.test(well);
}

/**
 * The curve with these wells excluded (well key → reason) and every other well in it: what the
 * engine gathers when the run is given exactly these exclusions. Points keep their reading
 * order, and a well brought back goes where it was read (ExcludedPoints.at), so the refit is the
 * command line's to the last bit. A well brought back takes the doublings of its plate's other
 * points (growth rate); one without a usable response stays out, as the run would leave it.
 */
export function withExclusions(curve: Curve, excluded: ReadonlyMap<string, string>): Curve {
  const wells = curve.wells;
  if (!wells) return curve;
  const before = curve.excluded;
  const n = curve.log10Molar.length;
  const entries: { u: number; y: number; well: string; doubling: number; wasExcluded: boolean }[] = [];
  let k = 0;
  const takeExcluded = (upTo: number): void => {
    while (before && k < before.wells.length && (before.at?.[k] ?? n) <= upTo) {
      entries.push({ u: before.log10Molar[k]!, y: before.response[k]!, well: before.wells[k]!, doubling: Number.NaN, wasExcluded: true });
      k++;
    }
  };
  for (let i = 0; i < n; i++) {
    takeExcluded(i);
    entries.push({ u: curve.log10Molar[i]!, y: curve.response[i]!, well: wells[i]!, doubling: curve.doublings?.[i] ?? Number.NaN, wasExcluded: false });
  }
  takeExcluded(Number.POSITIVE_INFINITY);

  const plateDoubling = (well: string): number => {
    const plate = splitLabel(well).plate;
    for (let i = 0; i < n; i++) if (splitLabel(wells[i]!).plate === plate && Number.isFinite(curve.doublings?.[i] ?? Number.NaN)) return curve.doublings![i]!;
    return Number.NaN;
  };
  const log10Molar: number[] = [];
  const response: number[] = [];
  const pointWells: string[] = [];
  const doublings: number[] = [];
  const out = { wells: [] as string[], log10Molar: [] as number[], response: [] as number[], reasons: [] as string[], at: [] as number[] };
  for (const entry of entries) {
    const reason = excluded.get(wellKey(entry.well));
    if (reason === undefined) {
      if (entry.wasExcluded && !Number.isFinite(entry.y)) continue;
      log10Molar.push(entry.u);
      response.push(entry.y);
      pointWells.push(entry.well);
      doublings.push(entry.wasExcluded ? plateDoubling(entry.well) : entry.doubling);
    } else {
      out.wells.push(entry.well);
      out.log10Molar.push(entry.u);
      out.response.push(entry.y);
      out.reasons.push(reason);
      out.at.push(log10Molar.length);
    }
  }
  const { excluded: _, ...rest } = curve;
  const kept: ExcludedPoints | undefined = out.wells.length > 0 ? out : undefined;
  return { ...rest, log10Molar, response, wells: pointWells, ...(curve.doublings ? { doublings } : {}), ...(kept ? { excluded: kept } : {}) };
}

/** One row of an exclusion table (--exclude-file). */
export interface ExclusionRow {
  readonly plate: string;
  readonly well: string;
  readonly reason: string;
}

/**
 * A review of a report: the treated wells excluded now (those the command line excluded to start
 * with), and the report they make — each curve refitted with the run's own code (fitOfCurve),
 * joined into rows as the run joins them (rowJoiner), with plate QC, heat maps and the list of
 * excluded wells to match. Fits are kept while their curve's exclusions stay the same.
 */
export class Review {
  /** Treated wells excluded now: well key → reason. */
  private readonly excluded = new Map<string, string>();
  /** Treated wells the command line excluded: well key → reason. */
  private readonly initial = new Map<string, string>();
  /** The curves of each treated well: well key → curve indexes (one, unless files share plate ids). */
  private readonly curvesOfWell = new Map<string, number[]>();
  private readonly fits = new Map<number, { signature: string; fit: CurveFit }>();

  constructor(readonly data: ReviewData) {
    const add = (key: string, i: number): void => {
      const list = this.curvesOfWell.get(key) ?? [];
      if (!list.includes(i)) this.curvesOfWell.set(key, [...list, i]);
    };
    data.curves.forEach((curve, i) => {
      for (const well of curve.wells ?? []) add(wellKey(well), i);
      curve.excluded?.wells.forEach((well, j) => {
        add(wellKey(well), i);
        this.initial.set(wellKey(well), curve.excluded!.reasons[j] ?? '');
      });
    });
    for (const [key, reason] of this.initial) this.excluded.set(key, reason);
  }

  /** Whether a point's well can be excluded here (a treated well of a curve, named as --exclude names wells). */
  canExclude(label: string): boolean {
    return excludable(label) && this.curvesOfWell.has(wellKey(label));
  }

  isExcluded(label: string): boolean {
    return this.excluded.has(wellKey(label));
  }

  /** Excludes a treated well, or brings it back; returns whether it is excluded now. */
  toggle(label: string): boolean {
    const key = wellKey(label);
    if (!this.canExclude(label)) return false;
    if (this.excluded.delete(key)) return false;
    this.excluded.set(key, this.initial.get(key) ?? '');
    return true;
  }

  /** Sets the reason of an excluded well (one line, trimmed: as an exclusion table gives it back). */
  setReason(label: string, reason: string): void {
    const key = wellKey(label);
    if (this.excluded.has(key)) this.excluded.set(key, reason.replace(/\s+/g, ' ').trim());
  }

  reasonOf(label: string): string | undefined {
    return this.excluded.get(wellKey(label));
  }

  /** Wells whose state differs from the command line's (excluded or brought back, or a reason changed). */
  changes(): number {
    let count = 0;
    for (const [key, reason] of this.excluded) if (this.initial.get(key) !== reason) count++;
    for (const key of this.initial.keys()) if (!this.excluded.has(key)) count++;
    return count;
  }

  /** Each curve with the exclusions of now. */
  curves(): Curve[] {
    return this.data.curves.map((curve) => withExclusions(curve, this.excluded));
  }

  /** The fit of curve i with the exclusions of now (kept while they stay the same). */
  private fitOf(i: number, curve: Curve): CurveFit {
    const signature = JSON.stringify([curve.excluded?.wells ?? [], curve.excluded?.reasons ?? []]);
    const known = this.fits.get(i);
    if (known && known.signature === signature) return known.fit;
    const fit: CurveFit = { ...fitOfCurve(curve, this.data.settings, true), curve };
    this.fits.set(i, { signature, fit });
    return fit;
  }

  /** The result rows with the exclusions of now, in the run's output order. */
  async rows(): Promise<ResultRow[]> {
    const { settings } = this.data;
    const curves = this.curves();
    const fits = curves.map((curve, i) => this.fitOf(i, curve));
    const plans = new CurveTable(new Names());
    for (const fit of fits) plans.add(fit);
    const parentals = parentalsOf(new Set(fits.map((f) => f.cellLine)), settings);
    const joiner = rowJoiner(plans, parentals, settings, settings.share !== undefined, {
      difference: async (line, parental) => ic50DifferenceP(line, parental, settings.fit),
      shared: async (group) => (settings.share ? sharedFitOf(group, settings.share) : undefined),
    });
    const rows = await Promise.all(fits.flatMap((fit) => joiner.complete(fit)));
    const order = new Map(this.data.rowOrder.map((key, i) => [key, i]));
    const rank = (row: ResultRow): number => order.get(rowKey(row)) ?? Number.MAX_SAFE_INTEGER;
    return rows.map((row, i) => ({ row, i })).sort((a, b) => rank(a.row) - rank(b.row) || a.i - b.i).map((e) => e.row);
  }

  /** Treated wells excluded now but not by the command line (+1), and the other way round (−1). */
  private differences(): { key: string; curve: number; sign: 1 | -1 }[] {
    const out: { key: string; curve: number; sign: 1 | -1 }[] = [];
    for (const key of this.excluded.keys()) if (!this.initial.has(key)) for (const curve of this.curvesOfWell.get(key)!) out.push({ key, curve, sign: 1 });
    for (const key of this.initial.keys()) if (!this.excluded.has(key)) for (const curve of this.curvesOfWell.get(key)!) out.push({ key, curve, sign: -1 });
    return out;
  }

  /** Plate QC with the excluded wells counted as the run counts them (with its plate's and line's other excluded wells). */
  plates(): PlateQc[] {
    const delta = new Map<number, number>();
    for (const { key, curve, sign } of this.differences()) {
      const c = this.data.curves[curve]!;
      const plate = splitLabel(key).plate;
      // Its plate's QC for its line and time (plates are normalized per experiment only when the data name one).
      const candidates = this.data.plates.flatMap((p, i) => (p.plate === plate && p.cellLine === c.cellLine && p.time === c.time ? [i] : []));
      const index = candidates.find((i) => this.data.plates[i]!.experiment === (c.experiment ?? '')) ?? candidates[0];
      if (index !== undefined) delta.set(index, (delta.get(index) ?? 0) + sign);
    }
    return this.data.plates.map((p, i) => (delta.has(i) ? { ...p, nExcluded: p.nExcluded + delta.get(i)! } : p));
  }

  /** The plates' well maps with the excluded wells marked as the run marks them. */
  plateMaps(): PlateMap[] {
    const changes = new Map<string, { index: number; sign: 1 | -1 }[]>();
    for (const { key, sign } of this.differences()) {
      const { plate, well } = splitLabel(key);
      const position = parseWellId(well);
      const map = this.data.plateMaps.find((m) => m.id === plate);
      if (!map || !position || position.row >= map.rows || position.column >= map.columns) continue;
      changes.set(plate, [...(changes.get(plate) ?? []), { index: position.row * map.columns + position.column, sign }]);
    }
    const done = new Set<string>();
    return this.data.plateMaps.map((map) => {
      const list = changes.get(map.id);
      // Only the first map of a plate id takes the changes (as wells are named by plate id only).
      if (!list || done.has(map.id)) return map;
      done.add(map.id);
      const roles: (WellRole | null)[] = map.roles ? [...map.roles] : new Array<WellRole | null>(map.rows * map.columns).fill(null);
      const markers = new Map(map.markers);
      for (const { index, sign } of list) {
        if (sign > 0) {
          roles[index] = 'exclude';
          markers.set(index, 'excluded');
        } else {
          roles[index] = 'sample';
          if (markers.get(index) === 'excluded') markers.delete(index);
        }
      }
      return { ...map, roles, markers };
    });
  }

  /** The excluded wells the report lists: the command line's controls, and the treated wells excluded now. */
  excludedWells(): ExcludedWell[] {
    const out: ExcludedWell[] = [];
    const listed = new Set<string>();
    for (const well of this.data.excluded) {
      const key = wellKey(well.label);
      if (well.role !== 'sample') out.push(well);
      else if (this.excluded.has(key)) out.push({ ...well, reason: this.excluded.get(key)! });
      listed.add(key);
    }
    for (const [key, reason] of this.excluded) {
      if (listed.has(key)) continue;
      for (const i of this.curvesOfWell.get(key)!) {
        const curve = this.data.curves[i]!;
        out.push({ plate: splitLabel(key).plate, label: key, role: 'sample', cellLine: curve.cellLine, compound: curve.compound, reason });
      }
    }
    return out;
  }

  /** The exclusion table (--exclude-file) that makes a run exclude exactly what is excluded now. */
  exclusionRows(): ExclusionRow[] {
    return this.excludedWells().map((well) => ({ plate: well.plate, well: well.label.slice(well.plate.length + 1), reason: well.reason }));
  }
}
