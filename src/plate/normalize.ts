import { Ic50Error } from '../errors.js';
import type { PlateQc, Warning, WellRecord } from '../types.js';
import { DEFAULT_QC, plateQc, type QcThresholds } from './plateQc.js';
import { isAmbiguousBlankName } from './roles.js';

/** A sample well with its response in % of vehicle. */
export interface NormalizedWell {
  readonly well: WellRecord;
  /** % viability: 100 × (signal − background) / (vehicle − background). */
  readonly response: number;
  /** true when the plate had neither blank nor positive wells for this cell line. */
  readonly noBlank: boolean;
  /** true when the plate failed QC for this cell line. */
  readonly qcFailed: boolean;
}

export interface NormalizeResult {
  readonly wells: NormalizedWell[];
  readonly warnings: Warning[];
  /** QC of every plate and cell line that has samples (empty with normalization off). */
  readonly plates: PlateQc[];
}

export interface NormalizeOptions {
  /** Signals are already % viability: pass them through. */
  readonly normalized?: boolean;
  readonly qc?: QcThresholds;
  /** What the signal of each plate is, by plate id, for the QC records. */
  readonly signals?: ReadonlyMap<string, string>;
}

/** A blank mean at or above this fraction of the vehicle mean cannot be a no-cell background. */
const IMPLAUSIBLE_BLANK = 0.5;

/** Mean of finite values; summed in parts when the plain sum overflows (signals near 1e308). */
function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  if (Number.isFinite(sum)) return sum / values.length;
  let scaled = 0;
  for (const v of values) scaled += v / values.length;
  return scaled;
}

/**
 * 100 × (signal − background) / (vehicle − background), also for signals near ±1e308 or a
 * vehicle a hair above its background; not finite only when the result itself is beyond doubles.
 */
function percentOf(signal: number, background: number, top: number): number {
  const span = top - background;
  const response = (signal - background) * (100 / span);
  if (Number.isFinite(response) && Number.isFinite(span) && span > 1e-300) return response;
  if (Number.isFinite(span)) return ((signal - background) / span) * 100;
  return 100 * ((signal / 2 - background / 2) / (top / 2 - background / 2));
}

/**
 * Normalizes sample wells to their plate's controls, per plate and cell line:
 *
 *   viability % = 100 × (signal − mean blank) / (mean vehicle − mean blank)
 *
 * Controls are matched on the same file, plate and cell line; controls with no cell line (a
 * medium-only blank, say) serve every cell line of their plate. Background is the mean of blank
 * wells; without blanks, the mean of positive-control (kill) wells, which thereby define 0 %;
 * without either, 0, with a warning and the `no_blank` flag on the curves.
 *
 * Throws Ic50Error when a plate/cell line has samples but no vehicle wells, or when its vehicle
 * mean is not above its background (the ratio would be meaningless).
 * With `normalized`, signals are already % viability and are passed through. Each plate and
 * cell line also gets its QC (plateQc); a failed plate is a warning and flags its curves.
 */
