/**
 * Hostile-input harness shared by the fixed-seed fuzz tests (test/fuzz/*.test.ts) and the long
 * run (scripts/fuzz.ts → test/fuzz/longRun.ts): seed files, mutations, and the invariants every
 * outcome must keep. Invariant checks throw a plain Error (a property failure), never use vitest,
 * so the long run can use them outside a test.
 *
 * The outcome rules: a result, a result with flags or notes, or an Ic50Error naming the
 * file — never another exception, never a non-finite number in a written report, never a value
 * that silently moved to another well.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ic50Error } from '../../src/errors.js';
import { decodeText } from '../../src/readers/decodeText.js';
import type { PlateLayout } from '../../src/layouts/plateLayout.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { parseWellId, PLATE_SIZES } from '../../src/plate/wellId.js';
import type { AnalyzeOptions } from '../../src/index.js';
import type { RawPlate } from '../../src/readers/rawPlate.js';
import type { CurveFit, Flag, Report } from '../../src/types.js';

/** A report of fits alone (no comparisons), for checking what the writers make of them. */
export function reportOfFits(fits: CurveFit[]): Report {
  return { fits, summaries: [], comparisons: [], rows: fits.map((fit) => ({ kind: 'fit', fit })), plates: [], plateMaps: [], warnings: [], errors: [], inputs: 0 };
}
import { writeDelimited } from '../../src/writers/delimited.js';
import { writeJson, writeNdjson } from '../../src/writers/json.js';
import { COLUMNS } from '../../src/writers/records.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures');

/** A seed file for mutation: its name (as the source name) and its decoded text. */
export interface Seed {
  readonly name: string;
  readonly text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function seedOf(path: string): Seed {
  const text = decodeText(readFileSync(path));
  if (text === null) throw new Error(`${path} is not text`);
  return { name: relative(ROOT, path), text };
}

/** Plate-reader exports (every text fixture that is not a plate map or a generator). */
export function exportSeeds(): Seed[] {
  return walk(FIXTURES)
    .filter((p) => /\.(csv|txt)$/.test(p) && !p.includes('/layouts/') && !p.includes('/maps/') && !/-map\.csv$|dilution\.csv$/.test(p))
    .sort()
    .map(seedOf);
}

/** Plate maps: long, grid of grids, dilution descriptions. */
export function layoutSeeds(): Seed[] {
  const maps = walk(join(FIXTURES, 'layouts')).filter((p) => p.endsWith('.csv'));
  const e2e = walk(join(FIXTURES, 'e2e')).filter((p) => /-map\.csv$|dilution\.csv$/.test(p));
  return [...maps, ...e2e].sort().map(seedOf);
}

/** Plate maps that are dispenser files or drawn per variable: D300 protocols and reports (Excel XML), Echo reports, titled blocks. */
export function dispenserSeeds(): Seed[] {
  return walk(join(FIXTURES, 'maps'))
    .filter((p) => /\.(tdd|csv|xml)$/.test(p) && !p.endsWith('echo-stock.csv'))
    .sort()
    .map(seedOf);
}

/** .xlsx workbooks, as bytes. */
export function xlsxSeeds(): { name: string; bytes: Uint8Array }[] {
  return walk(join(FIXTURES, 'xlsx'))
    .filter((p) => p.endsWith('.xlsx'))
    .sort()
    .map((p) => ({ name: relative(ROOT, p), bytes: new Uint8Array(readFileSync(p)) }));
}

/** Tidy CSVs: the example data set, and a small one with a role column and units in cells. */
export function tidySeeds(): Seed[] {
  const example = seedOf(join(ROOT, 'fixtures/mm1s-celltiter-glo.csv'));
  const small = [
    'plate;well;cell_line;compound;concentration;signal;role',
    ...[10, 3, 1, 0.3, 0.1, 0.03].flatMap((c, i) => [
      `P1;A${i + 1};HeLa;drugA;${String(c).replace('.', ',')} µM;${Math.round(1000 / (1 + c))},5;sample`,
      `P1;B${i + 1};HeLa;drugA;${String(c).replace('.', ',')} µM;${Math.round(1100 / (1 + c))};`,
    ]),
    'P1;C1;HeLa;DMSO;0;1000;vehicle',
    'P1;C2;HeLa;DMSO;0;1040;',
    'P1;C3;;medium;;12;blank',
    'P1;C4;;medium;;15;',
  ].join('\r\n');
  return [example, { name: 'test/fuzz/small-tidy.csv', text: small }];
}

/** The end-to-end pairs (export, map, options) of test/e2e.exports.test.ts. */
export interface E2eSeed {
  readonly data: Seed;
  readonly map: Seed;
  readonly options: AnalyzeOptions;
}

export function e2eSeeds(): E2eSeed[] {
  const e2e = (name: string) => seedOf(join(FIXTURES, 'e2e', name));
  return [
    { data: e2e('envision-ctg384.csv'), map: e2e('envision-ctg384-map.csv'), options: { unit: parseConcentrationUnit('uM')!, cellLine: 'PDX-7' } },
    { data: e2e('softmax-mtt-562-660.txt'), map: e2e('softmax-mtt-map.csv'), options: { parental: 'HT-29' } },
    { data: e2e('envision-lum1536.csv'), map: e2e('lum1536-dilution.csv'), options: {} },
  ];
}

// ------------------------------------------------------------------------------------ mutations

/** Cell texts that hostile files hold. */
export const HOSTILE_CELLS: readonly string[] = [
  '',
  ' ',
  'abc',
  'NaN',
  'nan',
  'Infinity',
  '-Infinity',
  'inf',
  '1e308',
  '-1e308',
  '1.7976931348623157e308',
  '1e309',
  '1e999',
  '-1e999',
  '5e-324',
  '1e-320',
  '-1',
  '-0',
  '0',
  '0,0',
  '1,5',
  '1.5.5',
  '1e',
  '+',
  '.',
  '"',
  '""',
  '"a,b"',
  '="X"',
  '#N/A',
  '#DIV/0!',
  'OVRFLW',
  '*0.5*',
  '>3.5',
  '\u0000',
  '\uFEFF',
  '\uFEFF1',
  '\u00A0',
  '∞',
  '10 nM',
  '1e3 M',
  '-5 uM',
  '0 nM',
  '1e999 nM',
  'A1',
  'A0',
  'ZZ999',
  'AF48',
  'DMSO',
  'medium',
  'sample',
  'vehicle',
  'Plate:',
  '~End',
  '##BLOCKS= 1',
  'Plate information',
  'Results for X',
  '01',
  '1',
  '12',
  '1536',
  'x'.repeat(3000),
  '9'.repeat(400),
  '1'.repeat(20) + '.5',
];

const cellValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_CELLS) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

