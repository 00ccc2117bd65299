/**
 * The fuzz properties, each an arbitrary and a predicate that throws on a bug. The fixed-seed
 * tests run them with few cases; the long run (scripts/fuzz.ts) with many and random seeds.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ic50Error } from '../../src/errors.js';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import { decodeText } from '../../src/readers/decodeText.js';
import { tablesFromXlsx } from '../../src/readers/xlsxTables.js';
import { readLayout } from '../../src/layouts/readLayout.js';
import { readPlateMap } from '../../src/layouts/readPlateMap.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { normalizePlates } from '../../src/plate/normalize.js';
import { analyze } from '../../src/index.js';
import { readPlates } from '../../src/readers/readPlates.js';
import { tableFromText, type CellTable } from '../../src/readers/cellTable.js';
import { READERS } from '../../src/readers/index.js';
import type { RawPlate } from '../../src/readers/rawPlate.js';
import { looksTidy, readTidyCsv } from '../../src/readers/tidyCsv.js';
import type { Curve, WellRecord, WellRole } from '../../src/types.js';
import {
  checkFit,
  checkIc50Error,
  checkLayouts,
  checkMessage,
  checkPlates,
  checkReport,
  reportOfFits,
  dispenserSeeds,
  e2eSeeds,
  exportSeeds,
  hostileBytes,
  InvariantError,
  layoutSeeds,
  mutate as mutateText,
  mutatedSeed,
  outcome,
  ROOT,
  tidySeeds,
  xlsxSeeds,
  type Mutation,
  type Seed,
} from './harness.js';

/** A property: an arbitrary and a check that throws on a bug (sync or async). */
export interface Property<T> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly check: (value: T) => void | Promise<void>;
  /** The input file(s) of a case, written out for the CLI sample of the long run. */
  readonly files?: (value: T) => { data: string; map?: string; args: string[] } | null;
}

function fail(message: string, detail?: unknown): never {
  throw new InvariantError(message, detail);
}

/** Knobs the long run turns: the longest line a mutation inserts; more exports to mutate. */
export const settings: { maxLong: number; extraExports: Seed[] } = { maxLong: 20_000, extraExports: [] };

let cachedSeeds: { exports: Seed[]; layouts: Seed[]; tidy: Seed[] } | undefined;
function seeds() {
  cachedSeeds ??= { exports: [...exportSeeds(), ...settings.extraExports], layouts: layoutSeeds(), tidy: tidySeeds() };
  return cachedSeeds;
}

// ------------------------------------------------------------------------------------ readers

/** Every reader's detect (never throws) and read (plates or an Ic50Error) on a table. */
export function checkAllReaders(table: CellTable): void {
  for (const reader of READERS) {
    try {
      reader.detect(table);
    } catch (error) {
      fail(`${reader.id}.detect threw: ${(error as Error).stack ?? String(error)}`);
    }
    // --reader forces any reader on any file: read must cope with whatever it is given.
    const result = outcome(table.source, () => reader.read(table));
    if ('value' in result) checkPlates(result.value, table.source);
  }
  const chosen = outcome(table.source, () => readPlates([table], table.source));
  if ('value' in chosen) checkPlates(chosen.value.plates, table.source);
}

/** Anything a text file can be, through every reader, the layout parser and the tidy reader. */
export function checkText(text: string, source: string): void {
  // tableFromText refuses only a line beyond the limit, with an Ic50Error naming the file and line.
  const read = outcome(source, () => tableFromText(text, source));
  if ('error' in read) {
    if (read.error.code !== 'limit') fail(`tableFromText threw: ${read.error.describe()}`);
    return;
  }
  const table = read.value;
  checkAllReaders(table);
  let tidy = false;
  try {
    tidy = looksTidy(text);
  } catch (error) {
    fail(`looksTidy threw: ${(error as Error).stack}`);
  }
  if (tidy) checkTidy(text, source);
  const layouts = outcome(source, () => readLayout(text, source, { unit: parseConcentrationUnit('uM')!, cellLine: 'X' }));
  if ('value' in layouts) checkLayouts(layouts.value, source);
}

