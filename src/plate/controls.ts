import type { WellRecord } from '../types.js';
import { isAmbiguousBlankName } from './roles.js';

/**
 * The control wells of one plate, experiment and cell line ("" = controls without a cell line,
 * which serve every line of their plate): all that normalizing the plate's samples needs, so a
 * file can be normalized from a first pass that keeps the controls and never the samples.
 */
export interface ControlSet {
  readonly file: string;
  readonly plate: string;
  /** Independent experiment (--experiment COLUMN); "" for controls that serve every experiment. */
  readonly experiment: string;
  readonly cellLine: string;
  /**
   * Hours from treatment to the read of the set's wells, as text ("72"); "" for wells that do not
   * say, which serve every time of their plate. Time-zero wells are in the set of time "0".
   */
  readonly time: string;
  readonly vehicle: number[];
  readonly blank: number[];
  readonly positive: number[];
  /** Time-zero reads (role time0): the cell count at treatment, for growth-rate metrics. */
  readonly time0: number[];
  /** Distinct names of the blank wells, for messages. */
  readonly blankNames: string[];
  /** true while every blank was guessed from a buffer name (PBS): such blanks are checked against the vehicle. */
  blankGuessedFromBuffer: boolean;
  /** Wells of role `exclude` (markers, unusable signals). */
  excluded: number;
  /** Sample wells (treated). */
  samples: number;
  /** Line of the first sample well, for messages. */
  firstSampleLine: number | undefined;
}

/** The key of a well's control set: file, plate, experiment, cell line and (when said) the time of the read. */
export function controlKey(file: string, plate: string, experiment: string, cellLine: string, time = ''): string {
  const key = `${file}\u0000${plate}\u0000${experiment}\u0000${cellLine}`;
  return time === '' ? key : `${key}\u0000${time}`;
}

/** A well's time as a control-set key part: "" when not said. */
export function timeKey(time: number | undefined): string {
  return time === undefined ? '' : String(time);
}

/**
 * Collects control sets from wells in reading order (a set's values stay in reading order, so
 * the means are the same however a file was split to be read), and merges the collections of
 * the parts of a file in order.
 */
export class ControlCollector {
  readonly sets = new Map<string, ControlSet>();

  private setOf(file: string, plate: string, experiment: string, cellLine: string, time: string): ControlSet {
    const key = controlKey(file, plate, experiment, cellLine, time);
    let set = this.sets.get(key);
    if (!set) {
      set = { file, plate, experiment, cellLine, time, vehicle: [], blank: [], positive: [], time0: [], blankNames: [], blankGuessedFromBuffer: true, excluded: 0, samples: 0, firstSampleLine: undefined };
      this.sets.set(key, set);
    }
    return set;
  }

  private last: ControlSet | undefined;

  add(well: WellRecord): void {
    // Rows of one plate and line mostly come together: the previous row's set is tried first.
    const experiment = well.experiment ?? '';
    const time = timeKey(well.time);
    const last = this.last;
    const set =
      last && last.cellLine === well.cellLine && last.plate === well.plate && last.experiment === experiment && last.time === time && last.file === well.location.file
        ? last
        : (this.last = this.setOf(well.location.file, well.plate, experiment, well.cellLine, time));
    switch (well.role) {
      case 'sample':
        if (set.samples++ === 0) set.firstSampleLine = well.location.line;
        return;
      case 'exclude':
        set.excluded++;
        return;
      case 'vehicle':
        if (Number.isFinite(well.signal)) set.vehicle.push(well.signal);
        return;
      case 'positive':
        if (Number.isFinite(well.signal)) set.positive.push(well.signal);
        return;
      case 'time0':
        if (Number.isFinite(well.signal)) set.time0.push(well.signal);
        return;
      case 'blank':
        if (!Number.isFinite(well.signal)) return;
        set.blank.push(well.signal);
        if (!set.blankNames.includes(well.compound)) set.blankNames.push(well.compound);
        if (!(well.roleInferred && isAmbiguousBlankName(well.compound))) set.blankGuessedFromBuffer = false;
        return;
    }
  }

  /**
   * Adds the sets of a later part of the same input (values appended in order), whose line
   * numbers count from `lineOffset` lines into the file.
   */
  merge(sets: Iterable<ControlSet>, lineOffset = 0): void {
    for (const other of sets) {
      const set = this.setOf(other.file, other.plate, other.experiment, other.cellLine, other.time ?? '');
      if (set.samples === 0 && other.firstSampleLine !== undefined) set.firstSampleLine = other.firstSampleLine + lineOffset;
      for (const v of other.vehicle) set.vehicle.push(v);
      for (const v of other.blank) set.blank.push(v);
      for (const v of other.positive) set.positive.push(v);
      for (const v of other.time0 ?? []) set.time0.push(v);
      for (const name of other.blankNames) if (!set.blankNames.includes(name)) set.blankNames.push(name);
      set.blankGuessedFromBuffer &&= other.blankGuessedFromBuffer;
      set.excluded += other.excluded;
      set.samples += other.samples;
    }
  }
}
