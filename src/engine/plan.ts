import { Ic50Error, toFileError } from '../errors.js';
import { unitKind } from '../plate/concentrationUnit.js';
import { ControlCollector, type ControlSet } from '../plate/controls.js';
import { checkExclusions, type ExclusionHit } from '../plate/exclusions.js';
import { TimeZeroIndex } from '../plate/growthReference.js';
import { planNormalization, type Normalization } from '../plate/normalize.js';
import type { FileError, PlateMap, PlateQc, Warning } from '../types.js';
import { CurveTable } from './curveTable.js';
import { kindOf, type CurveSightings } from './curveSightings.js';
import { PlateChecks, type ChunkIndex } from './indexChunk.js';
import type { Chunk, InputSpec } from './inputs.js';
import type { Names } from './names.js';
import type { EngineSettings } from './settings.js';

/** What the first pass learnt of one input. */
export interface InputPlan {
  readonly spec: InputSpec;
  /** Global indexes of its chunks. */
  readonly chunks: number[];
  /** Lines before each of its chunks. */
  readonly lineOffsets: number[];
  /** The input cannot be used. */
  error: FileError | undefined;
  /** Normalization of its plates, by controlKey. */
  normalizations: [string, Normalization][];
}

/** Everything the second pass needs to know, learnt from the first. */
export interface Plan {
  readonly inputs: InputPlan[];
  readonly chunks: readonly Chunk[];
  /** Curves in first-seen order, with where their last wells are and which chunks hold them. */
  readonly curves: CurveTable;
  /** Curves (indexes into `curves`) per chunk, as the first pass saw them. */
  readonly chunkCurves: Int32Array[];
  readonly plates: PlateQc[];
  readonly plateMaps: PlateMap[];
  readonly warnings: Warning[];
  /** Wells read that are treated (samples). */
  readonly samples: number;
  /** Wells left out (markers, unreadable signals, unread wells, role exclude, user exclusions). */
  readonly excluded: number;
  /** Wells the user excluded (--exclude, --exclude-file), in reading order: the audit list. */
  readonly userExcluded: ExclusionHit[];
}

const NO_CURVES = new Int32Array(0);

/** Readings of a plate at least this many: fewer could coincide by chance (a tiny test file). */
const DUPLICATE_MIN_READINGS = 8;

function shifted(warning: Warning, offset: number): Warning {
  return offset === 0 || warning.location.line === undefined ? warning : { ...warning, location: { ...warning.location, line: warning.location.line + offset } };
}

/** Where each compound (by number, see Names) was first dosed in a kind of unit: −1 where not yet. */
class FirstKinds {
  readonly kinds: Int8Array;
  readonly units: Int32Array;
  readonly inputs: Int32Array;
  readonly lines: Float64Array;
  constructor(names: number) {
    this.kinds = new Int8Array(names).fill(-1);
    this.units = new Int32Array(names);
    this.inputs = new Int32Array(names);
    this.lines = new Float64Array(names);
  }
}

/**
 * The error of an input that doses a compound in another kind of unit (molar or mass) than an
 * earlier well did (in this input or an earlier one), or undefined; records the kinds it uses.
 */
function unitKindConflict(input: InputSpec, plan: InputPlan, sightings: CurveSightings, first: FirstKinds, inputs: readonly InputSpec[]): FileError | undefined {
  const names: Names = sightings.names;
  const added: number[] = [];
  for (const [k, part] of sightings.partsOf(input.index).entries()) {
    const offset = input.format === 'tidy' ? plan.lineOffsets[k]! : 0;
    const marks = part.unitKinds;
    for (let m = 0; m < marks.compounds.length; m++) {
      const compound = marks.compounds[m]!;
      const kind = marks.kinds[m]!;
      const line = Number.isNaN(marks.lines[m]!) ? undefined : marks.lines[m]! + offset;
      if (first.kinds[compound] === -1) {
        first.kinds[compound] = kind;
        first.units[compound] = marks.units[m]!;
        first.inputs[compound] = input.index;
        first.lines[compound] = line ?? Number.NaN;
        added.push(compound);
        continue;
      }
      if (first.kinds[compound] === kind) continue;
      // This input is not used: what it recorded is forgotten.
      for (const c of added) first.kinds[c] = -1;
      const unit = names.text(marks.units[m]!);
      const firstLine = Number.isNaN(first.lines[compound]!) ? undefined : first.lines[compound]!;
      const where = `${inputs[first.inputs[compound]!]!.name}${firstLine !== undefined ? ` line ${firstLine}` : ''}`;
      return toFileError(
        new Ic50Error(`compound "${names.text(compound)}" is dosed in ${unit} (${kindOf(kind) === 'mass' ? 'mass per volume' : 'molar'}) here, but in ${names.text(first.units[compound]!)} at ${where}`, {
          code: 'unit',
          location: { file: input.name, ...(line !== undefined ? { line } : {}) },
          hint: 'a compound is dosed in molar units or in mass units (ng/mL, ug/mL), never both: there is no molar mass to convert with; use one kind throughout (or name different agents differently)',
        }),
        input.name,
      );
    }
  }
  return undefined;
}

