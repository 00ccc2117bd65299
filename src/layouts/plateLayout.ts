import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import type { WellRole } from '../types.js';

/** What a plate map says about one well. */
export interface LayoutWell {
  readonly role: WellRole;
  /** true when the role was guessed from the compound name (no role cell said it). */
  readonly roleInferred?: boolean;
  /** Empty when the map does not say (then --cell-line names it, or it is an error for samples). */
  readonly cellLine: string;
  /** Empty for controls without a name. */
  readonly compound: string;
  /** log10 molar concentration; NaN for controls (their concentration is ignored). */
  readonly log10Molar: number;
  /** Canonical unit name the concentration was given in ("uM"); "" for controls. */
  readonly unit: string;
  /** 1-based line of the layout file that defined the well, for messages. */
  readonly line?: number;
  /** Hours from treatment to the read, when the map says (a `time` column); 0 makes a well with cells a time-zero well. */
  readonly time?: number;
}

/** A plate map: wells by canonical id ("A1", "AF48"). */
export interface PlateLayout {
  /** Layout file, for messages. */
  readonly source: string;
  /** The plate this map is for (a `plate` column value), or "" when it serves every plate. */
  readonly plate: string;
  /**
   * Other names the plate goes by in its source, matched like `plate`: a dispenser protocol's
   * plate number ("3") beside its barcode, or the barcode of a map that serves every plate.
   */
  readonly aliases?: readonly string[];
  /** The smallest standard plate that holds every well of the map (or its drawn grids). */
  readonly rows: number;
  readonly columns: number;
  /**
   * true when the map's shape states the plate size (a grid drawn 8×12 is a 96-well map),
   * false when the size is only implied by the wells it lists (a long table or a dilution
   * description may use part of a plate).
   */
  readonly declared: boolean;
  readonly wells: ReadonlyMap<string, LayoutWell>;
}

export interface LayoutOptions {
  /** Unit for concentrations when the map names none (--unit). */
  readonly unit?: ConcentrationUnit | undefined;
  /** Cell line for maps without a cell-line column (--cell-line). */
  readonly cellLine?: string | undefined;
}
