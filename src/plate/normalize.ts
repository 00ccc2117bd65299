import { Ic50Error } from '../errors.js';
import type { PlateQc, Warning, WellRecord } from '../types.js';
import { ControlCollector, controlKey, timeKey, type ControlSet } from './controls.js';
import type { TimeZeroIndex } from './growthReference.js';
import { DEFAULT_QC, meanOf, plateQcOf, type QcThresholds } from './plateQc.js';

/** How the samples of one plate, experiment and cell line are turned into % viability. */
export interface Normalization {
  /** Mean of the blank wells (else of the positive controls, else 0): 0 % viability. */
  readonly background: number;
  /** Mean of the vehicle wells: 100 % viability. */
  readonly top: number;
  /** true when the plate had neither blank nor positive wells for this cell line. */
  readonly noBlank: boolean;
  /** true when the plate failed QC for this cell line. */
  readonly qcFailed: boolean;
  /**
   * Control doublings during the assay, for growth-rate metrics: log2((vehicle − background)/x₀)
   * with x₀ the mean background-subtracted time-zero read of the line, or T/Td from
   * --doubling-time; absent when neither is known (or the vehicle did not grow).
   */
  readonly doublings?: number;
}

/** The normalization of every plate, experiment and cell line of an input, with plate QC. */
export interface NormalizationPlan {
  /** By controlKey(file, plate, experiment, cellLine) of the samples. */
  readonly byKey: Map<string, Normalization>;
  /** QC of every plate and cell line that has samples. */
  readonly plates: PlateQc[];
  readonly warnings: Warning[];
}

export interface NormalizeOptions {
  readonly qc?: QcThresholds;
  /** What the signal of each plate is, by plate id, for the QC records. */
  readonly signals?: ReadonlyMap<string, string>;
  /** The run's time-zero reads, for the control doublings of growth-rate metrics. */
  readonly timeZero?: TimeZeroIndex;
  /** Doubling times in hours by cell line (--doubling-time), for lines without time-zero reads. */
  readonly doublingTimes?: ReadonlyMap<string, number>;
  /** The assay's length in hours (--assay-hours), where the wells do not say. */
  readonly assayHours?: number | undefined;
}

/** A blank mean at or above this fraction of the vehicle mean cannot be a no-cell background. */
const IMPLAUSIBLE_BLANK = 0.5;

/**
 * 100 × (signal − background) / (vehicle − background), also for signals near ±1e308 or a
 * vehicle a hair above its background; not finite only when the result itself is beyond doubles.
 */
export function percentOf(signal: number, background: number, top: number): number {
  const span = top - background;
  const response = (signal - background) * (100 / span);
  if (Number.isFinite(response) && Number.isFinite(span) && span > 1e-300) return response;
  if (Number.isFinite(span)) return ((signal - background) / span) * 100;
  return 100 * ((signal / 2 - background / 2) / (top / 2 - background / 2));
}

function concat(...lists: readonly (readonly number[] | undefined)[]): number[] {
  const out: number[] = [];
  for (const list of lists) if (list) for (const v of list) out.push(v);
  return out;
}

/**
 * Normalization of every plate and cell line from its controls:
 *
 *   viability % = 100 × (signal − mean blank) / (mean vehicle − mean blank)
 *
 * Controls are matched on the same file, plate and cell line; controls with no cell line (a
 * medium-only blank, say) serve every cell line of their plate, and controls that name no
 * experiment serve every experiment of their plate (an independent experiment with its own
 * controls is normalized to those). Background is the mean of blank wells; without blanks, the
 * mean of positive-control (kill) wells, which thereby define 0 %; without either, 0, with a
 * warning and the `no_blank` flag on the curves. A blank guessed from a buffer name (PBS) that
 * reads at half the vehicle or more is no blank (DrugScreenExplorer maps PBS on cells): set
 * aside, with a warning.
 *
 * Throws Ic50Error (code normalization) when a plate and cell line has samples but no vehicle
 * wells, or when its vehicle mean is not above its background (the ratio would be meaningless).
 * Each plate and cell line gets its QC (plateQcOf); a failed plate is a warning and flags its curves.
 */
