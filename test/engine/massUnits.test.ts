import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyzeSources.js';
import { recordOf } from '../../src/writers/records.js';

/** A tidy CSV of one line: an antibody dosed in µg/mL (IC50 0.7 µg/mL) and a small molecule in nM (IC50 20 nM). */
function plate(extra: string[] = []): string {
  const rows = ['cell_line,compound,concentration,unit,signal'];
  for (const c of [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30]) {
    for (const r of [-1, 0, 1]) {
      rows.push(`A,daratumumab,${c},µg/mL,${(2 + 98 / (1 + (c / 0.7) ** 1.2) + r).toFixed(2)}`);
      rows.push(`A,bortezomib,${c * 10},nM,${(2 + 98 / (1 + (c * 10 / 20) ** 1.4) + r).toFixed(2)}`);
    }
  }
  rows.push('A,DMSO,0,,100', 'A,DMSO,0,,101', 'A,DMSO,0,,99', ',medium,,,0.5', ',medium,,,0.6');
  return [...rows, ...extra].join('\n') + '\n';
}

describe('mass units (biologics in µg/mL)', () => {
  it('fits a compound dosed by mass in its own unit, without a pIC50, beside a molar one', async () => {
    const report = await analyze([{ name: 'mass.csv', text: plate() }]);
    const dara = recordOf(report.rows.find((r) => r.kind === 'fit' && r.fit.compound === 'daratumumab')!);
    expect(dara.unit).toBe('ug/mL');
    expect(dara.ic50 as number).toBeCloseTo(0.7, 1);
    expect(dara.pic50).toBeNull();
    const btz = recordOf(report.rows.find((r) => r.kind === 'fit' && r.fit.compound === 'bortezomib')!);
    expect(btz.unit).toBe('nM');
    expect(btz.pic50 as number).toBeCloseTo(-Math.log10((btz.ic50 as number) * 1e-9), 9);
  });

  it('converts with --unit-out only within a kind, and says so', async () => {
    const inNg = await analyze([{ name: 'mass.csv', text: plate() }], { unitOut: { name: 'ng/mL', log10Molar: -6, isLog: false, kind: 'mass' } });
    const dara = recordOf(inNg.rows.find((r) => r.kind === 'fit' && r.fit.compound === 'daratumumab')!);
    expect(dara.unit).toBe('ng/mL');
    expect(dara.ic50 as number).toBeCloseTo(700, -1);
    const btz = recordOf(inNg.rows.find((r) => r.kind === 'fit' && r.fit.compound === 'bortezomib')!);
    expect(btz.unit).toBe('nM');
    expect(inNg.warnings.map((w) => w.message).join('\n')).toMatch(/"bortezomib" is dosed in nM, a molar unit: reported in nM, not ng\/mL/);
  });

  it('refuses a compound dosed in both kinds, naming both places', async () => {
    const report = await analyze([{ name: 'ok.csv', text: plate() }, { name: 'mixed.csv', text: plate(['A,daratumumab,5,nM,50']) }]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.file).toBe('mixed.csv');
    expect(report.errors[0]!.message).toMatch(/compound "daratumumab" is dosed in nM \(molar\) here, but in ug\/mL at ok\.csv line 2/);
    // Within one file too.
    const one = await analyze([{ name: 'ok.csv', text: plate() }].map((s) => ({ ...s, text: plate(['A,daratumumab,5,nM,50']) })));
    expect(one.errors[0]!.line).toBe(55);
  });

  it('forgets the units of a file it refuses: a later file may dose that compound in the other kind', async () => {
    const molar = ['cell_line,compound,concentration,unit,signal'];
    for (const c of [1, 3, 10, 30, 100, 300, 1000, 3000]) molar.push(`A,daratumumab,${c},nM,${(2 + 98 / (1 + (c / 50) ** 1.2)).toFixed(2)}`);
    molar.push('A,DMSO,0,,100', 'A,DMSO,0,,102', ',medium,,,0.5');
    const report = await analyze([
      { name: 'mixed.csv', text: plate(['A,daratumumab,5,nM,50']) },
      { name: 'molar.csv', text: molar.join('\n') + '\n' },
    ]);
    expect(report.errors.map((e) => e.file)).toEqual(['mixed.csv']);
    expect(report.rows.filter((r) => r.kind === 'fit').map((r) => (r.kind === 'fit' ? `${r.fit.compound} ${r.fit.unit}` : ''))).toEqual(['daratumumab nM']);
  });
});
