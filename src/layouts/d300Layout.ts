import { Ic50Error } from '../errors.js';
import { parseConcentrationUnit, type ConcentrationUnit } from '../plate/concentrationUnit.js';
import { inferRole } from '../plate/roles.js';
import { formatWellId, parseWellId } from '../plate/wellId.js';
import type { Location } from '../types.js';
import { LayoutBuilder } from './layoutBuilder.js';
import { checkedPosition } from './layoutWellId.js';
import type { LayoutOptions, PlateLayout } from './plateLayout.js';
import { wellFromAgents, type AgentCells } from './wellFromAgents.js';
import { xmlProblem } from '../readers/xmlProblem.js';

/** A fluid of a D300 protocol: what its dispenses put into a well. */
export interface D300Fluid {
  readonly id: string;
  readonly name: string;
  /** The compound: the fluid's name, or for a dilution (`Drug_00001 - 1:200`) its root fluid's name. */
  readonly compound: string;
  /** Dispensed by volume (ByVol) or by mass concentration (a `mg_mL` unit): no molar dose. */
  readonly notMolar: boolean;
}

/** One dispense into a well: a fluid and the final concentration it gives, in the protocol's unit. */
export interface D300Dispense {
  readonly fluid: D300Fluid;
  readonly concentration: number;
}

/** A plate of a D300 protocol. */
export interface D300Plate {
  /** 1-based, in protocol order. */
  readonly index: number;
  /** The plate's name (a barcode), "" when unnamed. */
  readonly name: string;
  /** The plate size the protocol states; 0 when the source does not say (a report), the map then sized by its wells. */
  readonly rows: number;
  readonly columns: number;
  /** Assay volume in the protocol's volume unit (as written). */
  readonly assayVolume: string;
  /** Dispenses per well id, in protocol order. */
  readonly wells: Map<string, { readonly row: number; readonly column: number; readonly dispenses: D300Dispense[] }>;
  /** Wells the protocol backfills (with DMSO or an aqueous vehicle) to an equal vehicle volume. */
  readonly backfilled: Set<string>;
}

/** A D300 protocol as ic50 reads it. */
export interface D300Protocol {
  /** The protocol's concentration unit (its `ConcentrationUnit`, e.g. µM), that of every dispense. */
  readonly unit: ConcentrationUnit;
  readonly plates: D300Plate[];
}

/** Elements that repeat, so they are arrays even when there is one. */
const REPEATED = new Set(['Fluid', 'Plate', 'Well', 'Backfill']);

/** true for the text of a D300 protocol (.tdd, .hpdd): an XML document whose root is <Protocol>. */
export function isD300Protocol(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<Protocol[\s>]/.test(head);
}

type Node = Record<string, unknown>;

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return String((value as Node)['#text'] ?? '').trim();
  return String(value).trim();
}

/** An index attribute (Row, Col, P, R, C): a whole number from 0, or -1 when it is missing or not one. */
function indexOf(node: Node, name: string): number {
  const text = typeof node[name] === 'string' ? (node[name] as string).trim() : '';
  return /^\d+$/.test(text) ? Number(text) : -1;
}

function attributeText(node: Node, name: string): string {
  return typeof node[name] === 'string' ? (node[name] as string) : '';
}

function listOf(value: unknown): Node[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as Node[];
}

/**
 * Parses a D300 protocol (the HP/Tecan D300 digital dispenser's `.tdd` file, XML): its unit, its
 * fluids and, per plate, every well's dispenses and the wells it backfills. As gDRimport reads it:
 * well `Row`/`Col` attributes count from 0 (Row="1" Col="1" is well B2); a well's `<Fluid ID>`
 * value is the final concentration in the protocol's top-level `ConcentrationUnit` (not the
 * fluid's stock unit); a dilution fluid (`RootFluidID`) is its root's compound. Backfills are
 * `<Backfills><Backfill><Wells><Well P R C/>` (plate, row, column from 0).
 *
 * Throws Ic50Error (naming the plate and well) for anything that would misplace a dose: not XML,
 * no <Protocol>, an unknown unit, `MolarityConcentrationUnit` differing from `ConcentrationUnit`,
 * a randomized plate (its wells are not where the protocol lists them), a mode other than
 * Concentration, a fluid or well that does not exist, a well off its plate, a dose that is not a
 * number above 0.
 */