export function planNormalization(sets: Iterable<ControlSet>, options: NormalizeOptions = {}): NormalizationPlan {
  // By plate (file + plate id) in first-seen order, then experiment, then cell line.
  const plates = new Map<string, ControlSet[]>();
  for (const set of sets) {
    const key = `${set.file}\u0000${set.plate}`;
    let list = plates.get(key);
    if (!list) plates.set(key, (list = []));
    list.push(set);
  }
  const byKey = new Map<string, Normalization>();
  const qcs: PlateQc[] = [];
  const warnings: Warning[] = [];
  const warned = new Set<string>();
  for (const plateSets of plates.values()) {
    const get = (experiment: string, cellLine: string, time: string) => plateSets.find((s) => s.experiment === experiment && s.cellLine === cellLine && s.time === time);
    const experiments = [...new Set(plateSets.map((s) => s.experiment).filter((e) => e !== ''))];
    for (const experiment of experiments.length > 0 ? experiments : ['']) {
      // Each line's samples, per time of the read ("" when not said): each its own normalization.
      const samples = plateSets.filter((s) => s.experiment === experiment && s.cellLine !== '' && s.samples > 0);
      for (const { cellLine, time } of samples) {
        // In reading order of the old well-list grouping: this line's wells, then those without a
        // line; at a time, the controls read then, then those that say no time.
        const at = (e: string, l: string) => (time === '' ? [get(e, l, '')] : [get(e, l, time), get(e, l, '')]);
        const parts = [...at(experiment, cellLine), ...(experiment ? at('', cellLine) : []), ...at(experiment, ''), ...(experiment ? at('', '') : [])];
        const own = parts[0]!;
        const file = own.file;
        const plateName = `${own.plate === own.file ? '' : `plate "${own.plate}", `}${experiment ? `experiment "${experiment}", ` : ''}${time ? `${time} h, ` : ''}`;
        const where = { file, ...(own.firstSampleLine !== undefined ? { line: own.firstSampleLine } : {}) };
        const vehicle = concat(...parts.map((p) => p?.vehicle));
        if (vehicle.length === 0) {
          throw new Ic50Error(`${plateName}cell line "${cellLine}": no vehicle wells to normalize to`, {
            code: 'normalization',
            location: where,
            hint: 'add vehicle wells (compound DMSO/vehicle/control, concentration 0, or role "vehicle"), or use --no-normalize if signals are already % viability',
          });
        }
        let blank = concat(...parts.map((p) => p?.blank));
        const guessed = parts.every((p) => !p || p.blank.length === 0 || p.blankGuessedFromBuffer);
        const top = meanOf(vehicle);
        if (blank.length > 0 && guessed && meanOf(blank) >= IMPLAUSIBLE_BLANK * top) {
          const names = [...new Set(parts.flatMap((p) => p?.blankNames ?? []))].map((n) => `"${n || '(unnamed)'}"`).join(', ');
          warnings.push({
            location: { file },
            message: `${plateName}cell line "${cellLine}": wells named ${names}, taken as blanks by their name, read like wells with cells (mean ${meanOf(blank).toPrecision(4)} against vehicle ${top.toPrecision(4)}): not used as background (give them a role column to say what they are)`,
          });
          blank = [];
        }
        const positive = concat(...parts.map((p) => p?.positive));
        let background = 0;
        let noBlank = false;
        if (blank.length > 0) background = meanOf(blank);
        else if (positive.length > 0) background = meanOf(positive);
        else {
          noBlank = true;
          warnings.push({ location: { file }, message: `${plateName}cell line "${cellLine}": no blank or positive-control wells; background taken as 0` });
        }
        if (!(top > background)) {
          throw new Ic50Error(`${plateName}cell line "${cellLine}": vehicle mean ${top.toPrecision(4)} is not above the background ${background.toPrecision(4)}`, {
            code: 'normalization',
            location: where,
            hint: 'are the vehicle and blank roles swapped, or the signal column the wrong one?',
          });
        }
        const qc = plateQcOf(
          {
            file,
            plate: own.plate,
            experiment,
            cellLine,
            vehicle,
            blank,
            positive,
            excluded: parts.reduce((n, p) => n + (p?.excluded ?? 0), 0),
            signal: options.signals?.get(own.plate) ?? '',
          },
          options.qc ?? DEFAULT_QC,
        );
        qcs.push(time === '' ? qc : { ...qc, time: Number(time) });
        if (!qc.passed) warnings.push({ location: { file }, message: `${plateName}cell line "${cellLine}": plate QC failed (${qc.reasons.join('; ')})` });
        const doublings = controlDoublings({ file, plate: own.plate, experiment, cellLine, time, plateName, background, top }, options, warnings, warned);
        byKey.set(controlKey(file, own.plate, experiment, cellLine, time), { background, top, noBlank, qcFailed: !qc.passed, ...(doublings !== undefined ? { doublings } : {}) });
      }
    }
  }
  return { byKey, plates: qcs, warnings };
}

/**
 * The control doublings of one plate and cell line during the assay, for growth-rate metrics:
 * d = log2((vehicle − background)/x₀) with x₀ the line's mean background-subtracted time-zero
 * read (TimeZeroIndex: same plate, else file, else run); without time-zero reads, T/Td from
 * --doubling-time (T the hours of the read, else --assay-hours). Undefined — with a warning when
 * a reference was given but cannot be used — when the time-zero reads are not above the
 * background or the vehicle did not grow beyond them (GR is not defined then).
 */
