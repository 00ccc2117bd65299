import type { PlateQc } from '../types.js';

/** Plate QC columns, in order, as in the `plates` section of JSON output (README defines each). */
export const PLATE_COLUMNS = [
  'file',
  'plate',
  'experiment',
  'cell_line',
  'signal',
  'n_vehicle',
  'n_blank',
  'n_positive',
  'n_excluded',
  'vehicle_mean',
  'vehicle_cv',
  'blank_mean',
  'blank_cv',
  'z_prime',
  'signal_to_background',
  'qc',
  'qc_reasons',
] as const;

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** One plate's QC as an output record (non-finite numbers → null). */
export function toPlateRecord(qc: PlateQc): Record<(typeof PLATE_COLUMNS)[number], string | number | null | string[]> {
  return {
    file: qc.file,
    plate: qc.plate,
    experiment: qc.experiment,
    cell_line: qc.cellLine,
    signal: qc.signal,
    n_vehicle: qc.nVehicle,
    n_blank: qc.nBlank,
    n_positive: qc.nPositive,
    n_excluded: qc.nExcluded,
    vehicle_mean: finite(qc.vehicleMean),
    vehicle_cv: finite(qc.vehicleCv),
    blank_mean: finite(qc.blankMean),
    blank_cv: finite(qc.blankCv),
    z_prime: finite(qc.zPrime),
    signal_to_background: finite(qc.signalToBackground),
    qc: qc.passed ? 'pass' : 'fail',
    qc_reasons: [...qc.reasons],
  };
}
