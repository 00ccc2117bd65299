import { Ic50Error } from '../errors.js';
import { parseConcentrationUnit, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import { inferRole } from '../plate/roles.js';
import { formatWellId, parseWellId } from '../plate/wellId.js';
import { parseNumber } from '../readers/parseNumber.js';
import type { CellTable } from '../readers/cellTable.js';
import { d300Layouts, type D300Dispense, type D300Fluid, type D300Plate } from './d300Layout.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';

/** How far down a report's sheet its header may be (a title and run details come first). */
const HEADER_ROWS = 60;

/** A header cell as compared: lower case, line breaks and runs of spaces as one space (`Dispensed\nwell`). */
function normalized(cell: string): string {
  return cell.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** `Dispensed conc.`, `Dispensed concentration`, with a unit in brackets or not (`Dispensed conc. (µM)`). */
const CONCENTRATION = /^dispensed conc(?:entration|\.)?\s*(?:\([^)]*\))?$/;
/** A column of the concentrations' unit. */
const UNIT = /^(?:conc(?:entration|\.)?\s*)?units?$/;
/** The report's name for the backfill (DMSO or an aqueous vehicle up to an equal volume). */
const BACKFILL = /^(?:dmso normali[sz]ation|backfill|aqueous normali[sz]ation)$/i;
/** A dilution fluid, `Drug_00001 - 1:200`: its root's compound. */
const DILUTION = /^(.*\S)\s+-\s+1\s*:\s*[\d.]+$/;

interface ReportColumns {
  readonly header: number;
  readonly plate?: number;
  readonly well: number;
  readonly fluid: number;
  readonly concentration: number;
  readonly headerUnit?: string;
  readonly unit?: number;
}

function columnsOf(table: CellTable): ReportColumns | null {
  for (let r = 0; r < Math.min(table.rows.length, HEADER_ROWS); r++) {
    const names = table.rows[r]!.map(normalized);
    const well = names.indexOf('dispensed well');
    const fluid = names.indexOf('fluid name');
    const concentration = names.findIndex((n) => CONCENTRATION.test(n));
    if (well < 0 || fluid < 0 || concentration < 0) continue;
    const plate = names.indexOf('plate');
    const unit = names.findIndex((n) => UNIT.test(n));
    // The unit as written (`µM`, not lower-cased: `mM` and `MM` differ).
    const headerUnit = /\(([^)]*)\)/.exec(table.rows[r]![concentration]!)?.[1]?.trim();
    return {
      header: r,
      well,
      fluid,
      concentration,
      ...(plate >= 0 ? { plate } : {}),
      ...(unit >= 0 ? { unit } : {}),
      ...(headerUnit ? { headerUnit } : {}),
    };
  }
  return null;
}

/**
 * true for a D300 report's well table (the `Tabular detail` sheet the D300 software writes, as
 * .xlsx or Excel XML): a header with `Dispensed well`, `Fluid name` and `Dispensed conc.`.
 */
export function isD300Report(table: CellTable): boolean {
  return columnsOf(table) !== null;
}

/**
 * Reads the well table of an HP/Tecan D300 report (its `Tabular detail` sheet): one row per fluid
 * dispensed into a well — `Plate` (a number from 1, or a name), `Dispensed well` (`A01`),
 * `Fluid name`, `Dispensed conc.` (the final concentration that fluid gives the well) — below a
 * few title rows, down to the first row naming no well. The rows are the protocol's dispenses, so
 * the map is made as from the protocol (d300Layout.ts): a dilution fluid (`Drug - 1:200`) is its
 * root compound, doses of one compound add up, a well with only DMSO or only the backfill
 * (`DMSO normalization`) is a vehicle, several compounds are a co-treatment.
 *
 * The concentrations' unit: in the header (`Dispensed conc. (µM)`), a unit column, else --unit
 * (the report may not say it; ask rather than guess). A compound row without a dose (dispensed by
 * volume) excludes its well, with a note. A report states no plate size: each map is sized by its
 * wells. Throws Ic50Error naming the line for a well or dose that cannot be read.
 */