export function normalizePlates(wells: readonly WellRecord[], options: NormalizeOptions = {}): NormalizeResult {
  if (options.normalized) {
    return {
      wells: wells.filter((w) => w.role === 'sample').map((well) => ({ well, response: well.signal, noBlank: false, qcFailed: false })),
      warnings: [],
      plates: [],
    };
  }
  // Group by plate (file + plate id) first, then by cell line within it. Wells that name an
  // independent experiment (--experiment COLUMN) are normalized per experiment — a plate id reused
  // on each day, or a file without plate ids, is one plate a day — and controls that name no
  // experiment serve every experiment of their plate.
  const byPlate = new Map<string, Map<string, WellRecord[]>>();
  for (const w of wells) {
    const key = `${w.location.file}\u0000${w.plate}`;
    let experiments = byPlate.get(key);
    if (!experiments) byPlate.set(key, (experiments = new Map()));
    const experiment = w.experiment ?? '';
    let list = experiments.get(experiment);
    if (!list) experiments.set(experiment, (list = []));
    list.push(w);
  }
  const plates: WellRecord[][] = [];
  for (const experiments of byPlate.values()) {
    const shared = experiments.get('') ?? [];
    if (experiments.size === 1 && shared.length > 0) plates.push(shared);
    else for (const [experiment, list] of experiments) if (experiment !== '') plates.push([...list, ...shared]);
  }
  const out: NormalizedWell[] = [];
  const warnings: Warning[] = [];
  const qcs: PlateQc[] = [];
  for (const allWells of plates) {
    // Split the plate by cell line once; wells without a cell line serve every line.
    const byLine = new Map<string, WellRecord[]>();
    for (const w of allWells) {
      let list = byLine.get(w.cellLine);
      if (!list) byLine.set(w.cellLine, (list = []));
      list.push(w);
    }
    const shared = byLine.get('') ?? [];
    const cellLines = [...byLine].filter(([line, list]) => line !== '' && list.some((w) => w.role === 'sample')).map(([line]) => line);
    for (const cellLine of cellLines) {
      const plateWells = [...byLine.get(cellLine)!, ...shared];
      const controls = (role: WellRecord['role']): number[] =>
        plateWells.filter((w) => w.role === role && Number.isFinite(w.signal)).map((w) => w.signal);
      const samples = plateWells.filter((w) => w.role === 'sample' && w.cellLine === cellLine);
      const first = samples[0]!;
      const plateName = `${first.plate === first.location.file ? '' : `plate "${first.plate}", `}${first.experiment ? `experiment "${first.experiment}", ` : ''}`;
      const vehicle = controls('vehicle');
      if (vehicle.length === 0) {
        throw new Ic50Error(`${plateName}cell line "${cellLine}": no vehicle wells to normalize to`, {
          location: { file: first.location.file, ...(first.location.line !== undefined ? { line: first.location.line } : {}) },
          hint: 'add vehicle wells (compound DMSO/vehicle/control, concentration 0, or role "vehicle"), or use --no-normalize if signals are already % viability',
        });
      }
      let blank = controls('blank');
      let qcWells: readonly WellRecord[] = plateWells;
      // A blank guessed from a buffer name (PBS) that reads like wells with cells is no blank:
      // DrugScreenExplorer maps PBS as a solvent control on cells. Use it and every normalized
      // number is wrong; so set it aside, say so, and go on as without blanks. Names that do say
      // "no cells" (blank, medium) and role columns are taken at their word (and fail below if
      // the vehicle is not above them).
      const blankWells = plateWells.filter((w) => w.role === 'blank' && Number.isFinite(w.signal));
      const guessed = blankWells.every((w) => w.roleInferred && isAmbiguousBlankName(w.compound));
      if (blank.length > 0 && guessed && mean(blank) >= IMPLAUSIBLE_BLANK * mean(controls('vehicle'))) {
        const names = [...new Set(blankWells.map((w) => w.compound || '(unnamed)'))].map((n) => `"${n}"`).join(', ');
        warnings.push({
          location: first.location,
          message: `${plateName}cell line "${cellLine}": wells named ${names}, taken as blanks by their name, read like wells with cells (mean ${mean(blank).toPrecision(4)} against vehicle ${mean(controls('vehicle')).toPrecision(4)}): not used as background (give them a role column to say what they are)`,
        });
        blank = [];
        qcWells = plateWells.filter((w) => w.role !== 'blank');
      }
      const positive = controls('positive');
      let background = 0;
      let noBlank = false;
      if (blank.length > 0) background = mean(blank);
      else if (positive.length > 0) background = mean(positive);
      else {
        noBlank = true;
        warnings.push({
          location: first.location,
          message: `${plateName}cell line "${cellLine}": no blank or positive-control wells; background taken as 0`,
        });
      }
      const top = mean(vehicle);
      if (!(top > background)) {
        throw new Ic50Error(
          `${plateName}cell line "${cellLine}": vehicle mean ${top.toPrecision(4)} is not above the background ${background.toPrecision(4)}`,
          {
            location: { file: first.location.file, ...(first.location.line !== undefined ? { line: first.location.line } : {}) },
            hint: 'are the vehicle and blank roles swapped, or the signal column the wrong one?',
          },
        );
      }
      const plateQcOf = plateQc(qcWells, cellLine, options.qc ?? DEFAULT_QC, options.signals?.get(first.plate) ?? '');
      // One plate id normalized per experiment: its QC rows say which.
      const qc = first.experiment ? { ...plateQcOf, plate: `${plateQcOf.plate} (${first.experiment})` } : plateQcOf;
      qcs.push(qc);
      if (!qc.passed) {
        warnings.push({ location: { file: first.location.file }, message: `${plateName}cell line "${cellLine}": plate QC failed (${qc.reasons.join('; ')})` });
      }
      for (const well of samples) {
        const response = percentOf(well.signal, background, top);
        if (!Number.isFinite(response)) {
          const why = Number.isFinite(well.signal) ? `signal ${well.signal} is beyond any % of the vehicle (${top.toPrecision(4)})` : 'no usable signal';
          warnings.push({ location: well.location, message: `${plateName}${why}: well excluded` });
          continue;
        }
        out.push({ well, response, noBlank, qcFailed: !qc.passed });
      }
    }
  }
  return { wells: out, warnings, plates: qcs };
}