export const bytesProperty: Property<Uint8Array> = {
  name: 'decodeText and every reader on arbitrary bytes',
  get arbitrary() {
    return hostileBytes(seeds().exports);
  },
  check(bytes) {
    let text: string | null;
    try {
      text = decodeText(bytes);
    } catch (error) {
      return fail(`decodeText threw: ${(error as Error).stack}`);
    }
    if (text === null) {
      if (!bytes.subarray(0, 65536).includes(0)) fail('decodeText refused bytes without a NUL');
      return;
    }
    checkText(text, 'bytes.bin');
  },
};

export const readersProperty: Property<{ text: string; seed: Seed; mutations: readonly Mutation[] }> = {
  name: 'every reader on mutated exports',
  get arbitrary() {
    return mutatedSeed(seeds().exports, { maxLong: settings.maxLong });
  },
  check({ text, seed }) {
    checkAllReaders(tableFromText(text, seed.name));
  },
};

/** Wells by (plate id, read label, row, column) → value, for comparing two readings of a file. */
function wellValues(plates: readonly RawPlate[]): Map<string, number> {
  const out = new Map<string, number>();
  plates.forEach((plate, p) => {
    for (const read of plate.reads) {
      read.values.forEach((v, i) => out.set(`${p}\u0000${plate.id}\u0000${read.label}\u0000${Math.floor(i / plate.columns)}\u0000${i % plate.columns}`, v));
    }
  });
  return out;
}

function notesOf(plates: readonly RawPlate[]): number {
  return plates.reduce((n, p) => n + p.notes.length, 0);
}

/**
 * A short row or an unreadable cell never moves a value to another well unnoticed: after one
 * cell of an export is deleted (a short row) or replaced with text, every well keeps its value,
 * loses it (NaN: a marker, or not read), or the reader says something (a note, an error).
 */
export const silentShiftProperty: Property<{ seed: Seed; line: number; cell: number; replace: string | null }> = {
  name: 'no value silently moves to another well',
  get arbitrary() {
    return fc.record({
      seed: fc.constantFrom(...seeds().exports),
      line: fc.nat({ max: 100_000 }),
      cell: fc.nat({ max: 80 }),
      replace: fc.option(fc.constantFrom('', 'abc', 'OVRFLW', '#N/A', 'NaN', '-', 'x y')),
    });
  },
  check({ seed, line, cell, replace }) {
    const original = tableFromText(seed.text, seed.name);
    const reader = READERS.find((r) => r.detect(original));
    if (!reader) return;
    const before = reader.read(original);
    const lines = seed.text.split('\n');
    const at = line % lines.length;
    const text = lines[at]!;
    const cr = text.endsWith('\r');
    const body = cr ? text.slice(0, -1) : text;
    const delimiter = original.delimiter || ',';
    const cells = body.split(delimiter);
    if (cells.length < 2) return;
    const k = cell % cells.length;
    if (replace === null) cells.splice(k, 1);
    else cells[k] = replace;
    lines[at] = cells.join(delimiter) + (cr ? '\r' : '');
    const table = tableFromText(lines.join('\n'), seed.name);
    const result = outcome(seed.name, () => reader.read(table));
    if ('error' in result) return;
    const after = result.value;
    checkPlates(after, seed.name);
    if (notesOf(after) > notesOf(before)) return;
    const was = wellValues(before);
    for (const [key, value] of wellValues(after)) {
      const old = was.get(key);
      if (old === undefined || Number.isNaN(value)) continue;
      if (!Object.is(old, value)) {
        const [, id, label, row, column] = key.split('\u0000');
        fail(`line ${at + 1} ${replace === null ? `lost cell ${k + 1}` : `cell ${k + 1} became "${replace}"`}: plate ${id} read "${label}" well (${row}, ${column}) went from ${old} to ${value} without a note`);
      }
    }
  },
};

