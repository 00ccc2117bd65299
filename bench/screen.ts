// Screen-scale benchmarks (npm run bench): the CLI end to end on a CTRP-sized input, a single
// plate against `node -e 0`, and R drc on the same kind of curves when R with drc is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const CURVES = Number(process.env.IC50_BENCH_CURVES ?? 380_000);
const PER_FILE = 5000;
const DIR = join(tmpdir(), `ic50-bench-screen-v2-${CURVES}`);

/**
 * Seeded tidy CSVs shaped like a screen: 100 compounds per plate (one cell line per plate, as in
 * CTRP), 10 concentrations, one well each, 16 vehicle and 8 blank wells per plate; PER_FILE
 * curves per file.
 */
function generate(): void {
  if (existsSync(join(DIR, 'done'))) return;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  let state = 2026;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let f = 0; f * PER_FILE < CURVES; f++) {
    const rows = ['plate,cell_line,compound,concentration_uM,signal'];
    for (let c = f * PER_FILE; c < Math.min(CURVES, (f + 1) * PER_FILE); c++) {
      const plate = `P${Math.floor(c / 100)}`;
      const line = `line${Math.floor(c / 100) % 900}`;
      if (c % 100 === 0) {
        for (let k = 0; k < 16; k++) rows.push(`${plate},${line},DMSO,,${(50300 + 1500 * (uniform() - 0.5)).toFixed(0)}`);
        for (let k = 0; k < 8; k++) rows.push(`${plate},,medium,,${(300 + 50 * (uniform() - 0.5)).toFixed(0)}`);
      }
      const ic50 = 10 ** (-3 + 4 * uniform());
      const hill = 0.7 + 1.5 * uniform();
      for (let k = 0; k < 10; k++) {
        const conc = 10 / 3 ** k;
        const y = 5 + 95 / (1 + (conc / ic50) ** hill);
        rows.push(`${plate},${line},cmpd${c},${conc.toPrecision(4)},${((y / 100) * 50000 + 300 + 1500 * (uniform() - 0.5)).toFixed(0)}`);
      }
    }
    writeFileSync(join(DIR, `screen-${String(f).padStart(4, '0')}.csv`), rows.join('\n') + '\n');
  }
  writeFileSync(join(DIR, 'done'), '');
}

/** Wall seconds and peak resident memory (MB) of a command, via GNU time. */
function measure(args: string[]): { seconds: number; peakMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.slice(-500)}`);
  const [seconds, kb] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: kb! / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function screenBench(): void {
  console.log(`\n## 4. Screen scale through the CLI (${availableParallelism()} cores)\n`);
  const t0 = performance.now();
  generate();
  console.log(`Input: ${CURVES.toLocaleString('en-US')} curves × 10 concentrations + controls in ${Math.ceil(CURVES / PER_FILE)} tidy CSV files (${DIR}; generated in ${((performance.now() - t0) / 1000).toFixed(0)} s, kept for reruns).\n`);
  console.log('| run | wall s | peak MB | curves/s |\n|---|---|---|---|');
  for (const jobs of [1, 2]) {
    const out = join(tmpdir(), `ic50-bench-out-${CURVES}-${jobs}.csv`);
    const m = measure([process.execPath, 'bin/ic50.js', 'fit', DIR, '--jobs', String(jobs), '--quiet', '-o', out]);
    console.log(`| ic50 fit DIR --jobs ${jobs} -o out.csv | ${m.seconds.toFixed(1)} | ${m.peakMb.toFixed(0)} | ${Math.round(CURVES / m.seconds).toLocaleString('en-US')} |`);
  }
  const same = readFileSync(join(tmpdir(), `ic50-bench-out-${CURVES}-1.csv`)).equals(readFileSync(join(tmpdir(), `ic50-bench-out-${CURVES}-2.csv`)));
  console.log(`\nOutput of --jobs 1 and --jobs 2 byte-identical: ${same ? 'yes' : 'NO'}`);

  console.log('\n## 5. One 96-well plate, start-up included (median of 15 runs)\n');
  const plate = join(tmpdir(), 'ic50-bench-plate.csv');
  writeFileSync(plate, readFileSync('fixtures/mm1s-celltiter-glo.csv', 'utf8').split('\n').filter((l) => l.startsWith('plate') || l.startsWith('P-WT-1')).join('\n') + '\n');
  const times = (args: string[]) => median(Array.from({ length: 15 }, () => measure(args).seconds * 1000));
  const ours = times([process.execPath, 'bin/ic50.js', 'fit', plate, '--quiet']);
  const bare = times([process.execPath, '-e', '0']);
  console.log(`| command | ms |\n|---|---|\n| ic50 fit one-plate.csv (96 wells, 2 curves) | ${ours.toFixed(0)} |\n| node -e 0 | ${bare.toFixed(0)} |\n| ratio | ${(ours / bare).toFixed(2)}× |`);

  console.log('\n## 6. R drc on the same kind of curves (if installed)\n');
  const probe = spawnSync('Rscript', ['-e', 'suppressMessages(library(drc)); cat(as.character(packageVersion("drc")))'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log('Rscript with drc is not installed here: skipped (see test/reference/README.md to install it).');
    return;
  }
  const n = 1000;
  const csv = join(tmpdir(), 'ic50-bench-drc.csv');
  const lines = readFileSync(join(DIR, 'screen-0000.csv'), 'utf8').split('\n').slice(1).filter((l) => l && !l.includes('DMSO') && !l.includes('medium'));
  writeFileSync(csv, 'curve,conc,response\n' + lines.slice(0, n * 10).map((l) => { const c = l.split(','); return `${c[2]},${c[3]},${(Number(c[4]) - 300) / 500}`; }).join('\n') + '\n');
  const r = spawnSync('Rscript', ['-e', `suppressMessages(library(drc)); d <- read.csv("${csv}"); ids <- unique(d$curve); t <- system.time(for (i in ids) try(drm(response ~ conc, data = d[d$curve == i, ], fct = LL.4()), silent = TRUE)); cat(t[["elapsed"]])`], { encoding: 'utf8' });
  const seconds = Number(r.stdout.trim());
  const oursRate = measure([process.execPath, 'bin/ic50.js', 'fit', join(DIR, 'screen-0000.csv'), '--quiet', '--jobs', '1']);
  console.log(`| fitter | curves/s (1 core) |\n|---|---|\n| R drc ${probe.stdout} drm(LL.4()) loop, ${n} curves | ${(n / seconds).toFixed(0)} |\n| ic50 fit (whole CLI, ${PER_FILE} curves, 1 job, start-up included) | ${Math.round(PER_FILE / oursRate.seconds).toLocaleString('en-US')} |`);
  console.log(`\nSide by side: ${Math.round(PER_FILE / oursRate.seconds / (n / seconds))}× drc's rate; a 10,000-curve input would take drc ~${(10000 / (n / seconds) / 60).toFixed(1)} min.`);
}
