import { fromLog10Molar, parseConcentrationUnit } from '../plate/concentrationUnit.js';
import { controlKey, timeKey } from '../plate/controls.js';
import { growthRateValue } from '../plate/growthReference.js';
import { wellLabel } from '../plate/groupCurves.js';
import { percentOf, type Normalization } from '../plate/normalize.js';
import type { WellRecord } from '../types.js';
import { renderWells, type WellOutput } from '../writers/wellRecords.js';
import type { WellsRenderSettings } from './settings.js';

/** A well whose `outlier` waits for its curve's fit, which completes in a later chunk. */
export interface PendingWell {
  readonly output: WellOutput;
  /** The curve's key and the well's label in it ("plate:well"), when the outlier test is still to come. */
  readonly curve?: string;
  readonly label?: string;
}

/** The wells of a chunk for --wells: rendered, or (when a curve's outliers are not known yet) as records. */
export type WellsChunk = { readonly text: string } | { readonly pending: readonly PendingWell[] };

/** The normalizations of one plate of a file, for controls that name no cell line, experiment or time. */
interface PlateNormalization {
  readonly experiment: string;
  readonly cellLine: string;
  /** The time of the read as a key part ("" when not said). */
  readonly time: string;
  readonly normalization: Normalization;
}

/**
 * Collects the wells of one chunk as `--wells` writes them, in reading order: every well the maps
 * (or the tidy rows) define, with its viability under its plate's normalization — for samples the
 * response normalization gave; for controls 100 × (signal − background) / (vehicle − background)
 * of their plate and cell line, or, for a control that serves several (a blank without a cell
 * line), of the one normalization of its plate when there is one, else none. With normalization
 * off the viability is the signal. A well read at a time (a `time` column, a map's or manifest's)
 * is read under the normalization of that time; a time-zero well has none. The GR value follows
 * from the viability and the normalization's control doublings, where it has them. `outlier` is
 * known once the well's curve is fitted.
 */
export class WellCollector {
  private readonly rows: PendingWell[] = [];
  private readonly byPlate = new Map<string, PlateNormalization[]>();
  private readonly byKey: ReadonlyMap<string, Normalization>;

  constructor(
    normalizations: readonly (readonly [string, Normalization])[],
    private readonly normalize: boolean,
    private readonly outliers: boolean,
  ) {
    this.byKey = new Map(normalizations);
    for (const [key, normalization] of normalizations) {
      const [file, plate, experiment, cellLine, time] = key.split('\u0000');
      const plateKey = `${file}\u0000${plate}`;
      let list = this.byPlate.get(plateKey);
      if (!list) this.byPlate.set(plateKey, (list = []));
      list.push({ experiment: experiment!, cellLine: cellLine!, time: time ?? '', normalization });
    }
  }

  /** The normalization a well is read under, or undefined when none (or several) apply. */
  private normalizationOf(well: WellRecord): Normalization | undefined {
    const experiment = well.experiment ?? '';
    const time = timeKey(well.time);
    const exact = this.byKey.get(controlKey(well.location.file, well.plate, experiment, well.cellLine, time));
    if (exact) return exact;
    const candidates = (this.byPlate.get(`${well.location.file}\u0000${well.plate}`) ?? []).filter(
      (c) => (well.cellLine === '' || c.cellLine === well.cellLine) && (experiment === '' || c.experiment === experiment) && (time === '' || c.time === time),
    );
    return candidates.length === 1 ? candidates[0]!.normalization : undefined;
  }

  /**
   * Adds a well. `response` is a sample's normalized response (null when normalization could not
   * give one: the well is excluded); undefined for controls, whose viability is computed here.
   * `curve` is a sample's curve key (for its outlier test).
   */
  add(well: WellRecord, response: number | null | undefined, curve?: string): void {
    const sample = well.role === 'sample';
    const signal = Number.isFinite(well.signal) ? well.signal : null;
    let viability: number | null;
    const normalization = this.normalize && signal !== null ? this.normalizationOf(well) : undefined;
    if (!this.normalize) viability = signal;
    else if (response !== undefined) viability = response;
    else {
      viability = normalization ? percentOf(signal!, normalization.background, normalization.top) : null;
      if (viability !== null && !Number.isFinite(viability)) viability = null;
    }
    const gr = viability !== null && normalization?.doublings !== undefined ? growthRateValue(viability, normalization.doublings) : Number.NaN;
    // A sample's dose (also of one the user excluded); controls have none.
    const unit = Number.isFinite(well.log10Molar) ? parseConcentrationUnit(well.unit) : null;
    // 12 significant digits: the dose as written, without the noise of its trip through log10.
    const concentration = unit && Number.isFinite(well.log10Molar) ? Number(fromLog10Molar(well.log10Molar, unit).toPrecision(12)) : null;
    const output: WellOutput = {
      file: well.location.file,
      plate: well.plate,
      well: well.location.well ?? '',
      role: well.role,
      cellLine: well.cellLine,
      compound: well.compound,
      concentration,
      unit: concentration === null ? '' : well.unit,
      time: well.time ?? null,
      signal,
      viability,
      grValue: Number.isFinite(gr) ? gr : null,
      excluded: well.role === 'exclude' || signal === null || (sample && response === null),
      outlier: null,
    };
    const tested = this.outliers && sample && curve !== undefined && !output.excluded;
    this.rows.push(tested ? { output, curve, label: wellLabel(well) } : { output });
  }

  /**
   * The chunk's wells: rendered when every outlier is known — those of curves fitted in this
   * chunk (`local`: curve key → its outlier labels, for curves the outlier test ran on; a curve
   * too small to fit has none, and its wells' outlier is null) — else as records, the wells of curves that
   * complete later (`spanning`) waiting for their fits.
   */
  finish(render: WellsRenderSettings, local: ReadonlyMap<string, ReadonlySet<string>>, spanning: ReadonlySet<string>): WellsChunk {
    let waiting = false;
    const rows = this.rows.map((row): PendingWell => {
      if (row.curve === undefined) return row;
      if (spanning.has(row.curve)) {
        waiting = true;
        return row;
      }
      return { output: { ...row.output, outlier: local.get(row.curve)?.has(row.label!) ?? null } };
    });
    if (waiting) return { pending: rows };
    return { text: renderWells(rows.map((r) => r.output), render) };
  }
}

/** Pending wells with their outliers resolved (`outliersOf`: a curve's outlier labels, undefined when it was never fitted), rendered. */
export function resolveWells(pending: readonly PendingWell[], outliersOf: (curve: string) => ReadonlySet<string> | undefined, render: WellsRenderSettings): string {
  return renderWells(
    pending.map((row) => {
      if (row.curve === undefined) return row.output;
      const outliers = outliersOf(row.curve);
      return { ...row.output, outlier: outliers ? outliers.has(row.label!) : null };
    }),
    render,
  );
}
