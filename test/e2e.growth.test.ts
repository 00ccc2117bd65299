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
});
