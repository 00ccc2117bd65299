import { Ic50Error } from '../errors.js';
import { parseRowLabel } from '../plate/wellId.js';
import type { CellTable } from '../readers/cellTable.js';
import type { Location } from '../types.js';
import { LayoutBuilder } from './layoutBuilder.js';
import { COLUMN_ALIASES as LAYOUT_ALIASES, describeHeader, type ColumnField as LayoutField } from '../plate/columns.js';
import { findLayoutHeader, firstNonBlankRow, layoutColumns } from './layoutColumns.js';
import { coAgentColumns } from './agentField.js';
import { wellFromAgents, type AgentCells } from './wellFromAgents.js';
import { readTime } from '../plate/readTime.js';
import { checkedPosition, layoutWellId, type LayoutWellId } from './layoutWellId.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';

/** A long map's header names a well column, or a row and a column column (gDR's WellRow, WellColumn). */
function hasWellColumns(fields: ReadonlySet<LayoutField>): boolean {
  return fields.has('well') || (fields.has('wellRow') && fields.has('wellColumn'));
}

/** Index in table.rows of a long map's header row, or -1 when there is none. */
export function longLayoutHeader(table: CellTable): number {
  return findLayoutHeader(table, hasWellColumns);
}

/** A well from split row and column cells: row "C" (or 3), column "5" → C5. */
function splitWellPosition(rowText: string, columnText: string, location: Location): LayoutWellId {
  const text = `${rowText}${columnText}`;
  const row = /^\d+$/.test(rowText) ? Number(rowText) - 1 : parseRowLabel(rowText);
  const column = /^\d+$/.test(columnText) ? Number(columnText) - 1 : -1;
  if (row < 0 || column < 0) {
    throw new Ic50Error(`row "${rowText}" and column "${columnText}" are not a well`, {
      location,
      hint: 'expected a row letter (or number from 1) and a column number from 1',
    });
  }
  return checkedPosition(row, column, text, location);
}

/**
 * Reads a long plate map — one row per well — into one PlateLayout per plate value ("" when
 * there is no plate column). Columns are found by name, case-insensitively and ignoring spaces,
 * dashes, underscores and dots:
 *
 *   plate?        plate, plate id, barcode
 *   well          well, well id, position — or split row + column columns (WellRow, WellColumn)
 *   cell line?    cell_line, line, cells, sample, cell
 *   compound      compound, drug, treatment, agent, name
 *   concentration concentration, conc, dose; unit from a header suffix (conc_nM, "conc (µM)"),
 *                 a `unit` column, the cell ("12.5 µM") or --unit, in that order
 *   role?         role, type (time0: a time-zero read)
 *   time?         hours from treatment to the read (time, time_h, hours), or days (days); at
 *                 0 a well with cells is a time-zero well
 *   co-treatment? compound_2 / Gnumber_2 / drug2, concentration_2 / drug2.conc, … (agents 2–9;
 *                 see wellFromAgents: `G01 (+ G04 0.1 uM)` is its own curve)
 *
 * e.g. DrugScreenExplorer's `wellID;name;concentration` / `A001;DMSO;0,3` / `A003;drugX;10`
 * (decimal commas with ";" or tab, unit from --unit). The role column wins; else the role is
 * inferred from the compound (DMSO → vehicle, PBS → blank, …, concentration 0 → vehicle), and
 * a row with neither compound nor role is `exclude`. Controls' concentrations are ignored (DMSO
 * "0,3" is a % value). Throws Ic50Error naming file, line and well for anything that would make
 * a dose wrong: a bad well id, a missing/non-numeric/negative concentration, a missing or
 * unknown unit, an unknown role, a sample without compound, a well mapped twice differently.
 */
export function readLongLayout(table: CellTable, options: LayoutOptions): PlateLayout[] {
  const file = table.source;
  const headerRow = longLayoutHeader(table);
  if (headerRow < 0) {
    const first = firstNonBlankRow(table);
    if (first < 0) throw new Ic50Error('the plate map is empty', { location: { file } });
    throw new Ic50Error(`no well column in the header (${describeHeader(table.rows[first]!.filter((c) => c !== ''))})`, {
      location: { file, line: table.lines[first]! },
      hint: `accepted names: ${LAYOUT_ALIASES.well.join(', ')}; or a row and a column column (WellRow, WellColumn)`,
    });
  }
  const headerLine = table.lines[headerRow]!;
  const columns = layoutColumns(table.rows[headerRow]!, { file, line: headerLine });
  for (const required of ['compound', 'concentration'] as const) {
    if (!columns.index.has(required)) {
      throw new Ic50Error(`no ${required} column in the header (${describeHeader(columns.names)})`, {
        location: { file, line: headerLine },
        hint: `accepted names: ${LAYOUT_ALIASES[required].join(', ')} — case, spaces, dashes and underscores are ignored`,
      });
    }
  }
  const hasCellLine = columns.index.has('cellLine');
  const coAgents = coAgentColumns(table.rows[headerRow]!, { file, line: headerLine });
  // Hours (time, time_h) or days (days) from treatment to the read: 0 marks a time-zero plate's wells.
  const timeField = columns.index.has('time') ? 'time' : columns.index.has('days') ? 'days' : undefined;
  const timeColumn = timeField && { index: columns.index.get(timeField)!, name: table.rows[headerRow]![columns.index.get(timeField)!]!, hoursPerUnit: timeField === 'days' ? 24 : 1 };

  const builder = new LayoutBuilder(file);
  let rowsRead = 0;
  for (let r = headerRow + 1; r < table.rows.length; r++) {
    const cells = table.rows[r]!;
    if (cells.every((c) => c === '')) continue;
    const line = table.lines[r]!;
    const cell = (field: LayoutField): string => {
      const index = columns.index.get(field);
      return index === undefined ? '' : (cells[index] ?? '');
    };
    const position = columns.index.has('well')
      ? layoutWellId(cell('well'), { file, line })
      : splitWellPosition(cell('wellRow'), cell('wellColumn'), { file, line });
    const location = { file, line, well: position.id };
    const compound = cell('compound');
    const agents: AgentCells[] = [
      { compound, concentration: cell('concentration'), units: { header: columns.units.get('concentration'), column: cell('unit'), option: options.unit }, location },
    ];
    for (const agent of coAgents) {
      const at = (index: number | undefined) => (index === undefined ? '' : (cells[index] ?? ''));
      agents.push({
        compound: at(agent.compound),
        concentration: at(agent.concentration),
        units: { header: agent.headerUnit, column: at(agent.unit) || cell('unit'), option: options.unit },
        location,
      });
    }
    const well = wellFromAgents(cell('role'), agents, table.decimalComma, location);
    const role = well?.role ?? 'exclude';
    const log10Molar = well?.log10Molar ?? Number.NaN;
    const unit = well?.unit ?? '';
    const cellLine = hasCellLine ? cell('cellLine') : (options.cellLine ?? '');
    const time = timeColumn ? readTime(cells[timeColumn.index] ?? '', timeColumn, table.decimalComma, location) : undefined;
    builder.add(cell('plate'), position, { role, roleInferred: cell('role') === '', cellLine, compound: well?.compound ?? compound, log10Molar, unit, line, ...(time !== undefined ? { time } : {}) });
    rowsRead++;
  }
  if (rowsRead === 0) {
    throw new Ic50Error('the plate map has a header but no wells', { location: { file, line: headerLine } });
  }
  return builder.build();
}
