import type { PlateLayout } from './layouts/plateLayout.js';
import { applyLayout, layoutForPlate } from './plate/applyLayout.js';
import { plateQc, DEFAULT_QC, type QcThresholds } from './plate/plateQc.js';
import { selectSignal, type SignalOptions } from './plate/selectSignal.js';
import { parseWellId } from './plate/wellId.js';
import type { CellTable } from './readers/cellTable.js';
import { tableFromText } from './readers/cellTable.js';
import type { RawPlate } from './readers/rawPlate.js';
import { readPlates } from './readers/readPlates.js';
import type { PlateQc, WellRole } from './types.js';

/** Counts of one read's wells. */
export interface ReadSummary {
  readonly label: string;
  readonly origin: 'raw' | 'calculated';
  readonly wavelengthNm: number | null;
  readonly numeric: number;
  /** Wells with no value and no marker: not read (partial plate, empty edge). */
  readonly empty: number;
  /** Marker text → count (OVRFLW, MISSED, overflow, …). */
  readonly markers: Record<string, number>;
}

/** What `ic50 inspect` shows of one plate. */
export interface PlateInspection {
  readonly id: string;
  readonly rows: number;
  readonly columns: number;
  readonly reads: ReadSummary[];
  /** The signal fit would use. */
  readonly signal: string;
  /** The signal per well, row-major; NaN where there is none. */
  readonly values: Float64Array;
  readonly markers: ReadonlyMap<number, string>;
  readonly meta: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
  /** Role of each well (row-major) from the layout; null without a layout or for wells it does not use. */
  readonly roles: (WellRole | null)[] | null;
  /** Plate QC per cell line, with a layout. */
  readonly qc: PlateQc[];
}

export interface Inspection {
  readonly file: string;
  readonly format: { id: string; label: string }[];
  readonly plates: PlateInspection[];
}

function summarize(read: RawPlate['reads'][number]): ReadSummary {
  let numeric = 0;
  let empty = 0;
  const markers: Record<string, number> = {};
  read.values.forEach((v, i) => {
    if (Number.isFinite(v)) numeric++;
    else {
      const marker = read.markers.get(i);
      if (marker === undefined) empty++;
      else markers[marker] = (markers[marker] ?? 0) + 1;
    }
  });
  return { label: read.label, origin: read.origin, wavelengthNm: read.wavelengthNm ?? null, numeric, empty, markers };
}

/**
 * What a plate-reader export holds, before anyone trusts a number: format, plates, reads with
 * their counts of numbers, empty wells and markers, the signal that `fit` would use, and —
 * with a layout — the role of every well and each plate's QC.
 */
export function inspect(
  source: { readonly name: string; readonly text?: string; readonly tables?: readonly CellTable[] },
  options: SignalOptions & { reader?: string | undefined; layouts?: readonly PlateLayout[] | undefined; cellLine?: string | undefined; qc?: QcThresholds } = {},
): Inspection {
  const { readers, plates } = readPlates(source.tables ?? [tableFromText(source.text ?? '', source.name)], source.name, options.reader);
  const unique = [...new Map(readers.map((r) => [r.id, { id: r.id, label: r.label }])).values()];
  return {
    file: source.name,
    format: unique,
    plates: plates.map((plate) => {
      const signal = selectSignal(plate, options);
      let roles: (WellRole | null)[] | null = null;
      const qc: PlateQc[] = [];
      if (options.layouts && options.layouts.length > 0) {
        // Roles and QC need no cell line: a map without one is shown as one sample.
        const joined = applyLayout(plate, signal, layoutForPlate(plate, options.layouts), options.cellLine ?? '(no cell line)');
        roles = new Array<WellRole | null>(plate.rows * plate.columns).fill(null);
        for (const well of joined.wells) {
          const position = parseWellId(well.location.well ?? '');
          if (position) roles[position.row * plate.columns + position.column] = well.role;
        }
        const lines = [...new Set(joined.wells.filter((w) => w.role === 'sample').map((w) => w.cellLine))];
        for (const line of lines) qc.push(plateQc(joined.wells, line, options.qc ?? DEFAULT_QC, signal.description));
      }
      return {
        id: plate.id,
        rows: plate.rows,
        columns: plate.columns,
        reads: plate.reads.map(summarize),
        signal: signal.description,
        values: signal.values,
        markers: signal.markers,
        meta: plate.meta,
        notes: plate.notes,
        roles,
        qc,
      };
    }),
  };
}
