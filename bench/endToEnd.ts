// End-to-end benchmarks (npm run bench): the CLI as users run it, whole process, on the shapes
// users have — one plate, one file of 10,000 curves (side by side with scipy), one huge file
// (3 million rows; 380,000 curves), many files, standard input — and R drc on the same curves.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { writeMixedCurves } from './mixedCurves.js';

const CTRP_CURVES = Number(process.env.IC50_BENCH_CURVES ?? 380_000);
const PER_FILE = 5000;
const DIR = join(tmpdir(), `ic50-bench-screen-v2-${CTRP_CURVES}`);
const WORK = join(tmpdir(), 'ic50-bench-work');

/**
 * Seeded tidy CSVs shaped like a screen: 100 compounds per plate (one cell line per plate, as in
 * CTRP), 10 concentrations, one well each, 16 vehicle and 8 blank wells per plate; PER_FILE
 * curves per file.
 */
function generateScreen(): void {
  if (existsSync(join(DIR, 'done'))) return;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  let state = 2026;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let f = 0; f * PER_FILE < CTRP_CURVES; f++) {
    const rows = ['plate,cell_line,compound,concentration_uM,signal'];
    for (let c = f * PER_FILE; c < Math.min(CTRP_CURVES, (f + 1) * PER_FILE); c++) {
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

/** The screen's files as one file (one header), as public screens ship. */
async function screenAsOneFile(): Promise<string> {
  const path = join(WORK, `screen-one-${CTRP_CURVES}.csv`);
  if (existsSync(path)) return path;
  const out = createWriteStream(`${path}.part`);
  const files = readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort();
  for (const [i, file] of files.entries()) {
    const text = readFileSync(join(DIR, file), 'utf8');
    if (!out.write(i === 0 ? text : text.slice(text.indexOf('\n') + 1))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  spawnSync('mv', [`${path}.part`, path]);
  return path;
}

async function mixedFile(curves: number): Promise<string> {
  const path = join(WORK, `mixed-${curves}.csv`);
  if (!existsSync(path)) {
    await writeMixedCurves(`${path}.part`, curves);
    spawnSync('mv', [`${path}.part`, path]);
  }
  return path;
}

interface Measured {
  readonly seconds: number;
  readonly peakMb: number;
  readonly cpuSeconds: number;
}

/** Wall and CPU seconds and peak resident memory (MB, the largest process) of a command, via GNU time. */
function measure(args: string[]): Measured {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.slice(-500)}`);
  const [seconds, kb, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: kb! / 1024, cpuSeconds: user! + system! };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Best (lowest wall) of `runs` runs: the machine's noise only ever adds time. */
function best(args: string[], runs: number): Measured {
  return Array.from({ length: runs }, () => measure(args)).reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

const ic50 = (...args: string[]) => [process.execPath, 'bin/ic50.js', 'fit', ...args, '--quiet'];

function row(input: string, command: string, m: Measured, curves: number): string {
  return `| ${input} | ${command} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${m.peakMb.toFixed(0)} | ${Math.round(curves / m.seconds).toLocaleString('en-US')} |`;
}

function hasScipy(): boolean {
  return spawnSync('python3', ['-c', 'import scipy'], { encoding: 'utf8' }).status === 0;
}

export async function endToEndBench(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  console.log(`\n## 4. One 96-well plate, start-up included (median of 15 runs)\n`);
  const plate = join(WORK, 'one-plate.csv');
  writeFileSync(plate, readFileSync('fixtures/mm1s-celltiter-glo.csv', 'utf8').split('\n').filter((l) => l.startsWith('plate') || l.startsWith('P-WT-1')).join('\n') + '\n');
  const times = (args: string[]) => median(Array.from({ length: 15 }, () => measure(args).seconds * 1000));
  const ours = times(ic50(plate));
  const bare = times([process.execPath, '-e', '0']);
  console.log(`| command | ms |\n|---|---|\n| ic50 fit one-plate.csv (96 wells, 2 curves) | ${ours.toFixed(0)} |\n| node -e 0 | ${bare.toFixed(0)} |\n| ratio | ${(ours / bare).toFixed(2)}× |`);

  console.log(`\n## 5. End to end on the shapes users have (${availableParallelism()} cores; whole process; best of 3 runs for the small inputs)\n`);
  console.log('Wall and CPU seconds (user + system, all threads); peak resident memory of the largest process.\n');
  console.log('| input | command | wall s | CPU s | peak MB | curves/s |\n|---|---|---|---|---|---|');
  const ten = await mixedFile(10_000);
  const tenJobs1 = best(ic50(ten, '--no-normalize', '--jobs', '1', '-o', join(WORK, 'ten-1.csv')), 3);
  const tenJobs = best(ic50(ten, '--no-normalize', '-o', join(WORK, 'ten-n.csv')), 3);
  console.log(row('10,000 mixed curves, one file (300,000 rows)', 'ic50 fit --no-normalize --jobs 1', tenJobs1, 10_000));
  console.log(row('', `ic50 fit --no-normalize (${availableParallelism()} threads)`, tenJobs, 10_000));
  let scipy: Measured | undefined;
  if (hasScipy()) {
    scipy = best(['python3', 'bench/scipy_fit.py', ten, join(WORK, 'ten-scipy.csv')], 1);
    console.log(row('', 'python3 bench/scipy_fit.py (scipy curve_fit)', scipy, 10_000));
  }
  const big = await mixedFile(100_000);
  const bigRun = measure(ic50(big, '--no-normalize', '-o', join(WORK, 'big.csv')));
  console.log(row('100,000 mixed curves, one file (3,000,000 rows, 72 MB)', 'ic50 fit --no-normalize', bigRun, 100_000));
  const stdin = measure(['sh', '-c', `cat '${big}' | '${process.execPath}' bin/ic50.js fit - --no-normalize --quiet -o '${join(WORK, 'big-stdin.csv')}'`]);
  console.log(row('', 'cat FILE | ic50 fit - --no-normalize', stdin, 100_000));
  generateScreen();
  const files = measure(ic50(DIR, '-o', join(WORK, 'screen-files.csv')));
  console.log(row(`${CTRP_CURVES.toLocaleString('en-US')} curves (CTRP scale) with controls, ${Math.ceil(CTRP_CURVES / PER_FILE)} files`, 'ic50 fit DIR', files, CTRP_CURVES));
  const one = await screenAsOneFile();
  const oneRun = measure(ic50(one, '-o', join(WORK, 'screen-one.csv')));
  console.log(row('the same in one file', 'ic50 fit FILE', oneRun, CTRP_CURVES));

  const same = (a: string, b: string) => readFileSync(join(WORK, a)).equals(readFileSync(join(WORK, b)));
  // Standard input's rows name their file `-`; everything else must be the same bytes.
  const sameFromStdin = readFileSync(join(WORK, 'big.csv'), 'utf8').replaceAll(`,${big},`, ',-,') === readFileSync(join(WORK, 'big-stdin.csv'), 'utf8');
  console.log(`\nByte-identical: --jobs 1 and threads ${same('ten-1.csv', 'ten-n.csv') ? 'yes' : 'NO'}; file and stdin (but the file column) ${sameFromStdin ? 'yes' : 'NO'}.`);
  if (scipy) console.log(`ic50 against scipy, 10,000 curves, whole process: ${(scipy.seconds / tenJobs.seconds).toFixed(1)}× faster (wall), ${(scipy.cpuSeconds / tenJobs.cpuSeconds).toFixed(1)}× less CPU.`);
  else console.log('python3 with scipy is not installed here: the scipy comparison was skipped.');

  console.log('\n## 6. R drc on the same kind of curves (if installed)\n');
  const probe = spawnSync('Rscript', ['-e', 'suppressMessages(library(drc)); cat(as.character(packageVersion("drc")))'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log('Rscript with drc is not installed here: skipped (see test/reference/README.md to install it).');
    return;
  }
  const n = 1000;
  const csv = join(WORK, 'drc.csv');
  const lines = readFileSync(ten, 'utf8').split('\n').slice(1, n * 30 + 1);
  writeFileSync(csv, 'curve,conc,response\n' + lines.map((l) => { const c = l.split(','); return `${c[1]},${c[2]},${c[3]}`; }).join('\n') + '\n');
  const r = spawnSync('Rscript', ['-e', `suppressMessages(library(drc)); d <- read.csv("${csv}"); ids <- unique(d$curve); t <- system.time(for (i in ids) try(drm(response ~ conc, data = d[d$curve == i, ], fct = LL.4()), silent = TRUE)); cat(t[["elapsed"]])`], { encoding: 'utf8' });
  const seconds = Number(r.stdout.trim());
  console.log(`| fitter | curves/s (1 core) |\n|---|---|\n| R drc ${probe.stdout} drm(LL.4()) loop, ${n} mixed curves (fit only) | ${(n / seconds).toFixed(0)} |\n| ic50 fit --jobs 1, 10,000 mixed curves (whole process) | ${Math.round(10_000 / tenJobs1.seconds).toLocaleString('en-US')} |`);
}

// Run alone: node --import tsx bench/endToEnd.ts
if (process.argv[1]?.endsWith('endToEnd.ts')) await endToEndBench();

