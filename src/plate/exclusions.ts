import { Ic50Error } from '../errors.js';
import { tableFromText } from '../readers/cellTable.js';
import type { ExcludedWell, Location, WellRecord } from '../types.js';
import { describeHeader, headerColumns, normalizeHeader, type ColumnField } from './columns.js';
import { formatWellId, parseWellId, type WellPosition } from './wellId.js';

/**
 * Wells the user leaves out of the analysis, with the reason (Prism's "exclude value"): given
 * as `--exclude PLATE:WELL[,…]` (a well, or a block `P1:A1-A3`, `P1:A1-C2`; `WELL` alone when the
 * run has one plate) or as a table (`--exclude-file`: plate, well, reason).
 */
export interface Exclusion {
  /** Plate id as the wells are named (the `plate` column, else the file name; an export's plate id); undefined: the only plate. */
  readonly plate: string | undefined;
  /** The well or block as written (`A1`, `A1-A3`). */
  readonly well: string;
  /** The block's corners (0-based, inclusive; from = to for one well); undefined for a well name that is no grid position. */
  readonly from: WellPosition | undefined;
  readonly to: WellPosition | undefined;
  /** Why the wells are left out ("" when not given). */
  readonly reason: string;
  /** Where it was given: the exclusion table's file and line (absent on the command line). */
  readonly source?: Location | undefined;
}

/** A well an exclusion matched, as the first pass saw it (for the audit list and the existence check). */
export interface ExclusionHit extends ExcludedWell {
  /** Index of the exclusion in the run's list. */
  readonly exclusion: number;
}

/** An exclusion as written, for messages: "P1:A1-A3" or "A1". */
export function exclusionText(exclusion: Exclusion): string {
  return exclusion.plate === undefined ? exclusion.well : `${exclusion.plate}:${exclusion.well}`;
}

function usage(message: string, hint?: string, source?: Location): Ic50Error {
  return new Ic50Error(message, { code: source ? 'value' : 'usage', ...(source ? { location: source } : {}), ...(hint ? { hint } : {}) });
}

/**
 * One exclusion from `PLATE:WELL`, `PLATE:FIRST-LAST` or `WELL` (the plate is everything before
 * the last colon, so plate ids may hold colons). A block spans the rectangle between its corners
 * (A1-A3: a row; A1-C1: a column; A1-B6: twelve wells).
 */
export function parseExclusion(text: string, reason = '', source?: Location): Exclusion {
  const trimmed = text.trim();
  const at = trimmed.lastIndexOf(':');
  const plate = at >= 0 ? trimmed.slice(0, at).trim() : undefined;
  const well = (at >= 0 ? trimmed.slice(at + 1) : trimmed).trim();
  if (well === '' || plate === '') {
    throw usage(`--exclude: "${text}" names no ${well === '' ? 'well' : 'plate'}`, 'write PLATE:WELL (P1:A1), a block (P1:A1-A3), or WELL alone when there is one plate', source);
  }
  const dash = /^([A-Za-z]{1,2}\s*0*\d{1,3})\s*-\s*([A-Za-z]{1,2}\s*0*\d{1,3})$/.exec(well);
  if (dash) {
    const a = parseWellId(dash[1]!);
    const b = parseWellId(dash[2]!);
    if (a && b) {
      const from = { row: Math.min(a.row, b.row), column: Math.min(a.column, b.column) };
      const to = { row: Math.max(a.row, b.row), column: Math.max(a.column, b.column) };
      return { plate, well, from, to, reason, ...(source ? { source } : {}) };
    }
  }
  const position = parseWellId(well);
  return { plate, well, from: position ?? undefined, to: position ?? undefined, reason, ...(source ? { source } : {}) };
}

/** The exclusions of one `--exclude` value: comma-separated, each PLATE:WELL, a block or a WELL. */
export function parseExclusionList(text: string, reason = ''): Exclusion[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) throw usage('--exclude needs PLATE:WELL (e.g. P1:A1, P1:A1-A3)');
  return parts.filter((p) => p !== '').map((p) => parseExclusion(p, reason));
}

const TABLE_FIELDS: ReadonlySet<ColumnField> = new Set<ColumnField>(['plate', 'well']);
const REASON_NAMES = ['reason', 'why', 'comment', 'comments', 'note', 'notes', 'remark'];

/**
 * An exclusion table (CSV or TSV; `--exclude-file`): a header with `plate` (optional when the
 * run has one plate), `well` (a well or a block `A1-A3`) and `reason` (also why, comment, note),
 * then one row per well or block. Empty lines are skipped; a row without a well is an error
 * naming its line.
 */
export function readExclusionTable(text: string, file: string): Exclusion[] {
  const table = tableFromText(text, file);
  const headerRow = table.rows.findIndex((row) => row.some((c) => c !== ''));
  const header = table.rows[headerRow] ?? [];
  const headerLine = table.lines[headerRow] ?? 1;
  const columns = headerColumns(header, { file, line: headerLine }, TABLE_FIELDS);
  const wellColumn = columns.index.get('well');
  if (wellColumn === undefined) {
    throw new Ic50Error(`no well column in the exclusion table's header (${describeHeader(columns.names)})`, {
      code: 'header',
      location: { file, line: headerLine },
      hint: 'columns: plate, well, reason — one row per well (or block such as A1-A3) to leave out',
    });
  }
  const plateColumn = columns.index.get('plate');
  const reasonColumn = header.findIndex((h) => REASON_NAMES.includes(normalizeHeader(h)));
  const out: Exclusion[] = [];
  for (let r = headerRow + 1; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    if (row.every((c) => c === '')) continue;
    const line = table.lines[r]!;
    const well = row[wellColumn] ?? '';
    const plate = plateColumn === undefined ? '' : (row[plateColumn] ?? '');
    if (well === '') throw new Ic50Error('no well on this line of the exclusion table', { code: 'value', location: { file, line }, hint: 'each row names a well (A1) or a block (A1-A3)' });
    const reason = reasonColumn >= 0 ? (row[reasonColumn] ?? '') : '';
    out.push(parseExclusion(plate === '' ? well : `${plate}:${well}`, reason, { file, line }));
  }
  if (out.length === 0) throw new Ic50Error('the exclusion table names no wells', { code: 'no_data', location: { file } });
  return out;
}