// --------------------------------------------------------------------------------------- xlsx

export const xlsxProperty: Property<{ name: string; bytes: Uint8Array; flips: [number, number][]; cut: number | null }> = {
  name: 'tablesFromXlsx and the readers on damaged workbooks',
  get arbitrary() {
    return fc.record({
      ...{ workbook: fc.constantFrom(...xlsxSeeds()) },
      flips: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat()),
    }).map(({ workbook, flips, cut }) => ({ name: workbook.name, bytes: workbook.bytes, flips, cut }));
  },
  async check({ name, bytes, flips, cut }) {
    const damaged = bytes.slice(0, cut === null ? bytes.length : Math.max(5, cut % (bytes.length + 1)));
    for (const [i, b] of flips) damaged[i % damaged.length] = b;
    let tables: CellTable[];
    try {
      tables = await tablesFromXlsx(damaged, name);
    } catch (error) {
      checkIc50Error(error, name);
      return;
    }
    for (const table of tables) checkAllReaders(table);
  },
};

/** Cells of an xlsx sheet replaced, as a table (no delimiter, no decimal comma). */
export const xlsxCellsProperty: Property<{ index: number; edits: [number, number, string][] }> = {
  name: 'every reader on xlsx sheets with cells replaced',
  arbitrary: fc.record({
    index: fc.nat(),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.constantFrom('', 'abc', 'NaN', '1e308', '-1', 'Infinity', '1e999', 'A1', '01', 'Plate:')), { minLength: 1, maxLength: 6 }),
  }),
  async check({ index, edits }) {
    const workbooks = xlsxSeeds();
    const workbook = workbooks[index % workbooks.length]!;
    for (const sheet of await tablesFromXlsx(workbook.bytes, workbook.name)) {
      const rows = sheet.rows.map((r) => [...r]);
      if (rows.length === 0) continue;
      for (const [r, c, text] of edits) {
        const row = rows[r % rows.length]!;
        row[c % (row.length + 1)] = text;
      }
      checkAllReaders({ ...sheet, rows });
    }
  },
};

// -------------------------------------------------------------------------------------- layouts

const LAYOUT_OPTIONS = [{}, { unit: parseConcentrationUnit('uM')! }, { cellLine: 'X' }, { unit: parseConcentrationUnit('log10 M')!, cellLine: 'X' }];

export const layoutProperty: Property<{ text: string; seed: Seed; option: number }> = {
  name: 'readLayout on mutated plate maps',
  get arbitrary() {
    return fc.tuple(mutatedSeed(seeds().layouts, { maxLong: settings.maxLong }), fc.nat({ max: LAYOUT_OPTIONS.length - 1 })).map(([m, option]) => ({ ...m, option }));
  },
  check({ text, seed, option }) {
    const result = outcome(seed.name, () => readLayout(text, seed.name, LAYOUT_OPTIONS[option]!));
    if ('value' in result) checkLayouts(result.value, seed.name);
    else checkMessage(result.error.describe(), text);
  },
};

const STOCK = readFileSync(join(ROOT, 'test/fixtures/maps/echo-stock.csv'));

