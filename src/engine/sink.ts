import type { Options } from '../options.js';
import type { ExcludedWell, FileError, PlateMap, PlateQc, ResultRow, Warning } from '../types.js';
import type { RenderSettings, WellsRenderSettings } from './settings.js';

/** What an analysis hands its sink at the end, besides the rows. */
export interface ReportTail {
  readonly plates: readonly PlateQc[];
  readonly plateMaps: readonly PlateMap[];
  readonly warnings: readonly Warning[];
  readonly errors: readonly FileError[];
  readonly inputs: number;
  /** Wells the user excluded (--exclude, --exclude-file), in reading order; absent or empty when none. */
  readonly excluded?: readonly ExcludedWell[];
}

/**
 * Where the rows of an analysis go, in output order: writers (a CSV on stdout, a report file),
 * or a collection for the library. A sink says what it needs — rows already rendered as text
 * (the fast path: rendered where they are fitted), fit objects, their points, plate maps — and
 * the engine gives no more. A returned promise is awaited (backpressure).
 */
export interface Sink {
  readonly wants: {
    /** Rows rendered as text in this format where possible (else `row` is called). */
    readonly render?: RenderSettings | undefined;
    /** Keep fitted points on the fits (plots). */
    readonly points: boolean;
    /** Keep each plate's well map (heat maps). */
    readonly plateMaps: boolean;
    /** Keep on each fit the curve it was fitted to (CurveFit.curve; the report's page refits it). */
    readonly curves?: boolean;
    /** false for a sink that takes no result rows (a --wells file): it does not decide how rows travel. */
    readonly rows?: boolean;
    /** Every well after normalization, rendered as text in this format where it is read (--wells); see `wells`. */
    readonly wells?: WellsRenderSettings | undefined;
  };
  /**
   * Before `wants` is read for the second pass: the options with what the data hold
   * (`detected`: several end times, growth-rate references), which can add output columns.
   */
  adapt?(options: Partial<Options>): void;
  /** Before the first row (when something will be written). */
  begin(): void | Promise<void>;
  /** A row rendered as text in `wants.render`'s format. */
  text(text: string): void | Promise<void>;
  /** A row as an object. */
  row(row: ResultRow): void | Promise<void>;
  /** The wells of a chunk, after normalization, rendered in `wants.wells`'s format, in file order (sinks that want them). */
  wells?(text: string): void | Promise<void>;
  end(tail: ReportTail): void | Promise<void>;
}

/**
 * Several sinks fed as one: rows are rendered where fitted only when every sink takes the same
 * text; wells go to the sinks that want them (one format: the first's).
 */
export function combineSinks(sinks: readonly Sink[]): Sink {
  if (sinks.length === 1) return sinks[0]!;
  const takers = sinks.filter((s) => s.wants.rows !== false);
  return {
    get wants() {
      const render = takers[0]?.wants.render;
      const same =
        render !== undefined &&
        takers.every(
          (s) =>
            s.wants.render?.format === render.format &&
            s.wants.render.rawCells === render.rawCells &&
            (s.wants.render.decimalComma ?? false) === (render.decimalComma ?? false) &&
            s.wants.render.columns.join() === render.columns.join(),
        );
      return {
        render: same ? render : undefined,
        points: sinks.some((s) => s.wants.points),
        plateMaps: sinks.some((s) => s.wants.plateMaps),
        curves: sinks.some((s) => s.wants.curves === true),
        wells: sinks.find((s) => s.wants.wells)?.wants.wells,
      };
    },
    adapt(options) {
      for (const s of sinks) s.adapt?.(options);
    },
    async begin() {
      for (const s of sinks) await s.begin();
    },
    async text(text) {
      for (const s of takers) await s.text(text);
    },
    async row(row) {
      for (const s of takers) await s.row(row);
    },
    async wells(text) {
      for (const s of sinks) if (s.wants.wells && s.wells) await s.wells(text);
    },
    async end(tail) {
      for (const s of sinks) await s.end(tail);
    },
  };
}

/**
 * A sink for a format that needs every row before it can write (a terminal table, the matrix, a
 * workbook): it gathers the rows and calls `finish` at the end with them and the options as
 * adapted to what the data hold (several end times, growth rates), as the streamed formats get them.
 */
export function gatheringSink<O extends Partial<Options>>(what: string, given: O, finish: (rows: readonly ResultRow[], tail: ReportTail, options: O) => void | Promise<void>): Sink {
  const rows: ResultRow[] = [];
  let options = given;
  return {
    wants: { points: false, plateMaps: false },
    adapt(adapted) {
      options = { ...options, ...adapted };
    },
    begin() {},
    text() {
      throw new Error(`${what} takes rows, not text`);
    },
    row(row) {
      rows.push(row);
    },
    end(tail) {
      return finish(rows, tail, options);
    },
  };
}
