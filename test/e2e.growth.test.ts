import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyzeSources.js';
import { cli, parseCsv, ROOT, scratchFolders } from './cliHarness.js';
import { readReferenceCsv, referenceNumber } from './reference/readReference.js';

// Time-zero plates through the whole engine (tidy CSV → normalization → GR values → GR fit →
// GR RFs), against GRmetrics (test/reference/gr/). The study: a parental line doubling every
// 24 h and a resistant one every 48 h, 72 h assay, the same GR curve for both on each compound.

const scratch = scratchFolders();
const STUDY = join(ROOT, 'test/reference/gr/gr-study.csv');
const relative = (a: number, b: number) => Math.abs(a / b - 1);

describe('growth rate from time-zero plates, end to end', () => {
  it('gives GRmetrics’ metrics (its case A with the same arithmetic-mean controls)', async () => {
    const { code, stdout, stderr } = await cli(['fit', STUDY, '--parental', 'parental']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/no blank or positive-control wells/);
    const header = stdout.split('\n')[0]!.split(',');
    expect(header.slice(header.indexOf('auc') + 1, header.indexOf('auc') + 15)).toEqual([
      'control_doublings', 'gr50', 'gr50_ci_low', 'gr50_ci_high', 'gr_max', 'gr_inf', 'gec50', 'h_gr', 'gr_aoc', 'gr_r2', 'gr_flat_p', 'gi50', 'tgi', 'lc50',
    ]);
    expect(header).toContain('gr_rf');
    // One end time: no time column.
    expect(header).not.toContain('time');
    const rows = parseCsv(stdout);
    const tight = readReferenceCsv('gr/gr-study-meancontrols-metrics-tight.csv');
    const metrics = readReferenceCsv('gr/gr-study-meancontrols-metrics.csv');
    const trimmed = readReferenceCsv('gr/gr-metrics.csv');
    for (const m of metrics) {
      const row = rows.find((r) => r.cell_line === m.cell_line && r.compound === m.treatment)!;
      const t = tight.find((r) => r.cell_line === m.cell_line && r.treatment === m.treatment)!;
      // 6 significant digits in the CSV.
      expect(relative(Number(row.gr50), referenceNumber(t.GR50_tight))).toBeLessThan(1e-5);
      expect(relative(Number(row.gec50), referenceNumber(t.GEC50_tight))).toBeLessThan(1e-5);
      expect(relative(Number(row.h_gr), referenceNumber(t.h_GR_tight))).toBeLessThan(1e-5);
      expect(Math.abs(Number(row.gr_inf) - referenceNumber(t.GRinf_tight))).toBeLessThan(1e-5);
      expect(Math.abs(Number(row.gr_max) - referenceNumber(m.GRmax))).toBeLessThan(1e-6);
      expect(Math.abs(Number(row.gr_aoc) - referenceNumber(m.GR_AOC))).toBeLessThan(1e-6);
      expect(Math.abs(Number(row.gr_r2) - referenceNumber(m.r2_GR))).toBeLessThan(1e-6);
      // GRmetrics' own averaging (a 50 % trimmed mean of the 6 control wells) moves GR50 by < 0.5 %.
      const own = trimmed.find((r) => r.cell_line === m.cell_line && r.compound === m.treatment)!;
      expect(relative(Number(row.gr50), referenceNumber(own.GR50))).toBeLessThan(5e-3);
      expect(relative(Number(row.control_doublings), referenceNumber(own.ctrl_cell_doublings))).toBeLessThan(1e-2);
    }
  });

  it('shows the growth-rate trap: GR RF ≈ 1 (the truth), the IC50 RF not', async () => {
    const rows = parseCsv((await cli(['fit', STUDY, '--parental', 'parental'])).stdout).filter((r) => r.cell_line === 'resistant');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      // The GR50s are the same curve's: the GR RF's interval holds 1.
      expect(Number(row.gr_rf_ci_low)).toBeLessThan(1);
      expect(Number(row.gr_rf_ci_high)).toBeGreaterThan(1);
      expect(Math.abs(Math.log10(Number(row.gr_rf)))).toBeLessThan(0.05);
      // The relative-viability IC50 of the slower line is higher: an apparent resistance.
      expect(Number(row.rf)).toBeGreaterThan(1.2);
      expect(Number(row.rf_ci_low)).toBeGreaterThan(1);
      // And the absolute IC50 (where viability crosses 50 %) far more so.
      const parental = parseCsv((await cli(['fit', STUDY])).stdout).find((r) => r.cell_line === 'parental' && r.compound === row.compound)!;
      expect(Number(row.ic50_abs) / Number(parental.ic50_abs)).toBeGreaterThan(1.5);
    }
    expect(rows.find((r) => r.compound === 'cytotoxic')!.flags).toContain('growth_rate_trap');
  });

  it('keeps curves read at several end times apart, each with its own controls (a time column)', async () => {
    // GRmetrics' case-A set: per line and replicate one time-zero read and a control read at 48
    // and at 72 h. As ic50 input: one plate per line and replicate, read at 0, 48 and 72 h.
    const sim = readReferenceCsv('gr/gr-caseA-sim.csv');
    const lines = ['plate,cell_line,compound,concentration_uM,time_h,signal'];
    const seen = new Set<string>();
    for (const r of sim) {
      const plate = `${r.cell_line}-${r.replicate}`;
      if (!seen.has(`${plate}:0`)) lines.push(`${plate},${r.cell_line},DMSO,0,0,${r.cell_count__time0}`);
      seen.add(`${plate}:0`);
      if (!seen.has(`${plate}:${r.time}`)) lines.push(`${plate},${r.cell_line},DMSO,0,${r.time},${r.cell_count__ctrl}`);
      seen.add(`${plate}:${r.time}`);
      lines.push(`${plate},${r.cell_line},${r.treatment},${r.concentration},${r.time},${r.cell_count}`);
    }
    const file = join(scratch(), 'two-times.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const { code, stdout } = await cli(['fit', file, '--pair', 'lineB=lineA']);
    expect(code).toBe(0);
    const header = stdout.split('\n')[0]!.split(',');
    expect(header.indexOf('time')).toBe(header.indexOf('experiment') + 1);
    const rows = parseCsv(stdout);
    expect(rows).toHaveLength(8);
    const tight = readReferenceCsv('gr/gr-caseA-sim-metrics-tight.csv');
    for (const t of tight) {
      const row = rows.find((r) => r.cell_line === t.cell_line && r.compound === t.treatment && r.time === t.time)!;
      expect(relative(Number(row.gr50), referenceNumber(t.GR50_tight))).toBeLessThan(1e-5);
      expect(Math.abs(Number(row.gr_inf) - referenceNumber(t.GRinf_tight))).toBeLessThan(1e-5);
    }
    // lineB is compared with lineA at the same time only.
    const b72 = rows.find((r) => r.cell_line === 'lineB' && r.compound === 'drugY' && r.time === '72')!;
    const a72 = rows.find((r) => r.cell_line === 'lineA' && r.compound === 'drugY' && r.time === '72')!;
    expect(Number(b72.gr_rf)).toBeCloseTo(Number(b72.gr50) / Number(a72.gr50), 4);
  });

  it('gives the NCI-60 measures of the hand-checked example', async () => {
    const example = readReferenceCsv('nci/nci-example.csv');
    const rows = ['cell_line,compound,concentration_nM,time_h,signal'];
    for (const compound of new Set(example.map((r) => r.compound!))) {
      const of = example.filter((r) => r.compound === compound);
      // One "line" per compound, as the example gives T0 and C per compound.
      rows.push(`${compound}-cells,DMSO,0,0,${of[0]!.t0}`, `${compound}-cells,DMSO,0,48,${of[0]!.control}`);
      for (const r of of) rows.push(`${compound}-cells,${compound},${r.conc_nM},48,${r.treated}`);
    }
    const report = await analyze([{ name: 'nci.csv', text: rows.join('\n') + '\n' }]);
    for (const m of readReferenceCsv('nci/nci-metrics.csv')) {
      const fit = report.fits.find((f) => f.compound === m.compound)!;
      for (const name of ['gi50', 'tgi', 'lc50'] as const) {
        expect(fit.gr![name].log10 + 9).toBeCloseTo(referenceNumber(m[`${name}_log10`]), 9);
        const flag = m[`${name}_flag`];
        if (flag === '>max') expect(fit.flags).toContain(`${name}_above_range`);
        if (flag === '<min') expect(fit.flags).toContain(`${name}_below_range`);
      }
    }
  });

  it('without time-zero reads: GR from --doubling-time and --assay-hours, the weaker route', async () => {
    const text = readFileSync(STUDY, 'utf8').split('\n').filter((l) => !l.includes(',time0')).join('\n');
    const report = await analyze([{ name: 'no-t0.csv', text }], { parental: 'parental', doublingTimes: [['parental', 24], ['resistant', 48]], assayHours: 72 });
    for (const fit of report.fits) {
      const d = 72 / (fit.cellLine === 'parental' ? 24 : 48);
      expect(fit.gr!.doublings).toBe(d);
      // GR = 2^(1 + log2(x/x_ctrl)·Td/T) − 1 for every well.
      fit.gr!.points.gr.forEach((gr, i) => expect(gr).toBeCloseTo(2 ** (1 + Math.log2(fit.points.response[i]! / 100) / d) - 1, 12));
    }
    // With the true doubling times the GR RFs are near 1 here too.
    for (const c of report.comparisons) expect(Math.abs(c.grLog10Rf!.value)).toBeLessThan(0.06);
    const unknown = await cli(['fit', STUDY, '--doubling-time', 'parentl=24', '--assay-hours', '72']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--doubling-time: cell line "parentl" is not in the data \(did you mean "parental"\?/);
    // Time-zero reads win over a doubling time for the same line, with a warning.
    const both = await analyze([{ name: 'study.csv', text: readFileSync(STUDY, 'utf8') }], { doublingTimes: [['parental', 30]], assayHours: 72 });
    expect(both.warnings.map((w) => w.message).join('\n')).toMatch(/cell line "parental": --doubling-time is not used, its time-zero reads measure the growth/);
    expect(both.fits.find((f) => f.cellLine === 'parental')!.gr!.doublings).toBeCloseTo(3.015, 2);
  });

  it('reads time-zero plates of plate-reader exports: a manifest-like time, a map time column, the role time0', async () => {
    const grid = (value: (row: number, column: number) => number | '') =>
      ['Luminescence', ',1,2,3,4,5,6,7,8,9,10,11,12', ...'ABCDEFGH'.split('').map((r, i) => [r, ...Array.from({ length: 12 }, (_, c) => value(i, c))].join(','))].join('\n') + '\n';
    const concentrations = [1000, 300, 100, 30, 10, 3, 1, 0.3];
    // 72 h plate: drug in A–C 1–8 (IC50 30 nM, falling to the time-zero level), DMSO in A–C 11, medium in A–C 12.
    const t72 = grid((r, c) => (r > 2 ? '' : c < 8 ? Math.round(100 + 7900 * (0.1 + 0.9 / (1 + concentrations[c]! / 30))) : c === 10 ? 8100 : c === 11 ? 100 : ''));
    const map = ['well,compound,concentration_nM', ...['A', 'B', 'C'].flatMap((r) => [...concentrations.map((x, c) => `${r}${c + 1},drugX,${x}`), `${r}11,DMSO,0`, `${r}12,medium,`])].join('\n');
    // The time-zero plate: DMSO wells read at treatment (time 0 from the source), blanks of its own.
    const t0 = grid((r, c) => (r > 2 ? '' : c === 10 ? 1100 : c === 11 ? 100 : ''));
    const map0 = ['well,compound,concentration_nM', ...['A', 'B', 'C'].flatMap((r) => [`${r}11,DMSO,0`, `${r}12,medium,`])].join('\n');
    const report = await analyze([
      { name: 't72.csv', text: t72, map: { name: 'map.csv', text: map }, cellLine: 'L', time: 72 },
      { name: 't0.csv', text: t0, map: { name: 'map0.csv', text: map0 }, cellLine: 'L', time: 0 },
    ]);
    expect(report.errors).toEqual([]);
    const fit = report.fits[0]!;
    // (8100 − 100)/(1100 − 100): each read less its own plate's blanks.
    expect(fit.gr!.doublings).toBeCloseTo(Math.log2(8000 / 1000), 12);
    expect(report.warnings.map((w) => w.message).join('\n')).toMatch(/no time-zero reads in this file; using the 3 of t0\.csv/);
    // The same plate with the time-zero wells in the map: a time column (0 for them) or the role time0.
    const both = grid((r, c) => (r > 2 ? (r === 3 && c < 3 ? 1100 : '') : c < 8 ? Math.round(100 + 7900 * (0.1 + 0.9 / (1 + concentrations[c]! / 30))) : c === 10 ? 8100 : c === 11 ? 100 : ''));
    const timed = ['well,compound,concentration_nM,time_h', ...map.split('\n').slice(1).map((l) => `${l},72`), 'D1,DMSO,0,0', 'D2,DMSO,0,0', 'D3,DMSO,0,0'].join('\n');
    const byTime = await analyze([{ name: 'both.csv', text: both, map: { name: 'timed.csv', text: timed }, cellLine: 'L' }]);
    expect(byTime.fits[0]!.gr!.doublings).toBeCloseTo(Math.log2(8000 / 1000), 12);
    const roles = ['well,compound,concentration_nM,role', ...map.split('\n').slice(1).map((l) => `${l},`), 'D1,,,time0', 'D2,,,time0', 'D3,,,time0'].join('\n');
    const byRole = await analyze([{ name: 'both.csv', text: both, map: { name: 'roles.csv', text: roles }, cellLine: 'L' }]);
    expect(byRole.fits[0]!.gr!.log10Gr50.value).toBe(byTime.fits[0]!.gr!.log10Gr50.value);
    expect(byRole.warnings.map((w) => w.message).join('\n')).not.toMatch(/time-zero/);
    // From the command line: a manifest's time column says which export is the time-zero plate.
    const dir = scratch();
    writeFileSync(join(dir, 't72.csv'), t72);
    writeFileSync(join(dir, 't0.csv'), t0);
    writeFileSync(join(dir, 'map.csv'), map);
    writeFileSync(join(dir, 'map0.csv'), map0);
    writeFileSync(join(dir, 'manifest.csv'), 'file,layout,cell_line,time_h\nt72.csv,map.csv,L,72\nt0.csv,map0.csv,L,0\n');
    const { code, stdout } = await cli(['fit', '--manifest', join(dir, 'manifest.csv'), '--format', 'json']);
    expect(code).toBe(0);
    const fits = (JSON.parse(stdout) as { fits: Record<string, number>[] }).fits;
    expect(fits[0]!.control_doublings).toBeCloseTo(Math.log2(8), 12);
  });

  it('the bundled time-zero example: a true GR RF of 3 on bortezomib and of 1 on carfilzomib, the IC50 RFs inflated', async () => {
    const { code, stdout, stderr } = await cli(['fit', join(ROOT, 'fixtures/mm1s-growth-celltiter-glo.csv'), '--parental', 'MM1S WT']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const rows = parseCsv(stdout).filter((r) => r.cell_line === 'MM1S/R BTZ');
    const btz = rows.find((r) => r.compound === 'bortezomib')!;
    const cfz = rows.find((r) => r.compound === 'carfilzomib')!;
    expect(Number(btz.gr_rf_ci_low)).toBeLessThan(3);
    expect(Number(btz.gr_rf_ci_high)).toBeGreaterThan(3);
    expect(Number(btz.rf_ci_low)).toBeGreaterThan(Number(btz.gr_rf_ci_high));
    expect(Number(cfz.gr_rf_ci_low)).toBeLessThan(1);
    expect(Number(cfz.gr_rf_ci_high)).toBeGreaterThan(1);
    expect(Number(cfz.rf_ci_low)).toBeGreaterThan(1.2);
    expect(cfz.flags).toContain('growth_rate_trap');
    // 72 h at 24 and 40 h doublings: 3 and 1.8 doublings of the vehicle.
    expect(Number(parseCsv(stdout).find((r) => r.cell_line === 'MM1S WT')!.control_doublings)).toBeCloseTo(3, 1);
    expect(Number(btz.control_doublings)).toBeCloseTo(1.8, 1);
  });
});