const DELIMITERS = [',', ';', '\t'] as const;
const delimiter = fc.constantFrom(...DELIMITERS);

/** One change to a text file. Indices are taken modulo the file's lines or cells. */
export type Mutation =
  | { readonly kind: 'cell'; readonly line: number; readonly cell: number; readonly value: string }
  | { readonly kind: 'column'; readonly from: number; readonly cell: number; readonly value: string }
  | { readonly kind: 'numbers'; readonly from: number; readonly value: string }
  | { readonly kind: 'truncateLines'; readonly at: number }
  | { readonly kind: 'truncateChars'; readonly at: number }
  | { readonly kind: 'deleteLine'; readonly line: number }
  | { readonly kind: 'duplicateLine'; readonly line: number; readonly times: number }
  | { readonly kind: 'swapLines'; readonly a: number; readonly b: number }
  | { readonly kind: 'deleteCell'; readonly line: number; readonly cell: number }
  | { readonly kind: 'insertCell'; readonly line: number; readonly cell: number; readonly value: string }
  | { readonly kind: 'delimiter'; readonly from: (typeof DELIMITERS)[number]; readonly to: (typeof DELIMITERS)[number]; readonly line: number | null }
  | { readonly kind: 'endings'; readonly style: 'crlf' | 'cr' | 'mixed'; readonly seed: number }
  | { readonly kind: 'bom'; readonly at: number }
  | { readonly kind: 'longLine'; readonly line: number; readonly unit: string; readonly length: number }
  | { readonly kind: 'insertLine'; readonly line: number; readonly text: string }
  | { readonly kind: 'blankLines'; readonly line: number; readonly count: number }
  | { readonly kind: 'chars'; readonly at: number; readonly text: string };