/** readPlateMap (D300 protocols, Echo reports with their stock, titled blocks) on mutated maps. */
export const plateMapProperty: Property<{ text: string; seed: Seed; option: number }> = {
  name: 'readPlateMap on mutated D300 protocols, Echo reports and block maps',
  get arbitrary() {
    return fc.tuple(mutatedSeed(dispenserSeeds(), { maxLong: settings.maxLong }), fc.nat({ max: LAYOUT_OPTIONS.length - 1 })).map(([m, option]) => ({ ...m, option }));
  },
  async check({ text, seed, option }) {
    const files = { bytes: new TextEncoder().encode(text), echoStock: { name: 'echo-stock.csv', bytes: new Uint8Array(STOCK) } };
    let reading;
    try {
      reading = await readPlateMap(seed.name, files, { ...LAYOUT_OPTIONS[option]!, assayVolume: 25e-6 });
    } catch (error) {
      // The stock file may be named instead of the map (a source well it lacks).
      const named = error instanceof Ic50Error && error.describe().includes('echo-stock.csv') ? 'echo-stock.csv' : seed.name;
      checkMessage(checkIc50Error(error, named).describe(), text);
      return;
    }
    checkLayouts(reading.layouts, seed.name);
    for (const note of reading.notes) checkMessage(note, text);
  },
};

// ------------------------------------------------------------------------------------ tidy CSV

/** The wells of a tidy CSV are usable as they are: samples placed, signals finite or excluded. */
export function checkTidy(text: string, file: string, options: { unit?: string; cellLine?: string; strict?: boolean } = {}): void {
  const unit = options.unit === undefined ? undefined : parseConcentrationUnit(options.unit)!;
  const result = outcome(file, () => readTidyCsv(text, file, { unit, cellLine: options.cellLine, strict: options.strict }));
  if ('error' in result) {
    checkMessage(result.error.describe(), text);
    return;
  }
  const { wells, warnings } = result.value;
  if (wells.length === 0) fail('readTidyCsv returned no wells');
  for (const w of wells) {
    if (w.location.file !== file) fail(`well location ${w.location.file}`);
    if (w.role === 'sample') {
      if (!Number.isFinite(w.log10Molar)) fail(`sample well on line ${w.location.line} has log10 concentration ${w.log10Molar}`, w);
      if (w.unit === '' || w.cellLine === '' || w.compound === '') fail(`sample well on line ${w.location.line} lacks unit, cell line or compound`, w);
    }
    if (w.role !== 'exclude' && !Number.isFinite(w.signal)) fail(`${w.role} well on line ${w.location.line} has signal ${w.signal}`, w);
  }
  for (const warning of warnings) checkMessage(warning.message, text);
}

const TIDY_OPTIONS = [{}, { unit: 'nM' }, { cellLine: 'X', unit: 'log10 M' }, { strict: true, cellLine: 'X' }];

export const tidyProperty: Property<{ text: string; seed: Seed; option: number }> = {
  name: 'readTidyCsv on mutated tidy CSVs',
  get arbitrary() {
    return fc.tuple(mutatedSeed(seeds().tidy, { maxLong: settings.maxLong }), fc.nat({ max: TIDY_OPTIONS.length - 1 })).map(([m, option]) => ({ ...m, option }));
  },
  check({ text, seed, option }) {
    try {
      looksTidy(text);
    } catch (error) {
      fail(`looksTidy threw: ${(error as Error).stack}`);
    }
    checkTidy(text, seed.name, TIDY_OPTIONS[option]!);
  },
};

// ----------------------------------------------------------------------- synthetic tidy curves

const concentrationArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -15, max: 3, noNaN: true }).map((e) => 10 ** e) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1e-300, 5e-324, 1e300, 1e308, 1e-15, 1e3, Number.MAX_VALUE) },
);
const responseArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -50, max: 150, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e308, -1e308, 1e-308, 5e-324, 100, Number.MAX_VALUE, -Number.MAX_VALUE) },
  { weight: 1, arbitrary: fc.double() },
);

