import { Ic50Error } from '../errors.js';
import type { PlateRead, RawPlate } from '../readers/rawPlate.js';

export interface SignalOptions {
  /** Read to use, by label (exact, or a unique case-insensitive substring) or 1-based number (--read). */
  readonly read?: string | undefined;
  /** Subtract an MTT reference read (620–700 nm) from a signal read (540–600 nm). Default true. */
  readonly referenceSubtract?: boolean | undefined;
}

/** The per-well signal of a plate and how it was made, for the output and inspect. */
export interface PlateSignal {
  readonly values: Float64Array;
  readonly markers: ReadonlyMap<number, string>;
  readonly lines: ReadonlyMap<number, number>;
  /** e.g. "Results for US LUM 384(1) - channel 0 (CPS)" or "562 − 660 (reference subtracted)". */
  readonly description: string;
}

const isSignalBand = (r: PlateRead) => r.wavelengthNm !== undefined && r.wavelengthNm >= 540 && r.wavelengthNm <= 600;
const isReferenceBand = (r: PlateRead) => r.wavelengthNm !== undefined && r.wavelengthNm >= 620 && r.wavelengthNm <= 700;

function readsList(plate: RawPlate): string {
  return plate.reads.map((r, i) => `${i + 1}: "${r.label}"${r.origin === 'calculated' ? ' (calculated)' : ''}`).join(', ');
}

/** The read named by --read, or the default: the first raw read (vendor-calculated copies skipped). */
export function chooseRead(plate: RawPlate, wanted?: string): PlateRead {
  if (plate.reads.length === 0) {
    throw new Ic50Error(`plate "${plate.id}" has no reads`, { location: { file: plate.source } });
  }
  if (wanted === undefined) return plate.reads.find((r) => r.origin === 'raw') ?? plate.reads[0]!;
  const byNumber = /^\d+$/.test(wanted) ? plate.reads[Number(wanted) - 1] : undefined;
  if (byNumber) return byNumber;
  const exact = plate.reads.filter((r) => r.label === wanted);
  if (exact.length === 1) return exact[0]!;
  const partial = plate.reads.filter((r) => r.label.toLowerCase().includes(wanted.toLowerCase()));
  if (partial.length === 1) return partial[0]!;
  throw new Ic50Error(
    partial.length > 1 ? `--read "${wanted}" matches ${partial.length} reads of plate "${plate.id}"` : `plate "${plate.id}" has no read "${wanted}"`,
    { location: { file: plate.source }, hint: `reads: ${readsList(plate)}` },
  );
}

/**
 * The signal to fit: the chosen read, or — for an absorbance (MTT) plate with a signal read at
 * 540–600 nm and a reference read at 620–700 nm — A_signal − A_reference per well (on unless
 * referenceSubtract is false). A well is unusable when either read is.
 */
export function selectSignal(plate: RawPlate, options: SignalOptions = {}): PlateSignal {
  const read = chooseRead(plate, options.read);
  const lines = read.lines ?? new Map<number, number>();
  const reference = isSignalBand(read) && options.referenceSubtract !== false ? plate.reads.find((r) => isReferenceBand(r) && r.origin === read.origin) : undefined;
  if (!reference) return { values: read.values, markers: read.markers, lines, description: read.label };
  const values = new Float64Array(read.values.length);
  const markers = new Map(read.markers);
  for (let i = 0; i < values.length; i++) {
    values[i] = read.values[i]! - reference.values[i]!;
    const referenceMarker = reference.markers.get(i);
    if (!markers.has(i) && referenceMarker !== undefined) markers.set(i, `${referenceMarker} (reference ${reference.label})`);
  }
  return { values, markers, lines, description: `${read.label} − ${reference.label} (reference subtracted)` };
}