export async function readD300Protocol(text: string, source: string): Promise<D300Protocol> {
  const where = (extra: Partial<Location> = {}): Location => ({ file: source, ...extra });
  // Loaded on first use: few runs read a protocol, and start-up matters for one plate.
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new Ic50Error(`not a readable D300 protocol: ${xmlProblem(valid.err.msg)}`, { code: 'format', location: where({ line: valid.err.line }), hint: 'export the protocol again from the D300 software' });
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, isArray: (name) => REPEATED.has(name) });
  let parsed: Node;
  try {
    parsed = parser.parse(text) as Node;
  } catch (error) {
    throw new Ic50Error(`not a readable D300 protocol: ${error instanceof Error ? error.message : String(error)}`, { code: 'format', location: where(), hint: 'export the protocol again from the D300 software' });
  }
  const protocol = parsed.Protocol as Node | undefined;
  if (!protocol || typeof protocol !== 'object') throw new Ic50Error('not a D300 protocol: no <Protocol> element', { code: 'format', location: where() });
  const unitText = textOf(protocol.ConcentrationUnit);
  const unit = parseConcentrationUnit(unitText);
  if (!unit || unit.isLog) {
    throw new Ic50Error(`the protocol's concentration unit "${unitText}" is not a molar unit`, {
      code: 'unit',
      location: where(),
      hint: 'ic50 reads protocols in molar units (pM, nM, µM, mM, M): set the protocol to molarity in the D300 software',
    });
  }
  const molarity = textOf(protocol.MolarityConcentrationUnit);
  if (molarity !== '' && parseConcentrationUnit(molarity)?.name !== unit.name) {
    throw new Ic50Error(`the protocol's ConcentrationUnit (${unitText}) and MolarityConcentrationUnit (${molarity}) differ: which one the doses are in is not certain`, {
      code: 'unit',
      location: where(),
      hint: 'export the protocol again with one molar unit',
    });
  }
  const plates = listOf((protocol.Plates as Node | undefined)?.Plate);
  const mode = textOf((protocol.Plates as Node | undefined)?.Mode);
  if (mode !== '' && mode.toLowerCase() !== 'concentration') {
    throw new Ic50Error(`the protocol's plates are in "${mode}" mode: its well values are not concentrations`, { code: 'format', location: where(), hint: 'ic50 reads protocols in Concentration mode' });
  }

  // Fluids, and their compounds (a dilution's root fluid names it).
  const raw = new Map<string, Node>();
  for (const fluid of listOf((protocol.Fluids as Node | undefined)?.Fluid)) raw.set(textOf(fluid.ID), fluid);
  const fluids = new Map<string, D300Fluid>();
  for (const [id, fluid] of raw) {
    let root = fluid;
    const seen = new Set([id]);
    for (let parent = textOf(root.RootFluidID); parent !== '' && raw.has(parent) && !seen.has(parent); parent = textOf(root.RootFluidID)) {
      seen.add(parent);
      root = raw.get(parent)!;
    }
    const name = textOf(fluid.Name);
    const notMolar = textOf(fluid.ByVol).toLowerCase() === 'true' || /g/i.test(textOf(fluid.ConcentrationUnit));
    fluids.set(id, { id, name, compound: textOf(root.Name) || name, notMolar });
  }

  const out: D300Plate[] = plates.map((plate, p) => {
    const index = p + 1;
    const name = textOf(plate.Name);
    const label = name ? `plate ${index} ("${name}")` : `plate ${index}`;
    const randomize = plate.Randomize;
    if (randomize !== undefined && randomize !== '' && (typeof randomize === 'object' || textOf(randomize) !== '')) {
      throw new Ic50Error(`${label} is randomized: its wells are not where the protocol lists them`, {
        code: 'layout',
        location: where(),
        hint: 'ic50 cannot undo the D300 randomization; dispense without it, or give the plate map as a table',
      });
    }
    const rows = Number(textOf(plate.Rows));
    const columns = Number(textOf(plate.Cols));
    if (!(Number.isInteger(rows) && rows > 0 && Number.isInteger(columns) && columns > 0)) {
      throw new Ic50Error(`${label} has no plate size (Rows "${textOf(plate.Rows)}", Cols "${textOf(plate.Cols)}")`, { code: 'format', location: where() });
    }
    const wells: D300Plate['wells'] = new Map();
    for (const well of listOf((plate.Wells as Node | undefined)?.Well)) {
      const row = indexOf(well, 'Row');
      const column = indexOf(well, 'Col');
      if (!(row >= 0 && column >= 0 && row < rows && column < columns)) {
        throw new Ic50Error(`${label}: a well at Row="${attributeText(well, 'Row')}" Col="${attributeText(well, 'Col')}" is off the ${rows}×${columns} plate (rows and columns count from 0)`, { code: 'layout', location: where() });
      }
      const id = formatWellId(row, column);
      const entry = wells.get(id) ?? { row, column, dispenses: [] };
      for (const dispense of listOf(well.Fluid)) {
        const fluidId = textOf(dispense.ID);
        const fluid = fluids.get(fluidId);
        if (!fluid) throw new Ic50Error(`${label}: fluid ID ${fluidId} is not among the protocol's fluids`, { code: 'format', location: where({ well: id }) });
        const valueText = textOf(dispense);
        const concentration = Number(valueText);
        if (valueText === '' || !Number.isFinite(concentration) || concentration < 0) {
          throw new Ic50Error(`${label}: fluid "${fluid.name}" has the dose "${valueText}", not a number of at least 0`, { code: 'value', location: where({ well: id }) });
        }
        if (concentration > 0) entry.dispenses.push({ fluid, concentration });
      }
      wells.set(id, entry);
    }
    return { index, name, rows, columns, assayVolume: textOf(plate.AssayVolume), wells, backfilled: new Set<string>() };
  });

  for (const backfill of listOf((protocol.Backfills as Node | undefined)?.Backfill)) {
    for (const well of listOf((backfill.Wells as Node | undefined)?.Well)) {
      const plate = out[indexOf(well, 'P')];
      const row = indexOf(well, 'R');
      const column = indexOf(well, 'C');
      if (!plate || !(row >= 0 && column >= 0 && row < plate.rows && column < plate.columns)) {
        throw new Ic50Error(`a backfill well at P="${attributeText(well, 'P')}" R="${attributeText(well, 'R')}" C="${attributeText(well, 'C')}" is on no plate of the protocol (plates, rows and columns count from 0)`, { code: 'layout', location: where() });
      }
      plate.backfilled.add(formatWellId(row, column));
    }
  }
  return { unit, plates: out };
}

