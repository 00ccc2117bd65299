import type { WellsRenderSettings } from '../engine/settings.js';
import type { Sink } from '../engine/sink.js';
import type { WellRole } from '../types.js';
import { delimitedField, neutraliseFormula } from './escape.js';
import { formatNumber } from './formatNumber.js';

export type { WellsRenderSettings };

/**
 * The columns of `--wells`, in order: where the well is, what the map says it is, what was read
 * and what normalization made of it. Every format (csv, tsv, json, ndjson) uses these names.
 * Growth-rate data add `time` (after `unit`) and `gr_value` (after `viability`): GROWTH_WELL_COLUMNS.
 */
export const WELL_COLUMNS = ['file', 'plate', 'well', 'role', 'cell_line', 'compound', 'concentration', 'unit', 'signal', 'viability', 'excluded', 'outlier'] as const;

/** The columns of `--wells` when the data hold growth-rate references or several end times (WellsRenderSettings.growth). */
export const GROWTH_WELL_COLUMNS = ['file', 'plate', 'well', 'role', 'cell_line', 'compound', 'concentration', 'unit', 'time', 'signal', 'viability', 'gr_value', 'excluded', 'outlier'] as const;

type WellColumn = (typeof GROWTH_WELL_COLUMNS)[number];

/** One well after normalization, as `--wells` writes it. */
export interface WellOutput {
  /** The input the well was read from. */
  readonly file: string;
  readonly plate: string;
  /** The well id ("B3"); "" for a tidy row without a well column. */
  readonly well: string;
  readonly role: WellRole;
  readonly cellLine: string;
  readonly compound: string;
  /** In `unit`; null for controls. */
  readonly concentration: number | null;
  readonly unit: string;
  /** As read (RLU, absorbance, or % with normalization off); null when unusable. */
  readonly signal: number | null;
  /** % of the vehicle: 100 × (signal − background) / (vehicle − background) of its plate and cell line; null when no normalization applies. */
  readonly viability: number | null;
  /** Hours from treatment to the read, when the input says (null otherwise). */
  readonly time: number | null;
  /**
   * Growth-rate value GR = 2^(1 + log2(viability/100)/d) − 1 with d the control doublings of its
   * plate and cell line (time-zero reads or --doubling-time); null where there is no such reference.
   */
  readonly grValue: number | null;
  /** Not used: role exclude, an unusable signal, or a response normalization could not give. */
  readonly excluded: boolean;
  /** A ROUT outlier of its curve (--outliers flag|remove); null for controls and when detection is off. */
  readonly outlier: boolean | null;
}


/** The columns wells are written with under `render`. */
export function wellColumns(render: WellsRenderSettings): readonly WellColumn[] {
  return render.growth ? GROWTH_WELL_COLUMNS : WELL_COLUMNS;
}

/** The format of a --wells file from its extension (checked when the option is parsed). */
export function wellsFormat(path: string): WellsRenderSettings['format'] {
  const ending = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ending === 'tsv' || ending === 'json' || ending === 'ndjson' ? ending : 'csv';
}

/** A well as a record of the columns (JSON's values); with `growth`, also `time` and `gr_value`. */
export function wellRecord(well: WellOutput, growth = false): Partial<Record<WellColumn, string | number | boolean | null>> {
  return {
    file: well.file,
    plate: well.plate,
    well: well.well,
    role: well.role,
    cell_line: well.cellLine,
    compound: well.compound,
    concentration: well.concentration,
    unit: well.unit,
    ...(growth ? { time: well.time } : {}),
    signal: well.signal,
    viability: well.viability,
    ...(growth ? { gr_value: well.grValue } : {}),
    excluded: well.excluded,
    outlier: well.outlier,
  };
}

/**
 * Wells as text in a streamable format, each with its line end. CSV/TSV: the signal exactly as
 * read (shortest round-trip text), concentration and viability with 6 significant digits, empty
 * for null, text neutralised against spreadsheet formulas unless `rawCells`. JSON (one record
 * per line, joined into an array by the sink) and NDJSON: full precision, null for missing.
 */
export function renderWells(wells: readonly WellOutput[], render: WellsRenderSettings): string {
  let out = '';
  if (render.format === 'json' || render.format === 'ndjson') {
    for (const well of wells) out += JSON.stringify(wellRecord(well, render.growth)) + '\n';
    return out;
  }
  const delimiter = render.format === 'csv' ? ',' : '\t';
  const text = (value: string) => delimitedField(neutraliseFormula(value, render.rawCells), delimiter);
  const number = (value: number | null, exact = false) => (value === null || !Number.isFinite(value) ? '' : exact ? String(value) : formatNumber(value));
  const flag = (value: boolean | null) => (value === null ? '' : String(value));
  for (const w of wells) {
    const cells = render.growth
      ? [text(w.file), text(w.plate), text(w.well), w.role, text(w.cellLine), text(w.compound), number(w.concentration), text(w.unit), number(w.time, true), number(w.signal, true), number(w.viability), number(w.grValue), flag(w.excluded), flag(w.outlier)]
      : [text(w.file), text(w.plate), text(w.well), w.role, text(w.cellLine), text(w.compound), number(w.concentration), text(w.unit), number(w.signal, true), number(w.viability), flag(w.excluded), flag(w.outlier)];
    out += cells.join(delimiter) + '\n';
  }
  return out;
}

/**
 * The sink of `--wells`: no result rows, only wells, as their chunks are rendered (in file
 * order). CSV/TSV get the header first; JSON is one array, its elements one per line. Data with
 * growth-rate references or several end times add the `time` and `gr_value` columns (adapt).
 */
export function wellsSink(write: (text: string) => void | Promise<void>, given: WellsRenderSettings): Sink {
  let first = true;
  let render = given;
  return {
    get wants() {
      return { points: false, plateMaps: false, rows: false, wells: render };
    },
    adapt(options) {
      const growth = options.detected !== undefined && (options.detected.growth || options.detected.times);
      render = { ...given, ...(growth ? { growth } : {}) };
    },
    begin: () => {
      if (render.format === 'csv' || render.format === 'tsv') return write(wellColumns(render).join(render.format === 'csv' ? ',' : '\t') + '\n');
      if (render.format === 'json') return write('[');
    },
    text() {},
    row() {},
    wells(text: string) {
      if (text === '') return;
      if (render.format !== 'json') return write(text);
      // One record per line: the array's elements, separated by commas.
      const body = text.slice(0, -1).replace(/\n/g, ',\n');
      const out = (first ? '\n' : ',\n') + body;
      first = false;
      return write(out);
    },
    end: () => {
      if (render.format === 'json') return write(first ? ']\n' : '\n]\n');
    },
  };
}
