import type { PlateQc, WellRecord } from '../types.js';

/** QC thresholds: a plate fails when Z′ < minZPrime or the vehicle CV > maxVehicleCv (%). */
export interface QcThresholds {
  readonly minZPrime: number;
  readonly maxVehicleCv: number;
}

export const DEFAULT_QC: QcThresholds = { minZPrime: 0.5, maxVehicleCv: 20 };

/** Mean; NaN for no values. Summed in parts when the plain sum overflows (signals near 1e308). */
function meanOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sum = values.reduce((a, b) => a + b, 0);
  return Number.isFinite(sum) ? sum / values.length : values.reduce((a, b) => a + b / values.length, 0);
}

/** Sample standard deviation (n − 1); NaN for fewer than 2 values. Scaled when squares would overflow. */
function sdOf(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = meanOf(values);
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
  if (Number.isFinite(sd)) return sd;
  const scale = values.reduce((a, v) => Math.max(a, Math.abs(v / 2 - m / 2)), 0);
  return 2 * scale * Math.sqrt(values.reduce((a, v) => a + ((v / 2 - m / 2) / scale) ** 2, 0) / (values.length - 1));
}

/**
 * Plate QC of one plate and cell line from its control wells (see PlateQc for the formulas).
 * A criterion that cannot be computed (fewer than 2 wells) does not fail the plate.
 */
export function plateQc(
  plateWells: readonly WellRecord[],
  cellLine: string,
  thresholds: QcThresholds = DEFAULT_QC,
  signal = '',
): PlateQc {
  const mine = plateWells.filter((w) => w.cellLine === cellLine || w.cellLine === '');
  const of = (role: WellRecord['role']) => mine.filter((w) => w.role === role && Number.isFinite(w.signal)).map((w) => w.signal);
  const vehicle = of('vehicle');
  const blank = of('blank');
  const positive = of('positive');
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
  const first = plateWells[0]!;
  return {
    file: first.location.file,
    plate: first.plate,
    cellLine,
    nVehicle: vehicle.length,
    nBlank: blank.length,
    nPositive: positive.length,
    nExcluded: mine.filter((w) => w.role === 'exclude').length,
    vehicleMean,
    vehicleCv,
    blankMean: meanOf(blank),
    blankCv: (100 * sdOf(blank)) / meanOf(blank),
    zPrime,
    signalToBackground: vehicleMean / backgroundMean,
    signal,
    passed: reasons.length === 0,
    reasons,
  };
}