/** A tidy CSV written from random wells: every number finite or not, any count of rows. */
export const syntheticTidyArb = fc
  .record({
    rows: fc.oneof(
      fc.constant(0),
      fc.constant(1),
      fc.array(fc.tuple(fc.constantFrom('a', 'b'), concentrationArb, responseArb), { maxLength: 60 }),
    ),
    identical: fc.option(responseArb),
    vehicle: fc.array(responseArb, { maxLength: 4 }),
    blank: fc.array(responseArb, { maxLength: 4 }),
    unit: fc.constantFrom('M', 'nM', 'log10 M'),
  })
  .map(({ rows, identical, vehicle, blank, unit }) => {
    const list = typeof rows === 'number' ? Array.from({ length: rows }, () => ['a', 1e-6, 50] as [string, number, number]) : rows;
    const fmt = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '1e999' : v < 0 ? '-1e999' : 'NaN');
    const concentration = (c: number) => (unit === 'log10 M' ? Math.log10(c) : unit === 'nM' ? c * 1e9 : c);
    const lines = ['cell_line,compound,concentration,signal,unit'];
    for (const [drug, c, y] of list) lines.push(`L,${drug},${fmt(concentration(c))},${fmt(identical ?? y)},${unit}`);
    for (const y of vehicle) lines.push(`L,DMSO,0,${fmt(y)},${unit}`);
    for (const y of blank) lines.push(`,medium,,${fmt(y)},${unit}`);
    return lines.join('\n') + '\n';
  });

export const syntheticTidyProperty: Property<string> = {
  name: 'analyze on synthetic tidy CSVs (0 / 1 / many rows, 1e-15…1e3 M, ±1e308)',
  arbitrary: syntheticTidyArb,
  async check(text) {
    checkTidy(text, 'synthetic.csv');
    for (const normalize of [true, false]) await checkAnalyze([{ name: 'synthetic.csv', text }], { normalize }, text);
  },
  files: (text) => ({ data: text, args: [] }),
};

// ------------------------------------------------------------------------------------- analyze

export async function checkAnalyze(sources: Parameters<typeof analyze>[0], options: Parameters<typeof analyze>[1], input: string): Promise<void> {
  let report;
  try {
    report = await analyze(sources, options);
  } catch (error) {
    if (error instanceof InvariantError) throw error;
    if (!(error instanceof Ic50Error)) fail(`analyze threw ${(error as Error).stack}`);
    // Only errors about no one file escape analyze: an unknown --parental, or nothing usable at all.
    if (!/--parental|--pair/.test(error.message) && error.code !== 'no_data') fail(`analyze threw an Ic50Error about a file: ${error.describe()}`);
    return;
  }
  checkReport(report, input);
  for (const plate of report.plates) for (const reason of plate.reasons) checkMessage(reason, input);
  for (const error of report.errors) {
    const maps = Array.isArray(options?.map) ? (options.map as readonly { source: string }[]) : [];
    if (!sources.some((s) => s.name === error.file) && !maps.some((l) => l.source === error.file)) {
      fail(`error names ${error.file}, which is no input`, error);
    }
  }
}

export const e2eProperty: Property<{ index: number; plateMaps: boolean; dataMutations: readonly Mutation[]; mapMutations: readonly Mutation[]; data: string; map: string }> = {
  name: 'analyze end to end on mutated exports and maps',
  get arbitrary() {
    const pairs = e2eSeeds();
    return fc
      .record({
        index: fc.nat({ max: pairs.length - 1 }),
        which: fc.constantFrom('data', 'map', 'both'),
        data: mutatedSeed([{ name: 'x', text: '' }], { maxMutations: 3, maxLong: settings.maxLong }),
        map: mutatedSeed([{ name: 'x', text: '' }], { maxMutations: 2, maxLong: settings.maxLong }),
        plateMaps: fc.boolean(),
      })
      .map(({ index, which, data, map, plateMaps }) => {
        const pair = pairs[index]!;
        const dataMutations = which === 'map' ? [] : data.mutations;
        const mapMutations = which === 'data' ? [] : map.mutations;
        return {
          index,
          plateMaps,
          dataMutations,
          mapMutations,
          data: dataMutations.reduce((t, m) => mutateText(t, m), pair.data.text),
          map: mapMutations.reduce((t, m) => mutateText(t, m), pair.map.text),
        };
      });
  },
  async check({ index, data, map }) {
    const pair = e2eSeeds()[index]!;
    const layouts = outcome(pair.map.name, () => readLayout(map, pair.map.name, pair.options));
    if ('error' in layouts) return;
    checkLayouts(layouts.value, pair.map.name);
    await checkAnalyze([{ name: pair.data.name, text: data }], { ...pair.options, map: layouts.value }, data + map);
  },
  files: ({ index, data, map }) => {
    const pair = e2eSeeds()[index]!;
    const args: string[] = [];
    if (pair.options.unit) args.push('--unit', pair.options.unit.name);
    if (pair.options.cellLine) args.push('--cell-line', pair.options.cellLine);
    if (pair.options.parental) args.push('--parental', pair.options.parental);
    return { data, map, args };
  },
};