/**
 * Applies exclusions to wells as they are read (both passes read the same wells, so both see the
 * same exclusions): a matched well keeps its identity and signal, takes the role `exclude` and
 * carries `userExclusion` (its former role and the reason). Excluded controls do not count as
 * controls; excluded treated wells leave their curve's fit but stay listed on it. Records every
 * well matched (`hits`), to check that every exclusion named a well that exists.
 */
export class ExclusionMatcher {
  /** Exclusions by plate id ("" for those without a plate). */
  private readonly byPlate = new Map<string, number[]>();
  readonly hits: ExclusionHit[] = [];

  constructor(private readonly exclusions: readonly Exclusion[]) {
    exclusions.forEach((e, i) => {
      const key = e.plate ?? '';
      this.byPlate.set(key, [...(this.byPlate.get(key) ?? []), i]);
    });
  }

  /** The exclusion (index) covering a well, or -1. */
  private match(plate: string, well: string | undefined): number {
    if (well === undefined) return -1;
    const candidates = [...(this.byPlate.get(plate) ?? []), ...(this.byPlate.get('') ?? [])];
    if (candidates.length === 0) return -1;
    const position = parseWellId(well);
    for (const i of candidates) {
      const e = this.exclusions[i]!;
      if (e.from && e.to && position) {
        if (position.row >= e.from.row && position.row <= e.to.row && position.column >= e.from.column && position.column <= e.to.column) return i;
      } else if (e.well === well.trim()) return i;
    }
    return -1;
  }

  /** The well, excluded when an exclusion covers it (and the hit recorded). */
  apply(well: WellRecord): WellRecord {
    const i = this.match(well.plate, well.location.well);
    if (i < 0) return well;
    const exclusion = this.exclusions[i]!;
    const position = parseWellId(well.location.well!);
    const id = position ? formatWellId(position.row, position.column) : well.location.well!;
    const role = well.role;
    this.hits.push({ exclusion: i, plate: well.plate, label: `${well.plate}:${id}`, role, cellLine: well.cellLine, compound: well.compound, reason: exclusion.reason });
    return { ...well, role: 'exclude', userExclusion: { reason: exclusion.reason, role } };
  }
}

/**
 * Checks, after the first pass, that every exclusion named wells that exist: each must have
 * matched a well, and one without a plate is allowed only when the run has one plate. Throws an
 * Ic50Error naming the exclusion (and, for a table, its file and line) before anything is written.
 */
export function checkExclusions(exclusions: readonly Exclusion[], hits: readonly ExclusionHit[], plates: readonly string[], failedInputs: readonly string[]): void {
  const plateList = plates.map((p) => `"${p}"`).join(', ');
  exclusions.forEach((exclusion, i) => {
    if (exclusion.plate === undefined && plates.length > 1) {
      throw new Ic50Error(`--exclude ${exclusion.well}: the run has ${plates.length} plates; name the plate`, {
        code: exclusion.source ? 'value' : 'usage',
        ...(exclusion.source ? { location: exclusion.source } : {}),
        hint: `write PLATE:${exclusion.well}; plates: ${plateList}`,
      });
    }
    const own = hits.filter((h) => h.exclusion === i);
    if (own.length > 0 && exclusion.from && exclusion.to && (exclusion.from.row !== exclusion.to.row || exclusion.from.column !== exclusion.to.column)) {
      // A block must end on wells that were read: a corner off the plate (A1-A99) is a typo that
      // would silently take whatever the rectangle covers, controls included.
      const matched = new Set(own.map((h) => parseWellId(h.label.slice(h.label.lastIndexOf(':') + 1))).filter((p) => p !== null).map((p) => `${p!.row}:${p!.column}`));
      const { from, to } = exclusion;
      const corners = [from, to, { row: from.row, column: to.column }, { row: to.row, column: from.column }];
      const off = corners.find((c) => !matched.has(`${c.row}:${c.column}`));
      if (off) {
        throw usage(
          `--exclude ${exclusionText(exclusion)}: the block's corner ${formatWellId(off.row, off.column)} is not a well read${exclusion.plate !== undefined ? ` on plate "${exclusion.plate}"` : ''}`,
          'a block spans the rectangle between two wells of the plate (P1:A1-A3); check its corners',
          exclusion.source,
        );
      }
    }
    if (own.length > 0) return;
    const known = exclusion.plate === undefined || plates.includes(exclusion.plate);
    const failed = failedInputs.length > 0 ? `; inputs that could not be read: ${failedInputs.join(', ')}` : '';
    throw new Ic50Error(
      known
        ? `--exclude ${exclusionText(exclusion)}: no such well among the wells read${exclusion.plate !== undefined ? ` on plate "${exclusion.plate}"` : ''}`
        : `--exclude ${exclusionText(exclusion)}: no plate "${exclusion.plate}" in the data`,
      {
        code: exclusion.source ? 'value' : 'usage',
        ...(exclusion.source ? { location: exclusion.source } : {}),
        hint: known
          ? `wells are named as the input names them (A1, B12); a well the plate map leaves unused is not read${failed}`
          : `plates: ${plateList}${failed}`,
      },
    );
  });
}