/**
 * The check (label values, joined) of each plate of an input, for its time-zero reads: a tidy
 * CSV's plates say theirs (one check per plate, PlateChecks), an export's are its manifest row's;
 * "" without label columns, or for a plate that names none.
 */
function plateCheckOf(plan: InputPlan, indexes: readonly ChunkIndex[], settings: EngineSettings): (set: ControlSet) => string {
  const keys = settings.read.labelColumns ?? [];
  if (keys.length === 0) return () => '';
  const join = (values: readonly string[]) => (values.every((v) => v === '') ? '' : values.join('\u0001'));
  const own = join(keys.map((key) => plan.spec.labels?.[key] ?? ''));
  const plates = new Map<string, string[]>();
  for (const g of plan.chunks) {
    for (const p of indexes[g]!.plateLabels ?? []) {
      const key = `${p.plate}\u0000${p.experiment}`;
      const values = plates.get(key);
      if (!values) plates.set(key, [...p.values]);
      else p.values.forEach((v, k) => (values[k] ||= v));
    }
  }
  return (set) => {
    const values = plates.get(`${set.plate}\u0000${set.experiment}`);
    return values ? join(values) : own;
  };
}

/**
 * Merges the first pass's chunk indexes into the plan of the second: line numbers made absolute
 * (a chunk counts its lines from 1), the inputs that cannot be used (a reading error, a plate
 * that cannot be normalized, the same plate read twice), every plate's normalization and QC, and
 * every curve with the chunks that hold it. Chunks are given in the analysis' order, indexes by
 * the same position; their curves were gathered as they arrived (`sightings`, let go here: the
 * plan keeps one table of the usable inputs' curves).
 */