/** The statistics options, drawn at random: every combination must give results, flags or errors. */
interface StatsOptions {
  readonly model: 'll3' | 'll4' | 'll5';
  readonly outliers: 'off' | 'flag' | 'remove';
  readonly ci: 'wald' | 'profile';
  readonly weights: 'none' | '1/y2';
}
const statsArb: fc.Arbitrary<StatsOptions> = fc.record({
  model: fc.constantFrom('ll4', 'll4', 'll3', 'll5'),
  outliers: fc.constantFrom('off', 'off', 'flag', 'remove'),
  ci: fc.constantFrom('wald', 'wald', 'profile'),
  weights: fc.constantFrom('none', 'none', '1/y2'),
});
const statsArgs = (o: StatsOptions): string[] => ['--model', o.model, '--outliers', o.outliers, '--ci', o.ci, '--weights', o.weights];

export const tidyAnalyzeProperty: Property<{ text: string; seed: Seed; stats: StatsOptions }> = {
  name: 'analyze on mutated tidy CSVs',
  get arbitrary() {
    return fc.tuple(mutatedSeed(seeds().tidy, { maxLong: settings.maxLong }), statsArb).map(([m, stats]) => ({ ...m, stats }));
  },
  async check({ text, seed, stats }) {
    await checkAnalyze([{ name: seed.name, text }], { parental: seed.name.includes('mm1s') ? 'MM1S WT' : undefined, ...stats }, text);
  },
  files: ({ text, seed, stats }) => ({ data: text, args: [...(seed.name.includes('mm1s') ? ['--parental', 'MM1S WT'] : []), ...statsArgs(stats)] }),
};

// ----------------------------------------------------------------------------------- normalize