/**
 * A D300 protocol as plate maps: one per plate, its size as the protocol states it. A well's
 * dispenses of one compound are summed (a fluid and its dilutions); then, in protocol order:
 * only control fluids (DMSO, …) or only a backfill → vehicle (a name that says blank or positive
 * control keeps that role); one compound → a sample at its final concentration in the protocol's
 * unit; several → a co-treatment (see wellFromAgents: `A (+ B 0.1 uM)` is its own curve). A well
 * the protocol neither dispenses into nor backfills is not in the map. A compound dispensed by
 * volume or mass concentration has no molar dose: its wells are excluded, with a note.
 *
 * Plates are matched by name (barcode), else by number ("3"); a protocol of one plate serves
 * every plate. Cell lines are never in a protocol: they come per input (--cell-line, a manifest).
 */
export async function readD300Layout(text: string, source: string, options: LayoutOptions = {}): Promise<{ layouts: PlateLayout[]; notes: string[] }> {
  return d300Layouts(await readD300Protocol(text, source), source, options, 'the D300 protocol');
}

/**
 * The plate maps of what a D300 dispensed (a protocol, or the wells of its report; see
 * readD300Layout): `what` names the source in messages ("the D300 protocol").
 */
export function d300Layouts(protocol: D300Protocol, source: string, options: LayoutOptions, what: string): { layouts: PlateLayout[]; notes: string[] } {
  const notes: string[] = [];
  const layouts: PlateLayout[] = [];
  if (protocol.plates.length === 0) throw new Ic50Error(`${what} has no plates`, { code: 'no_data', location: { file: source } });
  const single = protocol.plates.length === 1;
  for (const plate of protocol.plates) {
    const key = single ? '' : plate.name || String(plate.index);
    const label = plate.name ? `plate ${plate.index} ("${plate.name}")` : `plate ${plate.index}`;
    const builder = new LayoutBuilder(source);
    if (plate.rows > 0 && plate.columns > 0) builder.cover(key, plate.rows - 1, plate.columns - 1);
    const notMolar: string[] = [];
    let vehicles = 0;
    const ids = new Set([...plate.wells.keys(), ...plate.backfilled]);
    const positions = [...ids].map((id) => ({ id, ...(plate.wells.get(id) ?? parseWellId(id)!) })).sort((a, b) => a.row - b.row || a.column - b.column);
    for (const { id, row, column } of positions) {
      const location: Location = { file: source, well: id };
      const position = checkedPosition(row, column, id, location);
      const dispenses = plate.wells.get(id)?.dispenses ?? [];
      // Doses of one compound summed, in order of first dispense.
      const byCompound = new Map<string, { amount: number; notMolar: boolean }>();
      for (const d of dispenses) {
        const previous = byCompound.get(d.fluid.compound);
        byCompound.set(d.fluid.compound, { amount: (previous?.amount ?? 0) + d.concentration, notMolar: (previous?.notMolar ?? false) || d.fluid.notMolar });
      }
      const compounds = [...byCompound];
      const unmeasurable = compounds.find(([compound, dose]) => dose.notMolar && inferRole(compound, false) === 'sample');
      if (unmeasurable) {
        notMolar.push(id);
        builder.add(key, position, { role: 'exclude', roleInferred: false, cellLine: '', compound: unmeasurable[0], log10Molar: Number.NaN, unit: '' });
        continue;
      }
      const agents: AgentCells[] = compounds.map(([compound, dose]) => ({
        compound,
        concentration: String(dose.amount),
        units: { option: protocol.unit },
        location,
      }));
      const well = agents.length > 0 ? wellFromAgents('', agents, false, location) : null;
      if (well === null) {
        // A backfill alone: the vehicle.
        vehicles++;
        builder.add(key, position, { role: 'vehicle', roleInferred: true, cellLine: options.cellLine ?? '', compound: '', log10Molar: Number.NaN, unit: '' });
        continue;
      }
      if (well.role === 'vehicle') vehicles++;
      builder.add(key, position, { role: well.role, roleInferred: true, cellLine: options.cellLine ?? '', compound: well.compound, log10Molar: well.log10Molar, unit: well.unit });
    }
    if (notMolar.length > 0) {
      notes.push(`${label}: ${notMolar.length} well${notMolar.length === 1 ? '' : 's'} (${notMolar.slice(0, 6).join(', ')}${notMolar.length > 6 ? ', …' : ''}) dosed by volume or mass, not molarity: excluded`);
    }
    if (vehicles === 0 && ids.size > 0) {
      notes.push(`${label}: no vehicle wells (no well gets only DMSO or only a backfill): give the controls another way, e.g. edit the table \`ic50 inspect MAP --format csv\` prints and use it as the map`);
    }
    if (ids.size === 0) continue;
    const [layout] = builder.build();
    const aliases = single ? [plate.name || String(plate.index)] : plate.name ? [String(plate.index)] : [];
    layouts.push({ ...layout!, aliases });
  }
  if (layouts.length === 0) throw new Ic50Error(`${what} dispenses into no well`, { code: 'no_data', location: { file: source } });
  return { layouts, notes };
}
