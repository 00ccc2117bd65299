import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli as run, EXAMPLE as EXAMPLE_PATH, ROOT, scratchFolders } from './cliHarness.js';

// Batches: directories, globs, manifests, workers, failures (in process), and interruption (the real CLI).
const EXAMPLE = readFileSync(EXAMPLE_PATH, 'utf8');
const scratch = scratchFolders('ic50-batch-');

/** A tidy CSV of `curves` curves (10 concentrations, duplicates, vehicle and blank per line), seeded. */
function screen(curves: number, seed: number): string {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const rows = ['plate,cell_line,compound,concentration_uM,signal'];
  for (let c = 0; c < curves; c++) {
    const line = `line${c % 7}`;
    const plate = `plate${Math.floor(c / 50)}`;
    const ic50 = 10 ** (-2 + 3 * uniform());
    for (let k = 0; k < 10; k++) {
      const conc = 30 / 3 ** k;
      for (let r = 0; r < 2; r++) rows.push(`${plate},${line},cmpd${c},${conc.toPrecision(4)},${(100 / (1 + conc / ic50) + 4 * (uniform() - 0.5)).toFixed(3)}`);
    }
    if (c % 50 === 0 || c % 50 < 7) {
      for (let r = 0; r < 3; r++) rows.push(`${plate},${line},DMSO,,${(100 + 3 * (uniform() - 0.5)).toFixed(3)}`);
      rows.push(`${plate},,medium,,${(1 + uniform()).toFixed(3)}`);
    }
  }
  return rows.join('\n') + '\n';
}

