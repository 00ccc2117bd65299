import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze as analyzeEngine } from '../../src/engine/analyze.js';
import { InlineExecutor } from '../../src/engine/tasks.js';
import { fileReader } from '../../src/io/fileContent.js';
import { openInputs } from '../../src/io/inputs.js';
import { analyze } from '../../src/index.js';
import { resolveOptions } from '../../src/options.js';
import { parseExclusionList } from '../../src/plate/exclusions.js';
import { delimitedSink } from '../../src/writers/delimited.js';
import { MM1S_NAME, MM1S_TEXT } from '../writers/mm1s.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EXCLUDED = ['P-WT-1:A1', 'P-WT-1:A2', 'P-WT-1:A3', 'P-WT-1:A11'];

/** The example without the rows of some wells. */
function without(labels: readonly string[]): string {
  return MM1S_TEXT.split('\n')
    .filter((line) => !labels.some((label) => line.startsWith(label.replace(':', ',') + ',')))
    .join('\n');
}

describe('excluded wells', () => {
  it('give the same fits and plate QC as deleting their rows, and stay listed on their curve', async () => {
    const exclude = parseExclusionList('P-WT-1:A1-A3, P-WT-1:A11', 'edge effect');
    const excluded = await analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], { parental: 'MM1S WT', exclude });
    const deleted = await analyze([{ name: MM1S_NAME, text: without(EXCLUDED) }], { parental: 'MM1S WT' });
    expect(MM1S_TEXT.split('\n').length - without(EXCLUDED).split('\n').length).toBe(4);
    expect(excluded.fits).toHaveLength(deleted.fits.length);
    excluded.fits.forEach((fit, i) => {
      const other = deleted.fits[i]!;
      expect(fit.nPoints).toBe(other.nPoints);
      expect(fit.log10Ic50.value).toBe(other.log10Ic50.value);
      expect(fit.rss).toBe(other.rss);
    });
    const wt = excluded.fits.find((f) => f.cellLine === 'MM1S WT' && f.compound === 'bortezomib')!;
    expect(wt.nPoints).toBe(57);
    expect(wt.excluded!.wells).toEqual(['P-WT-1:A1', 'P-WT-1:A2', 'P-WT-1:A3']);
    expect(wt.excluded!.reasons).toEqual(['edge effect', 'edge effect', 'edge effect']);
    // Their responses, normalized like every other well (8265 RLU at 1000 nM ≈ 2.5 %).
    expect(wt.excluded!.log10Molar[0]).toBeCloseTo(-6, 9);
    expect(wt.excluded!.response[0]).toBeGreaterThan(0);
    expect(wt.excluded!.response[0]).toBeLessThan(5);
    expect(excluded.fits.filter((f) => f.excluded).length).toBe(1);
    // The vehicle well is not a control any more: the plate's normalization is the deleted one's.
    const qc = excluded.plates.find((p) => p.plate === 'P-WT-1')!;
    const qcDeleted = deleted.plates.find((p) => p.plate === 'P-WT-1')!;
    expect(qc.vehicleMean).toBe(qcDeleted.vehicleMean);
    expect(qc.nVehicle).toBe(qcDeleted.nVehicle);
    expect(qc.nExcluded).toBe(qcDeleted.nExcluded + 4);
    // The audit list: every well, with the role it had.
    expect(excluded.excluded!.map((w) => [w.label, w.role, w.reason])).toEqual([
      ['P-WT-1:A1', 'sample', 'edge effect'],
      ['P-WT-1:A2', 'sample', 'edge effect'],
      ['P-WT-1:A3', 'sample', 'edge effect'],
      ['P-WT-1:A11', 'vehicle', 'edge effect'],
    ]);
    expect(deleted.excluded).toBeUndefined();
  });

  it('a curve whose wells are all excluded is reported, not fitted', async () => {
    const exclude = parseExclusionList('P-WT-1:A1-F10, P-WT-2:A1-F10');
    const report = await analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], { exclude });
    const wt = report.fits.find((f) => f.cellLine === 'MM1S WT' && f.compound === 'bortezomib')!;
    expect(wt.nPoints).toBe(0);
    expect(wt.flags).toContain('too_few_concentrations');
    expect(wt.excluded!.wells).toHaveLength(60);
  });

  it('are the same whatever the size of the parts the file is read in, read once or twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic50-exclusions-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'mm1s.csv');
    writeFileSync(path, MM1S_TEXT);
    const run = async (chunkBytes: number, keepWellsBytes?: number) => {
      let out = '';
      const options = resolveOptions({ parental: 'MM1S WT', exclude: parseExclusionList('P-WT-2:C1-C10,P-RBTZ-1:A11,P-WT-1:A12', 'x') });
      const { inputs } = await openInputs([{ path }], undefined, { outputs: [], others: [] });
      await analyzeEngine(inputs, options, { executor: new InlineExecutor(fileReader), sink: delimitedSink((t) => void (out += t), ',', false, options), chunkBytes, keepWellsBytes });
      return out;
    };
    const whole = await run(8 << 20);
    expect(whole).toMatch(/P-WT-2:C1;P-WT-2:C2/);
    for (const chunkBytes of [700, 4096]) expect(await run(chunkBytes)).toBe(whole);
    // Read once (pass 1 keeps the wells, the excluded ones with their reasons) or twice: the same.
    expect(await run(4096, 0)).toBe(whole);
    expect(await run(8 << 20, 0)).toBe(whole);
  });

  it('a well that is not in the data stops the run before anything is written', async () => {
    await expect(analyze([{ name: MM1S_NAME, text: MM1S_TEXT }], { exclude: parseExclusionList('P-WT-1:P24') })).rejects.toThrow(/P-WT-1:P24: no such well/);
  });

  it('leave a time-zero study’s treated well out of its curve at its time, normalized to its plate at that time', async () => {
    // Once the second pass put an excluded well on a curve without a time: "the file changed while it was being read".
    const text = readFileSync(fileURLToPath(new URL('../../fixtures/mm1s-growth-celltiter-glo.csv', import.meta.url)), 'utf8');
    const source = [{ name: 'fixtures/mm1s-growth-celltiter-glo.csv', text }];
    const excluded = await analyze(source, { parental: 'MM1S WT', exclude: parseExclusionList('P-RBTZ-1:A4', 'bubble') });
    const plain = await analyze(source, { parental: 'MM1S WT' });
    expect(excluded.errors).toEqual([]);
    expect(excluded.fits.map((f) => f.nPoints)).toEqual(plain.fits.map((f) => f.nPoints - (f.cellLine === 'MM1S/R BTZ' && f.compound === 'bortezomib' ? 1 : 0)));
    const btz = excluded.fits.find((f) => f.cellLine === 'MM1S/R BTZ' && f.compound === 'bortezomib')!;
    expect(btz.time).toBe(72);
    expect(btz.excluded!.wells).toEqual(['P-RBTZ-1:A4']);
    // Its response as it was when it was a point of the curve.
    const point = plain.fits.find((f) => f.cellLine === 'MM1S/R BTZ' && f.compound === 'bortezomib')!.points;
    const at = point.log10Molar.findIndex((u, i) => Math.abs(u - btz.excluded!.log10Molar[0]!) < 1e-12 && Math.abs(point.response[i]! - btz.excluded!.response[0]!) < 1e-9);
    expect(at).toBeGreaterThanOrEqual(0);
  });

  it('of data read at a time (a time column) stay on their curve of that time', async () => {
    // The second pass looked for the excluded well on a curve of no time, and the run stopped as
    // if the file had changed between the passes.
    const rows = ['plate,well,cell_line,compound,concentration_nM,time_h,signal'];
    let i = 0;
    const well = () => `${'ABCDEFGH'[Math.floor(i / 12)]}${(i++ % 12) + 1}`;
    for (let k = 0; k < 4; k++) rows.push(`P72,${well()},L1,DMSO,0,72,8000`);
    for (const c of [1, 3, 10, 30, 100, 300, 1000, 3000]) for (let r = 0; r < 3; r++) rows.push(`P72,${well()},L1,drugA,${c},72,${((8000 / (1 + c / 100)) * (1 + 0.02 * r)).toFixed(1)}`);
    const text = rows.join('\n') + '\n';
    const report = await analyze([{ name: 'timed.csv', text }], { exclude: parseExclusionList('P72:A5', 'bubble') });
    expect(report.errors).toEqual([]);
    expect(report.fits).toHaveLength(1);
    expect(report.fits[0]!.time).toBe(72);
    expect(report.fits[0]!.nPoints).toBe(23);
    expect(report.fits[0]!.excluded!.wells).toEqual(['P72:A5']);
    // Normalized like its neighbours, under its plate's controls of that time: 7920.8 of 8000.
    expect(report.fits[0]!.excluded!.response[0]).toBeCloseTo(99.01, 9);
  });
});
