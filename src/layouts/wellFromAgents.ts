import { fromLog10Molar } from '../plate/concentrationUnit.js';
import { inferRole } from '../plate/roles.js';
import type { Location, WellRole } from '../types.js';
import { concentrationIsZero, layoutConcentration, type UnitSources } from './layoutConcentration.js';
import { layoutRole } from './layoutRole.js';

/** One agent of a well as a map gives it: its compound cell and its concentration cell, with where its unit may come from. */
export interface AgentCells {
  readonly compound: string;
  readonly concentration: string;
  readonly units: UnitSources;
  /** Where its concentration is given (messages). */
  readonly location: Location;
}

/** What a map says of a well once its agents are taken together. */
export interface AgentsWell {
  readonly role: WellRole;
  readonly roleInferred: boolean;
  readonly compound: string;
  /** log10 molar of the dosed agent; NaN for controls. */
  readonly log10Molar: number;
  readonly unit: string;
}

/** "0.1 uM": a co-treatment's dose, to 4 significant digits (so that 0.0333… and 0.03333 name one condition). */
function doseText(log10Molar: number, unit: { name: string; log10Molar: number; isLog: boolean }): string {
  return `${Number(fromLog10Molar(log10Molar, unit).toPrecision(4))} ${unit.name}`;
}

/**
 * The role, compound and concentration of a well from its agents (one for most maps; gDR's
 * `Gnumber_2`/`Concentration_2`, Thunor's `drug2`, a dispenser's second fluid for
 * co-treatments). Agent 1's role follows layoutRole (a role cell wins). An agent beyond the first
 * is active when it names a compound that is not a control name (`vehicle`, `untreated`, `DMSO`)
 * and its concentration is not 0. Then:
 *
 * - no active agent: agent 1's role (vehicle, blank, …, or nothing said: null);
 * - one active agent: a sample of it — also when agent 1 is a vehicle (gDR writes a second agent
 *   alone as `vehicle` + `G04 0.1`);
 * - several: a sample of the first active agent, dosed by its concentration, in the presence of
 *   the others at fixed doses, which name the condition: `G01 (+ G04 0.1 uM)`. Each fixed
 *   co-treatment is its own curve, never pooled with the agent alone.
 *
 * A role cell other than sample, or a first agent named as a blank or positive control, keeps
 * the well a control whatever its other agents. Throws Ic50Error
 * (at the agent's location) for concentrations that cannot be read, as layoutConcentration does.
 */
export function wellFromAgents(roleText: string, agents: readonly AgentCells[], decimalComma: boolean, location: Location): AgentsWell | null {
  const first = agents[0]!;
  const role = layoutRole(roleText, first.compound, first.concentration, decimalComma, location);
  const roleInferred = roleText === '';
  // A role cell, or a name that says blank or positive control, keeps the well a control.
  if (role !== null && role !== 'sample' && (!roleInferred || role !== 'vehicle')) return { role, roleInferred, compound: first.compound, log10Molar: Number.NaN, unit: '' };
  const active: { compound: string; log10Molar: number; unit: { name: string; log10Molar: number; isLog: boolean } }[] = [];
  agents.forEach((agent, k) => {
    if (agent.compound === '') return;
    const zero = agent.concentration !== '' && concentrationIsZero(agent.concentration, decimalComma);
    if (k === 0 ? role !== 'sample' : inferRole(agent.compound, zero) !== 'sample') return;
    const dose = layoutConcentration(agent.concentration, agent.units, decimalComma, agent.location);
    active.push({ compound: agent.compound, log10Molar: dose.log10Molar, unit: dose.unit });
  });
  if (active.length === 0) return role === null ? null : { role, roleInferred, compound: first.compound, log10Molar: Number.NaN, unit: '' };
  const [dosed, ...fixed] = active;
  const compound = fixed.length === 0 ? dosed!.compound : `${dosed!.compound} (${fixed.map((f) => `+ ${f.compound} ${doseText(f.log10Molar, f.unit)}`).join(', ')})`;
  return { role: 'sample', roleInferred, compound, log10Molar: dosed!.log10Molar, unit: dosed!.unit.name };
}
