import type { CellTable } from './cellTable.js';

/**
 * One read of a plate: a value per well, row-major (index = row × columns + column).
 * NaN marks a well without a number: either not read (no marker) or a marker such as OVRFLW,
 * MISSED, OVER, overflow, Masked, Range? (its original text in `markers`).
 */
export interface PlateRead {
  /** As the export names it: "Results for US LUM 384(1) - channel 0 (CPS)", "562", "Lum". */
  readonly label: string;
  /** Measured by the instrument, or computed by vendor software (crosstalk, blank-corrected, …). */
  readonly origin: 'raw' | 'calculated';
  /** Absorbance/emission wavelength when the export states one. */
  readonly wavelengthNm?: number;
  readonly values: Float64Array;
  /** Well index → the text of a non-numeric cell. */
  readonly markers: ReadonlyMap<number, string>;
  /** Well index → 1-based line (or sheet row) of the cell, for messages. */
  readonly lines?: ReadonlyMap<number, number>;
}

/** A plate as an instrument exported it, before any plate map is applied. */
export interface RawPlate {
  /** File the plate came from. */
  readonly source: string;
  /** Id of the reader that read it (e.g. "envision"). */
  readonly reader: string;
  /** Plate identifier: barcode, plate number or sheet name; the file name when none is given. */
  readonly id: string;
  readonly rows: number;
  readonly columns: number;
  readonly reads: PlateRead[];
  /** Vendor metadata worth showing (instrument, protocol, date), as text. */
  readonly meta: Readonly<Record<string, string>>;
  /** Where the reader had to skip or guess (a short row, an unparseable cell). */
  readonly notes: string[];
}

/**
 * A reader for one vendor format. `detect` is cheap and conservative (only its own format);
 * `read` throws Ic50Error (file and line) when the file is its format but malformed.
 */
export interface PlateReader {
  readonly id: string;
  readonly label: string;
  detect(table: CellTable): boolean;
  read(table: CellTable): RawPlate[];
}
