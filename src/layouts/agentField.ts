import { columnField, splitHeaderUnit, type ColumnField } from '../plate/columns.js';
import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import type { Location } from '../types.js';

/** The fields a plate map gives per agent of a well (a co-treatment has a second compound and concentration). */
export type AgentVariable = 'compound' | 'concentration' | 'unit';

/** What a column header (or a sheet name) of a plate map names, with the agent it belongs to. */
export interface AgentFieldMatch {
  readonly field: ColumnField;
  /** 1 for the first (or only) agent of a well; 2, 3, … for co-treatments (gDR's `Gnumber_2`, Thunor's `drug2`). */
  readonly agent: number;
  /** A unit in the header (`Concentration_2 (uM)`). */
  readonly unit: ConcentrationUnit | null;
}

const AGENT_FIELDS: ReadonlySet<ColumnField> = new Set<ColumnField>(['compound', 'concentration', 'unit']);

/**
 * The field a plate-map header names, with its agent: any name of the column vocabulary
 * (plate/columns.ts) is agent 1; a compound, concentration or unit name followed by a number 2–9
 * names a co-treatment — gDR's `Gnumber_2` / `Concentration_2`, `drug 2`, `compound2`, and
 * Thunor's `drug2`, `drug2.conc`, `drug2.units`. Null when the header names nothing.
 * With a `location`, an unknown bracketed unit is an error (see columnField).
 */
export function agentField(header: string, location?: Location): AgentFieldMatch | null {
  const direct = columnField(header, location);
  if (direct) return { field: direct.field, agent: 1, unit: direct.unit };
  const thunor = /^drug\s*([1-9])[\s_.-]*(conc|concentration|units?)?$/i.exec(header.trim());
  if (thunor) {
    const field: ColumnField = thunor[2] === undefined ? 'compound' : /^conc/i.test(thunor[2]) ? 'concentration' : 'unit';
    return { field, agent: Number(thunor[1]), unit: null };
  }
  const { name, unit } = splitHeaderUnit(header);
  const numbered = /^(.*?)[\s_.-]*([2-9])$/.exec(name.trim());
  if (!numbered || numbered[1] === '') return null;
  const base = columnField(numbered[1]!, location);
  if (!base || !AGENT_FIELDS.has(base.field)) return null;
  return { field: base.field, agent: Number(numbered[2]), unit: unit ?? base.unit };
}

/** The columns of one co-treatment agent (2, 3, …) in a header row: cell indexes of its compound, concentration and unit. */
export interface CoAgentColumns {
  readonly agent: number;
  readonly compound?: number;
  readonly concentration?: number;
  readonly unit?: number;
  /** A unit in the concentration header (`Concentration_2 (uM)`). */
  readonly headerUnit: ConcentrationUnit | null;
}

/** The co-treatment columns of a header row (agents 2, 3, …, in order; the first header naming a field wins). */
export function coAgentColumns(row: readonly string[], location?: Location): CoAgentColumns[] {
  const agents = new Map<number, { agent: number; compound?: number; concentration?: number; unit?: number; headerUnit: ConcentrationUnit | null }>();
  row.forEach((cell, i) => {
    if (cell === '' || /^[-+.,\d]/.test(cell)) return;
    const match = agentField(cell, location);
    if (!match || match.agent < 2 || !AGENT_FIELDS.has(match.field)) return;
    let columns = agents.get(match.agent);
    if (!columns) agents.set(match.agent, (columns = { agent: match.agent, headerUnit: null }));
    const field = match.field as AgentVariable;
    if (columns[field] !== undefined) return;
    columns[field] = i;
    if (field === 'concentration') columns.headerUnit = match.unit;
  });
  return [...agents.values()].sort((a, b) => a.agent - b.agent);
}