/** Mutations; `maxLong` bounds the length of inserted long lines (keep it small in tests). */
export function mutationArb(maxLong = 20_000): fc.Arbitrary<Mutation> {
  const index = fc.nat({ max: 100_000 });
  const small = fc.nat({ max: 12 });
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('cell' as const), line: index, cell: fc.nat({ max: 60 }), value: cellValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('column' as const), from: small, cell: fc.nat({ max: 30 }), value: cellValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('numbers' as const), from: index, value: cellValue }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncateLines' as const), at: index }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncateChars' as const), at: fc.nat({ max: 1_000_000 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteLine' as const), line: index }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.oneof(small, index), times: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: index, b: index }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('deleteCell' as const), line: index, cell: fc.nat({ max: 60 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('insertCell' as const), line: index, cell: fc.nat({ max: 60 }), value: cellValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delimiter' as const), from: delimiter, to: delimiter, line: fc.option(index) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('endings' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const), seed: index }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('bom' as const), at: fc.nat({ max: 1_000_000 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('longLine' as const), line: index, unit: fc.constantFrom('1,', 'x', '1;', 'A,', '"', ',', '1\t'), length: fc.integer({ min: 1000, max: maxLong }) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('insertLine' as const), line: index, text: fc.oneof(cellValue, fc.string({ maxLength: 40 })) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('blankLines' as const), line: index, count: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('chars' as const), at: fc.nat({ max: 1_000_000 }), text: fc.string({ maxLength: 4 }) }) },
  );
}

/** The delimiter of a line: the most frequent of tab, semicolon and comma (comma when none). */
function lineDelimiter(line: string): string {
  let best = ',';
  let count = 0;
  for (const d of DELIMITERS) {
    const n = line.split(d).length - 1;
    if (n > count) {
      best = d;
      count = n;
    }
  }
  return best;
}

function editCells(line: string, edit: (cells: string[]) => void): string {
  const cr = line.endsWith('\r');
  const body = cr ? line.slice(0, -1) : line;
  const d = lineDelimiter(body);
  const cells = body.split(d);
  edit(cells);
  return cells.join(d) + (cr ? '\r' : '');
}

const isNumeric = (cell: string) => /^[+-]?(\d+[.,]?\d*|[.,]\d+)([eE][+-]?\d+)?$/.test(cell.trim());

/** Applies one mutation. */
export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const n = lines.length;
  const at = (i: number) => i % n;
  switch (m.kind) {
    case 'cell':
      lines[at(m.line)] = editCells(lines[at(m.line)]!, (cells) => void (cells[m.cell % cells.length] = m.value));
      return lines.join('\n');
    case 'column':
      for (let i = Math.min(m.from, n - 1); i < n; i++) {
        lines[i] = editCells(lines[i]!, (cells) => void (m.cell < cells.length && (cells[m.cell] = m.value)));
      }
      return lines.join('\n');
    case 'numbers':
      for (let i = at(m.from); i < n; i++) {
        lines[i] = editCells(lines[i]!, (cells) => cells.forEach((c, k) => void (isNumeric(c) && (cells[k] = m.value))));
      }
      return lines.join('\n');
    case 'truncateLines':
      return lines.slice(0, m.at % (n + 1)).join('\n');
    case 'truncateChars':
      return text.slice(0, m.at % (text.length + 1));
    case 'deleteLine':
      lines.splice(at(m.line), 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(at(m.line), 0, ...Array<string>(m.times).fill(lines[at(m.line)]!));
      return lines.join('\n');
    case 'swapLines': {
      const [a, b] = [at(m.a), at(m.b)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'deleteCell':
      lines[at(m.line)] = editCells(lines[at(m.line)]!, (cells) => void cells.splice(m.cell % cells.length, 1));
      return lines.join('\n');
    case 'insertCell':
      lines[at(m.line)] = editCells(lines[at(m.line)]!, (cells) => void cells.splice(m.cell % (cells.length + 1), 0, m.value));
      return lines.join('\n');
    case 'delimiter':
      if (m.line === null) return text.split(m.from).join(m.to);
      lines[at(m.line)] = lines[at(m.line)]!.split(m.from).join(m.to);
      return lines.join('\n');
    case 'endings': {
      const plain = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      if (m.style === 'crlf') return plain.join('\r\n');
      if (m.style === 'cr') return plain.join('\r');
      let s = m.seed;
      return plain.reduce((out, l, i) => {
        if (i === 0) return l;
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        return out + (['\n', '\r\n', '\r'][s % 3] ?? '\n') + l;
      }, '');
    }
    case 'bom': {
      const i = m.at % (text.length + 1);
      return text.slice(0, i) + '\uFEFF' + text.slice(i);
    }
    case 'longLine':
      lines.splice(at(m.line), 0, m.unit.repeat(Math.ceil(m.length / m.unit.length)));
      return lines.join('\n');
    case 'insertLine':
      lines.splice(at(m.line), 0, m.text);
      return lines.join('\n');
    case 'blankLines':
      lines.splice(at(m.line), 0, ...Array<string>(m.count).fill(''));
      return lines.join('\n');
    case 'chars': {
      const i = m.at % (text.length + 1);
      return text.slice(0, i) + m.text + text.slice(i);
    }
  }
}

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(mutate, text);
}

/** A seed and the mutations applied to it: shrinks to the fewest, simplest changes. */
export interface MutatedSeed {
  readonly seed: Seed;
  readonly mutations: readonly Mutation[];
  readonly text: string;
}

export function mutatedSeed(seeds: readonly Seed[], options: { maxMutations?: number; maxLong?: number } = {}): fc.Arbitrary<MutatedSeed> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutationArb(options.maxLong), { minLength: 1, maxLength: options.maxMutations ?? 4 }))
    .map(([seed, mutations]) => ({ seed, mutations, text: applyMutations(seed.text, mutations) }));
}

