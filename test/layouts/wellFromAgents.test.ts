import { describe, expect, it } from 'vitest';
import { agentField, coAgentColumns } from '../../src/layouts/agentField.js';
import { wellFromAgents, type AgentCells } from '../../src/layouts/wellFromAgents.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';

const uM = parseConcentrationUnit('uM')!;
const at = { file: 'map.csv', line: 2, well: 'C3' };
const agent = (compound: string, concentration: string): AgentCells => ({ compound, concentration, units: { option: uM }, location: at });

describe('agentField', () => {
  it('names the first agent with the vocabulary and co-treatments with a number 2–9', () => {
    expect(agentField('Gnumber')).toMatchObject({ field: 'compound', agent: 1 });
    expect(agentField('Gnumber_2')).toMatchObject({ field: 'compound', agent: 2 });
    expect(agentField('Concentration_2')).toMatchObject({ field: 'concentration', agent: 2 });
    expect(agentField('concentration 3 (nM)')).toMatchObject({ field: 'concentration', agent: 3, unit: { name: 'nM' } });
    // Thunor's names.
    expect(agentField('drug1')).toMatchObject({ field: 'compound', agent: 1 });
    expect(agentField('drug2')).toMatchObject({ field: 'compound', agent: 2 });
    expect(agentField('drug2.conc')).toMatchObject({ field: 'concentration', agent: 2 });
    expect(agentField('drug2.units')).toMatchObject({ field: 'unit', agent: 2 });
    // Numbered fields that are not an agent's, and no field at all.
    expect(agentField('plate2')).toBeNull();
    expect(agentField('Comment')).toBeNull();
    expect(agentField('Duration')).toMatchObject({ field: 'time', agent: 1 });
  });

  it('finds the co-treatment columns of a header in order', () => {
    expect(coAgentColumns(['WellRow', 'WellColumn', 'Gnumber', 'Gnumber_2', 'Concentration', 'Concentration_2'])).toEqual([
      { agent: 2, compound: 3, concentration: 5, headerUnit: null },
    ]);
    expect(coAgentColumns(['well', 'compound', 'concentration'])).toEqual([]);
  });
});

describe('wellFromAgents', () => {
  it('is the first agent alone when the others are vehicle or 0', () => {
    expect(wellFromAgents('', [agent('G01', '0.1'), agent('vehicle', '0')], false, at)).toMatchObject({ role: 'sample', compound: 'G01', unit: 'uM' });
    expect(wellFromAgents('', [agent('G01', '0.1'), agent('G04', '0')], false, at)!.compound).toBe('G01');
    expect(wellFromAgents('', [agent('vehicle', '0'), agent('vehicle', '0')], false, at)).toMatchObject({ role: 'vehicle' });
  });

  it('is the second agent when the first is a vehicle (gDR writes a second agent alone so)', () => {
    const well = wellFromAgents('', [agent('vehicle', '0'), agent('G04', '0.1')], false, at)!;
    expect(well).toMatchObject({ role: 'sample', compound: 'G04', unit: 'uM' });
    expect(well.log10Molar).toBeCloseTo(-7, 12);
  });

  it('names a co-treatment by the fixed agent and its dose: never pooled with the agent alone', () => {
    const well = wellFromAgents('', [agent('G01', '0.0316227766016838'), agent('G04', '0.316227766016838')], false, at)!;
    expect(well.compound).toBe('G01 (+ G04 0.3162 uM)');
    expect(well.log10Molar).toBeCloseTo(Math.log10(0.0316227766016838e-6), 12);
    // Doses written to other precisions name the same condition.
    expect(wellFromAgents('', [agent('G01', '1'), agent('G04', '0.31622777')], false, at)!.compound).toBe('G01 (+ G04 0.3162 uM)');
    expect(wellFromAgents('', [agent('A', '1'), agent('B', '2'), agent('C', '3')], false, at)!.compound).toBe('A (+ B 2 uM, + C 3 uM)');
  });

  it('keeps a role cell, and a blank or positive name, whatever the other agents', () => {
    expect(wellFromAgents('vehicle', [agent('G01', '1'), agent('G04', '1')], false, at)).toMatchObject({ role: 'vehicle' });
    expect(wellFromAgents('', [agent('medium', ''), agent('G04', '1')], false, at)).toMatchObject({ role: 'blank' });
  });

  it('says nothing of a well with no agent, and refuses a co-treatment without a dose', () => {
    expect(wellFromAgents('', [agent('', ''), agent('', '')], false, at)).toBeNull();
    expect(() => wellFromAgents('', [agent('G01', '1'), agent('G04', '')], false, at)).toThrow(/no concentration/);
  });
});