const roleArb = fc.constantFrom<WellRole>('sample', 'vehicle', 'blank', 'positive', 'exclude');
const wellArb: fc.Arbitrary<WellRecord> = fc
  .record({
    plate: fc.constantFrom('p1', 'p2'),
    role: roleArb,
    cellLine: fc.constantFrom('', 'L1', 'L2'),
    compound: fc.constantFrom('d', 'e', 'PBS', ''),
    log10Molar: fc.oneof(fc.double({ min: -15, max: 3, noNaN: true }), fc.constant(Number.NaN)),
    signal: fc.oneof({ weight: 3, arbitrary: fc.double({ min: -1e3, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: responseArb }, { weight: 1, arbitrary: fc.constant(Number.NaN) }),
    roleInferred: fc.boolean(),
  })
  .map((w) => ({ ...w, location: { file: 'n.csv', line: 2 }, unit: 'nM' }));

export const normalizeProperty: Property<{ wells: WellRecord[]; normalized: boolean }> = {
  name: 'normalizePlates on random wells',
  arbitrary: fc.record({ wells: fc.array(wellArb, { maxLength: 40 }), normalized: fc.boolean() }),
  check({ wells, normalized }) {
    const result = outcome('n.csv', () => normalizePlates(wells, { normalized }));
    if ('error' in result) {
      checkMessage(result.error.describe(), '');
      return;
    }
    const { wells: out, warnings, plates } = result.value;
    for (const w of out) {
      if (Number.isFinite(w.well.signal) && !Number.isFinite(w.response)) fail(`finite signal ${w.well.signal} normalized to ${w.response}`);
    }
    for (const warning of warnings) checkMessage(warning.message, '');
    for (const plate of plates) for (const reason of plate.reasons) checkMessage(reason, '');
  },
};

// ----------------------------------------------------------------------------------------- fit

/** Largest number of Levenberg–Marquardt iterations a fit may report (the solver's own cap). */
export const MAX_ITERATIONS = 500;

const curveArb = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.tuple(fc.double({ min: -15, max: 3, noNaN: true }), responseArb), { maxLength: 40 }) },
  // Replicates at few concentrations, all identical or all NaN responses.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(fc.double({ min: -15, max: 3, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(50, 0, 100, Number.NaN, 1e308, -1e308),
        fc.integer({ min: 1, max: 3 }),
      )
      .map(([us, y, reps]) => us.flatMap((u) => Array.from({ length: reps }, () => [u, y] as [number, number]))),
  },
  // A clean sigmoid over 1e-15…1e3 M with some noise, the IC50 anywhere.
  {
    weight: 2,
    arbitrary: fc
      .record({
        low: fc.double({ min: -15, max: 2, noNaN: true }),
        width: fc.double({ min: 0.5, max: 18, noNaN: true }),
        n: fc.integer({ min: 1, max: 24 }),
        theta: fc.double({ min: -20, max: 8, noNaN: true }),
        hill: fc.double({ min: 0.01, max: 50, noNaN: true }),
        top: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        bottom: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        noise: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 24, maxLength: 24 }),
      })
      .map(({ low, width, n, theta, hill, top, bottom, noise }) =>
        Array.from({ length: n }, (_, i) => {
          const u = low + (n > 1 ? (width * i) / (n - 1) : 0);
          return [u, bottom + (top - bottom) / (1 + 10 ** (hill * (u - theta))) + noise[i]!] as [number, number];
        }),
      ),
  },
  // Anything at all, NaN and infinities included.
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 12 }) },
);

export const fitProperty: Property<[number, number][]> = {
  name: 'fitCurve and fitDoseResponse on random curves',
  arbitrary: curveArb,
  check(points) {
    const u = points.map((p) => p[0]);
    const y = points.map((p) => p[1]);
    let solution;
    try {
      solution = fitCurve(u, y);
    } catch (error) {
      return fail(`fitCurve threw: ${(error as Error).stack}`);
    }
    if (solution.iterations > MAX_ITERATIONS) fail(`fitCurve took ${solution.iterations} iterations`);
    if (solution.data.nPoints > 0 && solution.converged && !Number.isFinite(solution.rss)) fail(`converged with RSS ${solution.rss}`);
    if (solution.converged) for (const v of solution.parameters) if (!Number.isFinite(v)) fail(`converged fitCurve with parameter ${v}`);
    const curve: Curve = { cellLine: 'L', compound: 'd', plates: ['p'], unit: 'nM', log10Molar: u, response: y, noBlank: false };
    for (const model of ['ll4', 'll5'] as const) {
      let fit;
      try {
        fit = fitDoseResponse(curve, { model });
      } catch (error) {
        return fail(`fitDoseResponse (${model}) threw: ${(error as Error).stack}`);
      }
      checkFit(fit);
      checkReport(reportOfFits([fit]), '');
    }
  },
};

/** Every property, for the long run. */
export const PROPERTIES: readonly Property<never>[] = [
  bytesProperty,
  readersProperty,
  silentShiftProperty,
  xlsxProperty,
  xlsxCellsProperty,
  layoutProperty,
  plateMapProperty,
  tidyProperty,
  syntheticTidyProperty,
  e2eProperty,
  tidyAnalyzeProperty,
  normalizeProperty,
  fitProperty,
] as unknown as Property<never>[];