/** Raw bytes: random, or a fixture's bytes with some flipped / cut / spliced. */
export function hostileBytes(seeds: readonly Seed[]): fc.Arbitrary<Uint8Array> {
  const encoded = seeds.map((s) => new TextEncoder().encode(s.text));
  const fromSeed = fc
    .tuple(fc.constantFrom(...encoded), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 8 }), fc.nat())
    .map(([bytes, flips, cut]) => {
      const out = bytes.slice(0, Math.max(1, cut % (bytes.length + 1)));
      for (const [i, b] of flips) out[i % out.length] = b;
      return out;
    });
  const prefixed = fc
    .tuple(fc.constantFrom(Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xfe, 0xff), Uint8Array.of(0xef, 0xbb, 0xbf), Uint8Array.of()), fc.uint8Array({ maxLength: 400 }))
    .map(([head, body]) => Uint8Array.from([...head, ...body]));
  return fc.oneof(fc.uint8Array({ maxLength: 2000 }), fromSeed, prefixed);
}

// ----------------------------------------------------------------------------------- invariants

/** A property failure with a reason. */
export class InvariantError extends Error {
  constructor(message: string, readonly detail?: unknown) {
    super(message);
    this.name = 'InvariantError';
  }
}

function fail(message: string, detail?: unknown): never {
  throw new InvariantError(message, detail);
}

/**
 * What a call must do with hostile input: return, or throw an Ic50Error whose description names
 * `file` (and has no stack-trace text or "undefined" in it). Anything else is a bug.
 */
export function outcome<T>(file: string, call: () => T): { value: T } | { error: Ic50Error } {
  try {
    return { value: call() };
  } catch (error) {
    return { error: checkIc50Error(error, file) };
  }
}

export function checkIc50Error(error: unknown, file: string): Ic50Error {
  if (error instanceof InvariantError) throw error;
  if (!(error instanceof Ic50Error)) {
    const e = error as Error;
    fail(`not an Ic50Error: ${e?.name}: ${e?.message}\n${e?.stack ?? ''}`);
  }
  const described = error.describe();
  if (!described.includes(file)) fail(`error does not name the file ${file}: ${described}`);
  if (error.exitCode !== 2) fail(`error exit code ${error.exitCode}: ${described}`);
  if (error.message === '') fail('empty error message');
  return error;
}

/** Words in a message that say the code printed something it did not mean to. */
export function checkMessage(message: string, input: string): void {
  for (const token of ['undefined', 'NaN', 'Infinity', '[object Object]']) {
    if (message.includes(token) && !input.includes(token)) fail(`message says ${token}: ${message}`);
  }
}

