import type { ControlSet } from './controls.js';
import { meanOf } from './plateQc.js';

/** The time-zero reads of one plate and cell line, with their plate's own background when it has blanks. */
interface TimeZeroEntry {
  readonly file: string;
  readonly plate: string;
  readonly experiment: string;
  readonly cellLine: string;
  /** The check (label values) of its plate; "" when its plate names none, and then it serves every check. */
  readonly check: string;
  readonly values: readonly number[];
  /** Mean of the blanks read with them (same plate and time, or no time said); undefined when none. */
  readonly background: number | undefined;
}

/** Where a plate's time-zero reference came from. */
export type TimeZeroSource = 'plate' | 'file' | 'run';

/** The mean background-subtracted time-zero read of a cell line for one plate, and where it came from. */
export interface TimeZeroReference {
  /** Mean of (read − background) over the time-zero wells used: the cell count at treatment, x₀. */
  readonly mean: number;
  readonly wells: number;
  readonly source: TimeZeroSource;
  /** Files the wells came from (for messages when not the plate's own). */
  readonly files: readonly string[];
}

/**
 * Every time-zero read of an analysis (role time0, or wells with cells read at time 0), by file,
 * plate, experiment and cell line, so that each treated plate finds the time-zero reads of its
 * cell line: on the same plate when it has any, else in the same file, else anywhere in the run
 * (the same experiment, or reads that name none) — and always of the same check (passage, date:
 * label columns), since a line's cell count at treatment is that check's. Each read is
 * background-subtracted like every other read: with the mean of the blanks of its own plate (read
 * at the same time, or with no time said) when there are some, else with the treated plate's
 * background.
 */
export class TimeZeroIndex {
  private readonly entries: TimeZeroEntry[] = [];
  /** The check of every plate added, by file, plate and experiment. */
  private readonly checks = new Map<string, string>();

  /**
   * Adds the time-zero reads of one input's control sets (all its chunks merged); `checkOf` says
   * the check (label values, joined) of a set's plate — "" when there are no label columns or its
   * plate names none.
   */
  add(sets: Iterable<ControlSet>, checkOf: (set: ControlSet) => string = () => ''): void {
    const list = [...sets];
    for (const set of list) {
      const check = checkOf(set);
      if (check !== '') this.checks.set(`${set.file}\u0000${set.plate}\u0000${set.experiment}`, check);
      if (set.time0.length === 0) continue;
      // Blanks read with them: same file, plate and experiment (or none), no line or this line, same time or none.
      const blanks = list.filter(
        (s) =>
          s.file === set.file &&
          s.plate === set.plate &&
          (s.experiment === set.experiment || s.experiment === '') &&
          (s.cellLine === set.cellLine || s.cellLine === '') &&
          (s.time === set.time || s.time === ''),
      );
      const blank = blanks.flatMap((s) => s.blank);
      this.entries.push({
        file: set.file,
        plate: set.plate,
        experiment: set.experiment,
        cellLine: set.cellLine,
        check,
        values: set.time0,
        background: blank.length > 0 ? meanOf(blank) : undefined,
      });
    }
  }

  /** Whether any time-zero read was given for this cell line. */
  has(cellLine: string): boolean {
    return this.entries.some((e) => e.cellLine === cellLine);
  }

  /**
   * The time-zero reference of a treated plate's cell line: the mean of its time-zero reads minus
   * their background (`fallbackBackground`, the treated plate's, for reads whose plate has no
   * blanks) — from the same plate, else the same file, else the run, of the plate's check;
   * undefined when there are none.
   */
  lookup(file: string, plate: string, experiment: string, cellLine: string, fallbackBackground: number): TimeZeroReference | undefined {
    const check = this.checks.get(`${file}\u0000${plate}\u0000${experiment}`) ?? '';
    const matches = (e: TimeZeroEntry) =>
      e.cellLine === cellLine && (e.experiment === experiment || e.experiment === '' || experiment === '') && (e.check === check || e.check === '' || check === '');
    const levels: [TimeZeroSource, (e: TimeZeroEntry) => boolean][] = [
      ['plate', (e) => e.file === file && e.plate === plate],
      ['file', (e) => e.file === file],
      ['run', () => true],
    ];
    for (const [source, where] of levels) {
      const found = this.entries.filter((e) => matches(e) && where(e));
      if (found.length === 0) continue;
      let sum = 0;
      let wells = 0;
      for (const entry of found) {
        const background = entry.background ?? fallbackBackground;
        for (const value of entry.values) sum += value - background;
        wells += entry.values.length;
      }
      return { mean: sum / wells, wells, source, files: [...new Set(found.map((e) => e.file))] };
    }
    return undefined;
  }
}

/**
 * Growth-rate inhibition (Hafner, Niepel, Chung & Sorger, Nat Methods 2016, 13:521) of a well
 * from its % viability v = 100·x/x_ctrl and the control doublings d = log2(x_ctrl/x₀) of its
 * plate:
 *
 *   GR = 2^(log2(x/x₀) / log2(x_ctrl/x₀)) − 1 = 2^(1 + log2(v/100)/d) − 1,
 *
 * the same formula as the route without time-zero reads, GR = 2^(1 + log2(x/x_ctrl)·Td/T) − 1,
 * with d = T/Td. GR is 1 where the well grew as the vehicle did, 0 where it did not grow
 * (cytostasis), and −1 where no cells are left: a well at or below the background (v ≤ 0) is −1.
 * NaN when d is not a positive number.
 */
export function growthRateValue(viability: number, doublings: number): number {
  if (!(doublings > 0) || !Number.isFinite(viability)) return Number.NaN;
  if (viability <= 0) return -1;
  return Math.pow(2, 1 + Math.log2(viability / 100) / doublings) - 1;
}

/**
 * The NCI-60 percentage growth (NCI DTP, "NCI-60 Screening Methodology") of a treated mean T
 * against the control C and the time-zero T₀, from the mean % viability v = 100·T/C and the
 * plate's ratio r = T₀/C = 2^(−d):
 *
 *   PG = 100·(T − T₀)/(C − T₀) = 100·(v/100 − r)/(1 − r)   when T ≥ T₀ (growth inhibition),
 *   PG = 100·(T − T₀)/T₀       = 100·(v/100 − r)/r         when T < T₀ (cell kill).
 */
export function percentGrowth(viability: number, timeZeroRatio: number): number {
  const t = viability / 100;
  return t >= timeZeroRatio ? (100 * (t - timeZeroRatio)) / (1 - timeZeroRatio) : (100 * (t - timeZeroRatio)) / timeZeroRatio;
}