export function readD300Report(table: CellTable, options: LayoutOptions = {}): { layouts: PlateLayout[]; notes: string[] } {
  const source = table.source;
  const columns = columnsOf(table);
  if (!columns) throw new Ic50Error('not a D300 report: no header with Dispensed well, Fluid name and Dispensed conc.', { code: 'format', location: { file: source } });
  const unitAt = (text: string, line: number): ConcentrationUnit => {
    const unit = parseConcentrationUnit(text.replace(/_/g, '/'));
    if (!unit || unit.isLog) {
      throw new Ic50Error(`the report's concentration unit "${text}" is not one ic50 knows`, { code: 'unit', location: { file: source, line }, hint: 'molar units (pM, nM, µM, mM, M) or mass units (ng/mL, µg/mL, mg/mL)' });
    }
    return unit;
  };
  const headerLine = table.lines[columns.header]!;
  let unit: ConcentrationUnit | undefined = columns.headerUnit !== undefined ? unitAt(columns.headerUnit, headerLine) : undefined;

  const plates = new Map<string, D300Plate>();
  const fluids = new Map<string, D300Fluid>();
  const fluidOf = (name: string, notMolar: boolean): D300Fluid => {
    const key = `${notMolar ? 'x' : 'm'}${name}`;
    let fluid = fluids.get(key);
    if (!fluid) {
      const compound = DILUTION.exec(name)?.[1] ?? name;
      fluids.set(key, (fluid = { id: String(fluids.size), name, compound, notMolar }));
    }
    return fluid;
  };
  const dispensed: { plate: D300Plate; id: string; row: number; column: number; fluid: D300Fluid; amount: number; line: number }[] = [];
  for (let r = columns.header + 1; r < table.rows.length; r++) {
    const cells = table.rows[r]!;
    const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
    const wellText = cell(columns.well);
    const line = table.lines[r]!;
    if (wellText === '') {
      // The table ends at the first row naming no well (a summary may follow).
      if (cells.every((c) => c === '') || cell(columns.plate) === '') break;
      throw new Ic50Error('a row of the report names no dispensed well', { code: 'value', location: { file: source, line } });
    }
    const position = parseWellId(wellText);
    if (!position) throw new Ic50Error(`"${wellText}" is not a well`, { code: 'value', location: { file: source, line }, hint: 'the Dispensed well column names wells as A01 or A1' });
    const id = formatWellId(position.row, position.column);
    const plateText = cell(columns.plate) || '1';
    let plate = plates.get(plateText);
    if (!plate) {
      const number = /^\d+$/.test(plateText) ? Number(plateText) : 0;
      plate = { index: number > 0 ? number : plates.size + 1, name: number > 0 ? '' : plateText, rows: 0, columns: 0, assayVolume: '', wells: new Map(), backfilled: new Set() };
      plates.set(plateText, plate);
    }
    const name = cell(columns.fluid);
    if (name === '') throw new Ic50Error('the row names no fluid', { code: 'value', location: { file: source, line, well: id } });
    if (BACKFILL.test(name)) {
      plate.backfilled.add(id);
      continue;
    }
    if (columns.unit !== undefined && cell(columns.unit) !== '') {
      const rowUnit = unitAt(cell(columns.unit), line);
      if (unit && rowUnit.name !== unit.name) {
        throw new Ic50Error(`the report gives concentrations in ${unit.name} and in ${rowUnit.name}: which one a dose is in is not certain`, { code: 'unit', location: { file: source, line, well: id } });
      }
      unit = rowUnit;
    }
    const text = cell(columns.concentration);
    const amount = text === '' ? 0 : parseNumber(text, table.decimalComma);
    if (!(amount >= 0) || !Number.isFinite(amount)) {
      throw new Ic50Error(`fluid "${name}" has the dose "${text}", not a number of at least 0`, { code: 'value', location: { file: source, line, well: id } });
    }
    // A compound dispensed without a molar dose (by volume: the report gives none) cannot be
    // placed on a curve: its well is excluded, with a note, as from the protocol. A control
    // fluid (DMSO) without a dose still makes its well a control.
    const compound = DILUTION.exec(name)?.[1] ?? name;
    const fluid = fluidOf(name, amount === 0 && inferRole(compound, false) === 'sample');
    dispensed.push({ plate, id, row: position.row, column: position.column, fluid, amount, line });
  }
  for (const d of dispensed) {
    const entry = d.plate.wells.get(d.id) ?? { row: d.row, column: d.column, dispenses: [] as D300Dispense[] };
    entry.dispenses.push({ fluid: d.fluid, concentration: d.amount });
    d.plate.wells.set(d.id, entry);
  }
  if (!unit && options.unit?.isLog) {
    throw new Ic50Error(`the D300 report's doses are concentrations, not logarithms: --unit ${options.unit.name} does not apply`, {
      code: 'unit',
      location: { file: source, line: headerLine },
      hint: "give the protocol's concentration unit, e.g. --unit uM",
    });
  }
  const unitGiven = unit ?? options.unit;
  if (!unitGiven && dispensed.some((d) => !d.fluid.notMolar && inferRole(d.fluid.compound, false) === 'sample')) {
    throw new Ic50Error("the D300 report does not say its concentrations' unit", {
      code: 'unit',
      location: { file: source, line: headerLine },
      hint: 'give --unit (the protocol\'s concentration unit, e.g. uM)',
    });
  }
  const ordered = [...plates.values()].sort((a, b) => a.index - b.index);
  return d300Layouts({ unit: unitGiven ?? parseConcentrationUnit('uM')!, plates: ordered }, source, options, 'the D300 report');
}
