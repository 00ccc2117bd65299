import type { PlateQc, WellRecord } from '../types.js';

/** QC thresholds: a plate fails when Z′ < minZPrime or the vehicle CV > maxVehicleCv (%). */
export interface QcThresholds {
  readonly minZPrime: number;
  readonly maxVehicleCv: number;
}

export const DEFAULT_QC: QcThresholds = { minZPrime: 0.5, maxVehicleCv: 20 };

/** Mean; NaN for no values. Summed in parts when the plain sum overflows (signals near 1e308). */
export function meanOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  if (Number.isFinite(sum)) return sum / values.length;
  let scaled = 0;
  for (const v of values) scaled += v / values.length;
  return scaled;
}

/** Sample standard deviation (n − 1); NaN for fewer than 2 values. Scaled when squares would overflow. */
export function sdOf(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = meanOf(values);
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
  if (Number.isFinite(sd)) return sd;
  const scale = values.reduce((a, v) => Math.max(a, Math.abs(v / 2 - m / 2)), 0);
  return 2 * scale * Math.sqrt(values.reduce((a, v) => a + ((v / 2 - m / 2) / scale) ** 2, 0) / (values.length - 1));
}

/** The control readings of one plate and cell line that QC looks at. */
export interface QcControls {
  readonly file: string;
  readonly plate: string;
  readonly experiment: string;
  readonly cellLine: string;
  readonly vehicle: readonly number[];
  readonly blank: readonly number[];
  readonly positive: readonly number[];
  readonly excluded: number;
  /** What the signal is (an export's read), "" for tidy input. */
  readonly signal: string;
}

/**
 * Plate QC of one plate and cell line from its control readings (see PlateQc for the formulas).
 * A criterion that cannot be computed (fewer than 2 wells) does not fail the plate.
 */
export function plateQcOf(controls: QcControls, thresholds: QcThresholds = DEFAULT_QC): PlateQc {
  const { vehicle, blank, positive } = controls;
  const background = blank.length > 0 ? blank : positive;
  const vehicleMean = meanOf(vehicle);
  const backgroundMean = meanOf(background);
  const vehicleSd = sdOf(vehicle);
  const zPrime = 1 - (3 * (vehicleSd + sdOf(background))) / Math.abs(vehicleMean - backgroundMean);
  const vehicleCv = (100 * vehicleSd) / vehicleMean;
  const reasons: string[] = [];
  // A mean of (almost) 0 or controls that do not separate make these unbounded: said in words.
  if (zPrime < thresholds.minZPrime) {
    reasons.push(Number.isFinite(zPrime) ? `Z′ ${zPrime.toFixed(2)} < ${thresholds.minZPrime}` : `Z′ unbounded below ${thresholds.minZPrime} (vehicle and background means coincide)`);
  }
  if (vehicleCv > thresholds.maxVehicleCv) {
    reasons.push(
      Number.isFinite(vehicleCv)
        ? `vehicle CV ${vehicleCv.toFixed(1)} % > ${thresholds.maxVehicleCv} %`
        : `vehicle CV unbounded (vehicle mean ${vehicleMean.toPrecision(3)}) > ${thresholds.maxVehicleCv} %`,
    );
  }
  return {
    file: controls.file,
    plate: controls.plate,
    experiment: controls.experiment,
    cellLine: controls.cellLine,
    nVehicle: vehicle.length,
    nBlank: blank.length,
    nPositive: positive.length,
    nExcluded: controls.excluded,
    vehicleMean,
    vehicleCv,
    blankMean: meanOf(blank),
    blankCv: (100 * sdOf(blank)) / meanOf(blank),
    zPrime,
    signalToBackground: vehicleMean / backgroundMean,
    signal: controls.signal,
    passed: reasons.length === 0,
    reasons,
  };
}

/** Plate QC of one plate and cell line from its wells (the line's and those without a line). */
export function plateQc(plateWells: readonly WellRecord[], cellLine: string, thresholds: QcThresholds = DEFAULT_QC, signal = ''): PlateQc {
  const mine = plateWells.filter((w) => w.cellLine === cellLine || w.cellLine === '');
  const of = (role: WellRecord['role']) => mine.filter((w) => w.role === role && Number.isFinite(w.signal)).map((w) => w.signal);
  const first = plateWells[0]!;
  return plateQcOf(
    {
      file: first.location.file,
      plate: first.plate,
      experiment: first.experiment ?? '',
      cellLine,
      vehicle: of('vehicle'),
      blank: of('blank'),
      positive: of('positive'),
      excluded: mine.filter((w) => w.role === 'exclude').length,
      signal,
    },
    thresholds,
  );
}