describe('batches (end to end)', () => {
  const dir = scratch();
  const big = join(dir, 'screen.csv');
  writeFileSync(big, screen(800, 7));

  it('gives byte-identical output whatever --jobs is', async () => {
    const one = (await run(['fit', big, '--jobs', '1']));
    const two = (await run(['fit', big, '--jobs', '2']));
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout.split('\n')).toHaveLength(802); // header, 800 rows, final newline
    expect(two.stdout).toBe(one.stdout);
    const json1 = (await run(['fit', big, '--jobs', '1', '--format', 'json', '--parental', 'line0']));
    const json2 = (await run(['fit', big, '--jobs', '2', '--format', 'json', '--parental', 'line0']));
    expect([json1.code, json2.code]).toEqual([0, 0]);
    const a = json1.stdout.split('\n');
    const b = json2.stdout.split('\n');
    const first = a.findIndex((line, i) => line !== b[i]);
    expect(first === -1 ? null : { line: first, jobs1: a.slice(first - 3, first + 2), jobs2: b.slice(first - 3, first + 2) }).toBeNull();
    expect(b).toHaveLength(a.length);
  });

  it('walks directories (recursively with -r) and globs, in sorted order', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'b.csv'), EXAMPLE.replaceAll('MM1S', 'B'));
    writeFileSync(join(tree, 'a.csv'), EXAMPLE.replaceAll('MM1S', 'A'));
    writeFileSync(join(tree, 'sub', 'c.csv'), EXAMPLE.replaceAll('MM1S', 'C'));
    const lines = (stdout: string) => [...new Set(stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0]!.split(/[ /]/)[0]))];
    expect(lines((await run(['fit', tree])).stdout)).toEqual(['A', 'B']);
    expect(lines((await run(['fit', tree, '-r'])).stdout)).toEqual(['A', 'B', 'C']);
    expect(lines((await run(['fit', join(tree, '*.csv')])).stdout)).toEqual(['A', 'B']);
  });

  it('reads a manifest that maps files to plate ids and cell lines', async () => {
    const m = join(dir, 'manifest');
    mkdirSync(m, { recursive: true });
    const plain = EXAMPLE.split('\n').map((l) => l.split(',').filter((_, i) => i !== 2).join(',')).join('\n'); // drop cell_line
    writeFileSync(join(m, 'one.csv'), plain.replace(/^plate,well,/, 'plate,well,'));
    writeFileSync(join(m, 'manifest.csv'), 'file,cell_line,plate\none.csv,K562,BC-0001\n');
    const { code, stdout, stderr } = (await run(['fit', '--manifest', join(m, 'manifest.csv'), '--format', 'json']));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const fits = (JSON.parse(stdout) as { fits: { cell_line: string; plate: string[] }[] }).fits;
    expect(fits[0]!.cell_line).toBe('K562');
  });

  describe('failures', () => {
    it('an empty directory', async () => {
      const empty = join(dir, 'empty');
      mkdirSync(empty, { recursive: true });
      const { code, stdout, stderr } = (await run(['fit', empty]));
      expect(stderr).toMatch(/empty: directory has no \.csv, \.tsv, \.txt or \.xlsx files \(add -r to look in its subdirectories\)/);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    });

    it('a glob that matches nothing', async () => {
      const { code, stderr } = (await run(['fit', join(dir, 'nothing-*.csv')]));
      expect(stderr).toMatch(/nothing-\*\.csv: the pattern matches no \.csv, \.tsv, \.txt or \.xlsx file/);
      expect(code).toBe(2);
    });

    it('a manifest naming a missing file: reported, the others complete, exit 1', async () => {
      const m = join(dir, 'manifest2');
      mkdirSync(m, { recursive: true });
      writeFileSync(join(m, 'ok.csv'), EXAMPLE);
      writeFileSync(join(m, 'manifest.csv'), 'file\nok.csv\nmissing.csv\n');
      const { code, stdout, stderr } = (await run(['fit', '--manifest', join(m, 'manifest.csv')]));
      expect(stderr).toMatch(/missing\.csv: no such file/);
      expect(stdout.trim().split('\n')).toHaveLength(7);
      expect(code).toBe(1);
    });

    it('a manifest without a file column', async () => {
      const m = join(dir, 'manifest3.csv');
      writeFileSync(m, 'path_to_it,layout\nx.csv,\n'.replace('path_to_it', 'where'));
      const { code, stderr } = (await run(['fit', '--manifest', m]));
      expect(stderr).toMatch(/manifest3\.csv:1: unknown manifest column "where"|manifest3\.csv:1: no file column/);
      expect(code).toBe(2);
    });

    it('an interrupted run leaves no result file, half-written or whole, and no temporary file', async () => {
      const out = join(dir, 'out', 'results.csv');
      mkdirSync(join(dir, 'out'), { recursive: true });
      const huge = join(dir, 'huge.csv');
      writeFileSync(huge, screen(12000, 11));
      const child = spawn(process.execPath, [BIN, 'fit', huge, '-o', out, '--jobs', '1'], { stdio: 'ignore' });
      const exited = new Promise<string>((resolve) => child.on('exit', (c, signal) => resolve(signal ?? `exit ${c}`)));
      // Interrupt once the temporary output exists (the analysis has started and writes into it).
      const startedAt = Date.now();
      while (Date.now() - startedAt < 30_000 && !readdirSync(join(dir, 'out')).some((f) => f.endsWith('.tmp'))) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(readdirSync(join(dir, 'out')).some((f) => f.endsWith('.tmp'))).toBe(true);
      child.kill('SIGINT');
      // Cleaned up, then ended by the signal itself (a shell reports 130).
      expect(await exited).toBe('SIGINT');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(join(dir, 'out'))).toEqual([]);
    });
  });
});