const SIZES = [...PLATE_SIZES.values()];

/** A RawPlate is well formed: a standard size, one value per well, no infinities. */
export function checkPlates(plates: readonly RawPlate[], source: string): void {
  for (const plate of plates) {
    if (plate.source !== source) fail(`plate source ${plate.source} is not ${source}`);
    if (typeof plate.id !== 'string') fail('plate id is not text');
    if (!SIZES.some(([r, c]) => r === plate.rows && c === plate.columns)) fail(`plate ${plate.id} is ${plate.rows}×${plate.columns}, no standard plate`);
    const wells = plate.rows * plate.columns;
    for (const read of plate.reads) {
      if (typeof read.label !== 'string') fail('read label is not text');
      if (read.values.length !== wells) fail(`read "${read.label}" has ${read.values.length} values for ${wells} wells`);
      for (const v of read.values) if (v === Infinity || v === -Infinity) fail(`read "${read.label}" holds ${v}`);
      for (const [i, marker] of read.markers) {
        if (!(i >= 0 && i < wells)) fail(`marker at well index ${i} of ${wells}`);
        if (!Number.isNaN(read.values[i]!)) fail(`well ${i} has marker "${marker}" and value ${read.values[i]}`);
      }
      for (const [i, line] of read.lines ?? []) {
        if (!(i >= 0 && i < wells)) fail(`line of well index ${i} of ${wells}`);
        if (!(Number.isInteger(line) && line >= 1)) fail(`well ${i} on line ${line}`);
      }
    }
    for (const note of plate.notes) if (typeof note !== 'string') fail('a note is not text');
  }
}

/** Plate maps are well formed: standard sizes, canonical wells on the plate, samples with a dose. */
export function checkLayouts(layouts: readonly PlateLayout[], source: string): void {
  if (layouts.length === 0) fail('readLayout returned no layout');
  for (const layout of layouts) {
    // A worksheet's map (a workbook, an Excel XML spreadsheet) names its sheet: `map.xml[Sheet]`.
    if (layout.source !== source && !(layout.source.startsWith(`${source}[`) && layout.source.endsWith(']'))) fail(`layout source ${layout.source}`);
    if (!SIZES.some(([r, c]) => r === layout.rows && c === layout.columns)) fail(`layout ${layout.rows}×${layout.columns}`);
    for (const [id, well] of layout.wells) {
      const p = parseWellId(id);
      if (!p || p.row >= layout.rows || p.column >= layout.columns) fail(`layout well ${id} is not on its ${layout.rows}×${layout.columns} plate`);
      if (well.role === 'sample') {
        if (!Number.isFinite(well.log10Molar)) fail(`sample well ${id} has log10 concentration ${well.log10Molar}`, well);
        if (well.unit === '') fail(`sample well ${id} has no unit`);
        if (well.compound === '') fail(`sample well ${id} has no compound`);
      }
    }
  }
}

/** Flags that explain why a fit has no IC50. */
export const EXPLAINING: readonly Flag[] = ['too_few_concentrations', 'ambiguous', 'not_converged', 'bound_hit', 'ic50_above_range', 'ic50_below_range', 'flat'];

/** A fit's numbers are finite, or NaN with a flag that says why. */
export function checkFit(fit: CurveFit): void {
  const explained = fit.flags.some((f) => EXPLAINING.includes(f));
  if (!Number.isFinite(fit.log10Ic50.value) && !explained) fail(`fit ${fit.cellLine}/${fit.compound} has no IC50 and no flag`, fit);
  if (Number.isFinite(fit.log10Ic50.value) && !(fit.log10Ic50.value >= fit.log10Range[0] - 3.000001 && fit.log10Ic50.value <= fit.log10Range[1] + 3.000001)) {
    fail(`fit IC50 ${fit.log10Ic50.value} beyond its search window ${fit.log10Range}`, fit);
  }
  const estimates = [['log10Ic50', fit.log10Ic50], ['hill', fit.hill], ['top', fit.top], ['bottom', fit.bottom], ...(fit.asymmetry ? [['asymmetry', fit.asymmetry] as const] : [])] as const;
  for (const [name, e] of estimates) {
    for (const v of [e.value, e.standardError, e.lower, e.upper]) {
      if (v === Infinity || v === -Infinity) fail(`fit ${name} holds ${v}`, fit);
    }
    // A pinned asymptote (model ll3/ll3u/ll2) is not estimated: no standard error by design.
    const pinned = (name === 'bottom' && (fit.model === 'll3' || fit.model === 'll2')) || (name === 'top' && (fit.model === 'll3u' || fit.model === 'll2'));
    if (Number.isFinite(e.value) && !Number.isFinite(e.standardError) && !pinned && !fit.flags.includes('ambiguous') && !fit.flags.includes('not_converged')) {
      fail(`fit ${name} has no standard error and no flag`, fit);
    }
  }
  if (fit.nPoints !== fit.points.log10Molar.length) fail('nPoints is not the number of points');
  for (const v of [...fit.points.log10Molar, ...fit.points.response]) if (!Number.isFinite(v)) fail(`fit point ${v}`);
  if (fit.converged && !Number.isFinite(fit.rss)) fail('converged fit with non-finite RSS', fit);
}