export function buildPlan(inputs: readonly InputSpec[], chunks: readonly Chunk[], indexes: readonly ChunkIndex[], settings: EngineSettings, sightings: CurveSightings): Plan {
  const plans: InputPlan[] = inputs.map((spec) => ({ spec, chunks: [], lineOffsets: [], error: undefined, normalizations: [] }));
  chunks.forEach((chunk, g) => plans[chunk.input]!.chunks.push(g));
  let curves: CurveTable | undefined;
  const chunkCurves: Int32Array[] = chunks.map(() => NO_CURVES);
  const plates: PlateQc[] = [];
  const plateMaps: PlateMap[] = [];
  const warnings: Warning[] = [];
  const fingerprints = new Map<string, { file: string; plate: string }>();
  const firstKinds = new FirstKinds(sightings.names.size);
  const unconverted = new Set<number>();
  let samples = 0;
  let excluded = 0;

  // Every input's controls, and the run's time-zero reads (a time-zero plate may be its own file).
  const collectors = plans.map((plan) => {
    const controls = new ControlCollector();
    if (!settings.normalize) return controls;
    let offset = 0;
    for (const g of plan.chunks) {
      controls.merge(indexes[g]!.controls, offset);
      offset += indexes[g]!.lines;
    }
    return controls;
  });
  const timeZero = new TimeZeroIndex();
  plans.forEach((plan, i) => {
    if (plan.chunks.every((g) => !indexes[g]!.error)) timeZero.add(collectors[i]!.sets.values(), plateCheckOf(plan, indexes, settings));
  });
  const doublingTimes = new Map(settings.growth?.doublingTimes ?? []);

  for (const plan of plans) {
    const input = plan.spec;
    let offset = 0;
    for (const g of plan.chunks) {
      plan.lineOffsets.push(offset);
      const index = indexes[g]!;
      if (index.error && !plan.error) {
        const e = index.error;
        plan.error = e.line !== undefined && e.file === input.name ? { ...e, line: e.line + offset } : e;
      }
      offset += index.lines;
    }
    if (plan.error) continue;
    const inputWarnings: Warning[] = [];
    plan.chunks.forEach((g, k) => inputWarnings.push(...indexes[g]!.warnings.map((w) => shifted(w, plan.lineOffsets[k]!))));

    // The same plate read twice (a copy of a file, or one file given twice) would count its wells twice.
    const byPlate = new Map<string, { a: number; b: number; readings: number }>();
    for (const g of plan.chunks) {
      for (const mark of indexes[g]!.plates) {
        const p = byPlate.get(mark.plate) ?? { a: 0, b: 0, readings: 0 };
        p.a = (Math.imul(p.a ^ mark.hash[0], 16777619) >>> 0) ^ mark.readings;
        p.b = (Math.imul(p.b ^ mark.hash[1], 2246822519) >>> 0) ^ mark.readings;
        p.readings += mark.readings;
        byPlate.set(mark.plate, p);
      }
    }
    for (const [plate, p] of byPlate) {
      if (p.readings < DUPLICATE_MIN_READINGS) continue;
      const fingerprint = `${p.a}:${p.b}:${p.readings}`;
      const seen = fingerprints.get(fingerprint);
      if (seen && seen.file !== input.name) {
        plan.error = toFileError(
          new Ic50Error(`plate "${plate}" has the same ${p.readings} readings as plate "${seen.plate}" of ${seen.file}: the same plate read twice`, {
            code: 'duplicate',
            location: { file: input.name },
            hint: 'pooling it again would count every well twice; remove the copy (or give each file once)',
          }),
          input.name,
        );
        break;
      }
      if (!seen) fingerprints.set(fingerprint, { file: input.name, plate });
    }
    if (plan.error) continue;

    // One check per plate, across the chunks of a large tidy CSV too.
    if (plan.chunks.length > 1 && settings.read.labelColumns && settings.read.labelColumns.length > 0) {
      const checks = new PlateChecks(settings.read.labelColumns, input.name);
      try {
        plan.chunks.forEach((g, k) => {
          for (const p of indexes[g]!.plateLabels ?? []) {
            p.values.forEach((value, i) => checks.add(p.plate, p.experiment, p.values.map((v, j) => (j === i ? v : '')), p.lines[i], plan.lineOffsets[k]!));
          }
        });
      } catch (error) {
        if (!(error instanceof Ic50Error)) throw error;
        plan.error = toFileError(error, input.name);
        continue;
      }
    }

    // One compound, one kind of unit: log10 molar and log10 g/L values cannot share an axis.
    plan.error = unitKindConflict(input, plan, sightings, firstKinds, inputs);
    if (plan.error) continue;

    // Normalization of every plate and cell line, from the controls of all its chunks.
    let inputPlates: PlateQc[] = [];
    if (settings.normalize) {
      const controls = collectors[input.index]!;
      const signals = new Map(plan.chunks.flatMap((g) => indexes[g]!.signals));
      try {
        const normalization = planNormalization(controls.sets.values(), { qc: settings.qc, signals, timeZero, doublingTimes, assayHours: settings.growth?.assayHours });
        plan.normalizations = [...normalization.byKey];
        inputPlates = normalization.plates;
        inputWarnings.push(...normalization.warnings);
      } catch (error) {
        if (!(error instanceof Ic50Error)) throw error;
        plan.error = toFileError(error, input.name);
        continue;
      }
    }
    plates.push(...inputPlates);
    warnings.push(...inputWarnings);
    for (const g of plan.chunks) plateMaps.push(...indexes[g]!.plateMaps);

    plan.chunks.forEach((g) => {
      samples += indexes[g]!.samples;
      excluded += indexes[g]!.excluded;
    });
    const names = sightings.names;
    for (const part of sightings.partsOf(input.index)) {
      for (let m = 0; m < part.unconverted.length; m += 2) {
        const compound = part.unconverted[m]!;
        if (unconverted.has(compound)) continue;
        unconverted.add(compound);
        const unit = names.text(part.unconverted[m + 1]!);
        warnings.push({
          location: { file: input.name },
          message: `compound "${names.text(compound)}" is dosed in ${unit}, a ${unitKind(unit) === 'mass' ? 'mass' : 'molar'} unit: reported in ${unit}, not ${settings.unitOut} (--unit-out converts only within molar or within mass units)`,
        });
      }
    }
    // The input's curves join the plan's: the first usable input's table becomes it.
    const table = sightings.takeTable(input.index);
    if (table) {
      const chunkOf = (part: number) => plan.chunks[part]!;
      let into: Int32Array | undefined;
      if (!curves) {
        table.mapChunks(chunkOf);
        curves = table;
      } else into = curves.merge(table, chunkOf);
      sightings.partsOf(input.index).forEach((part, k) => {
        chunkCurves[plan.chunks[k]!] = into ? part.curves.map((i) => into[i]!) : part.curves;
      });
    }
    sightings.release(input.index);
  }
  for (const plan of plans) if (plan.error) sightings.reset(plan.spec.index);
  // Every exclusion must name wells that exist (checked before anything is written).
  const userExcluded: ExclusionHit[] = [];
  const exclusions = settings.read.exclusions ?? [];
  if (exclusions.length > 0) {
    const usable = plans.filter((p) => !p.error);
    const plateIds = new Set<string>();
    for (const plan of usable) {
      for (const g of plan.chunks) {
        for (const mark of indexes[g]!.plates) plateIds.add(mark.plate);
        userExcluded.push(...indexes[g]!.exclusionHits);
      }
    }
    for (const hit of userExcluded) plateIds.add(hit.plate);
    checkExclusions(exclusions, userExcluded, [...plateIds], plans.filter((p) => p.error).map((p) => p.spec.name));
  }
  return { inputs: plans, chunks, curves: curves ?? new CurveTable(sightings.names), chunkCurves, plates, plateMaps, warnings, samples, excluded, userExcluded };
}