describe('figures (end to end)', () => {
  it('writes one plot per compound, a heat map per plate and a self-contained report', async () => {
    const out = scratch();
    const { code, stdout } = (await run(['fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT', '--plot', join(out, 'plots'), '--report', join(out, 'report.html'), '--quiet']));
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^cell_line,compound,/); // the results still go to stdout
    expect(readdirSync(join(out, 'plots')).sort()).toEqual([
      'bortezomib.svg', 'carfilzomib.svg', 'plate-p-rbtz-1.svg', 'plate-p-rbtz-2.svg', 'plate-p-rcfz-1.svg', 'plate-p-rcfz-2.svg', 'plate-p-wt-1.svg', 'plate-p-wt-2.svg',
    ]);
    const svg = readFileSync(join(out, 'plots', 'bortezomib.svg'), 'utf8');
    expect(svg.match(/class="curve"/g)).toHaveLength(3);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const line of ['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ']) expect(html).toContain(line);
    // No address in the page; its review script (after <main>) holds the SVG namespace string but calls no network interface.
    expect(html.slice(0, html.indexOf('</main>'))).not.toMatch(/https?:|\/\/cdn|@import/);
    expect(html.slice(html.indexOf('</main>'))).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|\bimport\(|<link|\bsrc=/);
    const png = (await run(['fit', 'fixtures/mm1s-celltiter-glo.csv', '--plot', join(out, 'png'), '--plot-format', 'png', '--quiet']));
    expect(png.code).toBe(0);
    expect(readFileSync(join(out, 'png', 'carfilzomib.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('a screen streamed in bounded memory', () => {
  it('pools a curve whose replicate plates sit in different files, as the one-file run does', async () => {
    const dir = scratch();
    const [header, ...rows] = EXAMPLE.trim().split('\n');
    writeFileSync(join(dir, 'rep1.csv'), [header, ...rows.filter((r) => /^P-\w+-1,/.test(r))].join('\n') + '\n');
    writeFileSync(join(dir, 'rep2.csv'), [header, ...rows.filter((r) => /^P-\w+-2,/.test(r))].join('\n') + '\n');
    const whole = (await run(['fit', join(ROOT, 'fixtures/mm1s-celltiter-glo.csv')]));
    for (const jobs of ['1', '2']) {
      const split = (await run(['fit', dir, '--jobs', jobs]));
      expect(split.code).toBe(0);
      // Same curves, same numbers; only the file names in no column differ (plates are named by the plate column).
      expect(split.stdout).toBe(whole.stdout);
    }
  });
});

describe('independent experiments', () => {
  it('fits each experiment on its own and adds the geometric-mean summary (--experiment plate, or a manifest column)', async () => {
    const { code, stdout } = (await run(['fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT', '--experiment', 'plate', '--format', 'json']));
    expect(code).toBe(0);
    const fits = (JSON.parse(stdout) as { fits: { cell_line: string; compound: string; experiment: string; kind: string; n_experiments: number | null; ic50: number; rf: number | null }[] }).fits;
    expect(fits).toHaveLength(18); // 6 curves × 2 plates + 6 summaries
    const perPlate = fits.filter((f) => f.cell_line === 'MM1S WT' && f.compound === 'bortezomib' && f.kind === 'fit');
    const mean = fits.find((f) => f.cell_line === 'MM1S WT' && f.compound === 'bortezomib' && f.kind === 'summary')!;
    expect(mean.experiment).toBe('');
    expect(perPlate.map((f) => f.experiment)).toEqual(['P-WT-1', 'P-WT-2']);
    expect(mean.n_experiments).toBe(2);
    expect(mean.ic50).toBeCloseTo(Math.sqrt(perPlate[0]!.ic50 * perPlate[1]!.ic50), 6);
    const rf = fits.find((f) => f.cell_line === 'MM1S/R BTZ' && f.compound === 'bortezomib' && f.kind === 'summary')!.rf!;
    expect(rf).toBeGreaterThan(2.6);
    expect(rf).toBeLessThan(3.3);

    const dir = scratch();
    const [header, ...rows] = EXAMPLE.trim().split('\n');
    writeFileSync(join(dir, 'day1.csv'), [header, ...rows.filter((r) => /^P-\w+-1,/.test(r))].join('\n') + '\n');
    writeFileSync(join(dir, 'day2.csv'), [header, ...rows.filter((r) => /^P-\w+-2,/.test(r))].join('\n') + '\n');
    writeFileSync(join(dir, 'manifest.csv'), 'file,experiment\nday1.csv,day 1\nday2.csv,day 2\n');
    const viaManifest = (await run(['fit', '--manifest', join(dir, 'manifest.csv'), '--format', 'json']));
    expect(viaManifest.code).toBe(0);
    const experiments = (JSON.parse(viaManifest.stdout) as { fits: { experiment: string; kind: string }[] }).fits.map((f) => `${f.kind}:${f.experiment}`);
    expect(new Set(experiments)).toEqual(new Set(['fit:day 1', 'fit:day 2', 'summary:']));
  });

  it('reads the experiment from a column of a tidy CSV (--experiment day), the same fits as by plate', async () => {
    const dir = scratch();
    const [header, ...rows] = EXAMPLE.trim().split('\n');
    // Plates P-…-1 were run on day 1 and P-…-2 on day 2; controls (no cell line) carry the day too.
    const withDay = [`${header},Day`, ...rows.map((r) => `${r},${/^P-\w+-1,/.test(r) ? 'd1' : 'd2'}`)].join('\n') + '\n';
    writeFileSync(join(dir, 'days.csv'), withDay);
    const byDay = (await run(['fit', join(dir, 'days.csv'), '--parental', 'MM1S WT', '--experiment', 'day', '--format', 'json']));
    expect(byDay.code).toBe(0);
    const byPlate = (await run(['fit', 'fixtures/mm1s-celltiter-glo.csv', '--parental', 'MM1S WT', '--experiment', 'plate', '--format', 'json']));
    type Row = { cell_line: string; compound: string; experiment: string; kind: string; ic50: number; rf: number | null };
    const dayFits = (JSON.parse(byDay.stdout) as { fits: Row[] }).fits;
    const plateFits = (JSON.parse(byPlate.stdout) as { fits: Row[] }).fits;
    expect(new Set(dayFits.map((f) => f.experiment))).toEqual(new Set(['d1', 'd2', '']));
    const label = (f: Row) => (f.kind === 'summary' ? '' : f.experiment.endsWith('-1') ? 'd1' : 'd2');
    const key = (f: Row, experiment: string) => `${f.cell_line}|${f.compound}|${experiment}`;
    const expected = new Map(plateFits.map((f) => [key(f, label(f)), f]));
    for (const f of dayFits) {
      const same = expected.get(key(f, f.experiment))!;
      expect(f.ic50).toBe(same.ic50);
      // RF from the means is the same; within a day the resistant line is now compared with the
      // parental line of the same day (plate labels never matched across lines).
      if (f.kind === 'summary') expect(f.rf).toBe(same.rf);
      else if (f.cell_line !== 'MM1S WT') expect(f.rf).toBeGreaterThan(1);
    }

    // The same plate id on both days, day 2 read at twice the gain: each day is normalized to its
    // own controls (pooled, top would be ~67 % on day 1 and ~133 % on day 2, and QC would fail).
    const reused = [
      `${header},day`,
      ...rows.map((r) => {
        const cells = r.split(',');
        const day2 = /-2$/.test(cells[0]!);
        cells[0] = cells[0]!.replace(/-[12]$/, '');
        cells[5] = String(Number(cells[5]) * (day2 ? 2 : 1));
        return `${cells.join(',')},${day2 ? 'd2' : 'd1'}`;
      }),
    ].join('\n');
    writeFileSync(join(dir, 'reused.csv'), reused + '\n');
    const perDay = (await run(['fit', join(dir, 'reused.csv'), '--experiment', 'day', '--format', 'json']));
    expect(perDay.code).toBe(0);
    const report = JSON.parse(perDay.stdout) as { fits: (Row & { top: number | null; flags: string[] })[]; plates: { plate: string; experiment: string; qc: string }[] };
    for (const f of report.fits.filter((x) => x.kind === 'fit')) {
      expect(f.top!).toBeGreaterThan(95);
      expect(f.top!).toBeLessThan(105);
      expect(f.flags).not.toContain('plate_qc_failed');
      expect(f.ic50).toBe(dayFits.find((d) => d.cell_line === f.cell_line && d.compound === f.compound && d.experiment === f.experiment)!.ic50);
    }
    expect(report.plates.map((p) => `${p.plate} (${p.experiment})`)).toContain('P-WT (d2)');
    expect(report.plates.every((p) => p.qc === 'pass')).toBe(true);

    // No name is reserved: a day called "mean" is a day like any other (summaries are kind summary).
    writeFileSync(join(dir, 'mean.csv'), withDay.replace(/,d2$/gm, ',mean'));
    const named = (await run(['fit', join(dir, 'mean.csv'), '--experiment', 'day', '--format', 'json']));
    expect(named.code).toBe(0);
    const namedRows = (JSON.parse(named.stdout) as { fits: Row[] }).fits;
    expect(namedRows.filter((f) => f.experiment === 'mean' && f.kind === 'fit')).toHaveLength(6);
    expect(namedRows.filter((f) => f.kind === 'summary')).toHaveLength(6);

    const missing = (await run(['fit', join(dir, 'days.csv'), '--experiment', 'run']));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/days\.csv:1: no column "run" for --experiment in the header/);
    writeFileSync(join(dir, 'gap.csv'), withDay.replace(/^(P-WT-1,A1,.*),d1$/m, '$1,'));
    const gap = (await run(['fit', join(dir, 'gap.csv'), '--experiment', 'day']));
    expect(gap.code).toBe(2);
    expect(gap.stderr).toMatch(/gap\.csv:2: well A1: no experiment for a treated well/);
  });
});