function controlDoublings(
  plate: { file: string; plate: string; experiment: string; cellLine: string; time: string; plateName: string; background: number; top: number },
  options: NormalizeOptions,
  warnings: Warning[],
  warned: Set<string>,
): number | undefined {
  const { file, cellLine, plateName } = plate;
  const once = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    warnings.push({ location: { file }, message });
  };
  const reference = options.timeZero?.lookup(file, plate.plate, plate.experiment, cellLine, plate.background);
  const doublingTime = options.doublingTimes?.get(cellLine);
  if (reference) {
    if (doublingTime !== undefined) once(`dt\u0000${cellLine}`, `cell line "${cellLine}": --doubling-time is not used, its time-zero reads measure the growth`);
    // A time-zero plate of the same file is the usual design; one from another file is said.
    if (reference.source === 'run') {
      once(
        `t0\u0000${file}\u0000${plate.plate}\u0000${cellLine}`,
        `${plateName}cell line "${cellLine}": no time-zero reads in this file; using the ${reference.wells} of ${reference.files.join(', ')}`,
      );
    }
    const grown = plate.top - plate.background;
    if (!(reference.mean > 0)) {
      once(`t0bad\u0000${file}\u0000${plate.plate}\u0000${cellLine}`, `${plateName}cell line "${cellLine}": the time-zero reads (mean ${reference.mean.toPrecision(4)} above background) are not above the background: no GR metrics`);
      return undefined;
    }
    const doublings = Math.log2(grown / reference.mean);
    if (!(doublings > 0)) {
      once(
        `t0flat\u0000${file}\u0000${plate.plate}\u0000${cellLine}`,
        `${plateName}cell line "${cellLine}": the vehicle wells (${grown.toPrecision(4)} above background) read no more than the time-zero reads (${reference.mean.toPrecision(4)}): the cells did not grow, so GR is not defined`,
      );
      return undefined;
    }
    return doublings;
  }
  if (doublingTime === undefined) return undefined;
  const hours = plate.time !== '' && Number(plate.time) > 0 ? Number(plate.time) : options.assayHours;
  if (hours === undefined) {
    once(`hours\u0000${cellLine}`, `cell line "${cellLine}": --doubling-time needs the assay's length: give --assay-hours (or a time column)`);
    return undefined;
  }
  return hours / doublingTime;
}

/** A sample well with its response in % of vehicle. */
export interface NormalizedWell {
  readonly well: WellRecord;
  /** % viability: 100 × (signal − background) / (vehicle − background). */
  readonly response: number;
  readonly noBlank: boolean;
  readonly qcFailed: boolean;
}

export interface NormalizeResult {
  readonly wells: NormalizedWell[];
  readonly warnings: Warning[];
  /** QC of every plate and cell line that has samples (empty with normalization off). */
  readonly plates: PlateQc[];
}

/**
 * The response of a sample well under its plate's normalization, or a warning when the signal
 * cannot be expressed as a % of the vehicle (then the well is left out).
 */
export function normalizeWell(well: WellRecord, normalization: Normalization, warnings: Warning[]): number | null {
  const response = percentOf(well.signal, normalization.background, normalization.top);
  if (Number.isFinite(response)) return response;
  const why = Number.isFinite(well.signal) ? `signal ${well.signal} is beyond any % of the vehicle (${normalization.top.toPrecision(4)})` : 'no usable signal';
  warnings.push({ location: well.location, message: `${why}: well excluded` });
  return null;
}

/**
 * Normalizes the sample wells of a list of wells to their plates' controls (see
 * planNormalization): the engine does the same from a first pass over the controls. With
 * `normalized`, signals are already % viability and are passed through.
 */
export function normalizePlates(wells: readonly WellRecord[], options: NormalizeOptions & { normalized?: boolean } = {}): NormalizeResult {
  if (options.normalized) {
    return { wells: wells.filter((w) => w.role === 'sample').map((well) => ({ well, response: well.signal, noBlank: false, qcFailed: false })), warnings: [], plates: [] };
  }
  const controls = new ControlCollector();
  for (const well of wells) controls.add(well);
  const plan = planNormalization(controls.sets.values(), options);
  const warnings = [...plan.warnings];
  const out: NormalizedWell[] = [];
  for (const well of wells) {
    if (well.role !== 'sample') continue;
    const normalization = plan.byKey.get(controlKey(well.location.file, well.plate, well.experiment ?? '', well.cellLine, timeKey(well.time)));
    // A sample without a cell line has no plate controls of its own (the readers refuse such wells).
    if (!normalization) continue;
    const response = normalizeWell(well, normalization, warnings);
    if (response !== null) out.push({ well, response, noBlank: normalization.noBlank, qcFailed: normalization.qcFailed });
  }
  return { wells: out, warnings, plates: plan.plates };
}