const NUMERIC_COLUMNS = new Set<string>(COLUMNS.filter((c) => !['cell_line', 'compound', 'plate', 'unit', 'converged', 'flags', 'parental', 'experiment', 'model', 'outliers', 'kind', 'status'].includes(c)));

function parseCsvLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/**
 * A report, as every writer writes it: numbers finite (empty / null otherwise), every fit
 * without an IC50 flagged, messages free of NaN/undefined unless the input said so.
 */
export function checkReport(report: Report, input: string): void {
  for (const fit of report.fits) checkFit(fit);
  for (const delimiter of [',', '\t'] as const) {
    const text = writeDelimited(report.rows, delimiter);
    // Records may span lines (quoted newlines in names), in CSV and TSV alike.
    const rows = splitCsv(text, delimiter);
    const header = rows[0]!;
    if (header.join(',') !== COLUMNS.join(',')) fail(`header ${header.join(',')}`);
    if (rows.length !== report.rows.length + 1) fail(`${rows.length - 1} rows for ${report.rows.length} result rows`, text);
    rows.slice(1).forEach((row, r) => {
      if (row.length !== COLUMNS.length) fail(`row ${r + 1} has ${row.length} fields`, row);
      row.forEach((cell, k) => {
        if (NUMERIC_COLUMNS.has(COLUMNS[k]!) && cell !== '' && !Number.isFinite(Number(cell))) fail(`${COLUMNS[k]} is "${cell}"`);
      });
      const ic50 = row[COLUMNS.indexOf('ic50')]!;
      const flags = row[COLUMNS.indexOf('flags')]!;
      if (ic50 === '' && !EXPLAINING.some((f) => flags.split(';').includes(f))) fail(`a row without ic50 and without an explaining flag (${flags})`, row);
    });
  }
  const json = writeJson(report.rows, report.plates, report.warnings, report.errors);
  const parsed = JSON.parse(json) as { fits: Record<string, unknown>[]; plates: Record<string, unknown>[]; errors: { message: string }[] };
  walkNumbers(parsed, (v, path) => {
    if (!Number.isFinite(v)) fail(`JSON ${path} is ${v}`);
  });
  for (const fit of parsed.fits) {
    if (fit.ic50 === null && !EXPLAINING.some((f) => (fit.flags as string[]).includes(f))) fail('a JSON fit without ic50 and without an explaining flag', fit);
  }
  for (const line of writeNdjson(report.rows, report.errors).split('\n')) if (line !== '') JSON.parse(line);
  for (const error of report.errors) checkMessage(error.message, input);
  for (const warning of report.warnings) checkMessage(warning.message, input);
}

function splitCsv(text: string, delimiter: ',' | '\t'): string[][] {
  const records: string[] = [];
  let current = '';
  let quotes = 0;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    current = current === '' && quotes === 0 ? line : `${current}\n${line}`;
    quotes += (line.match(/"/g) ?? []).length;
    if (quotes % 2 === 0) {
      records.push(current);
      current = '';
      quotes = 0;
    }
  }
  return records.map((r) => parseCsvLine(r, delimiter));
}

function walkNumbers(value: unknown, visit: (v: number, path: string) => void, path = '$'): void {
  if (typeof value === 'number') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkNumbers(v, visit, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkNumbers(v, visit, `${path}.${k}`);
}
