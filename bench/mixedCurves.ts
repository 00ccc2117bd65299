// Seeded tidy CSVs of "mixed" curves, the kinds a screen holds, for the end-to-end benchmarks:
// % viability already (run with --no-normalize), 10 three-fold concentrations from 3 µM, 3
// replicates, rows grouped by curve. Kinds (by share): 60 % sigmoid (IC50 inside the range,
// hill 0.5–3, noise sd 5), 10 % flat (no response), 10 % partial (IC50 above the range), 10 %
// noisy sigmoid (sd 15), 5 % steep (hill 5–20), 5 % incomplete bottom (bottom 40–70 %).
import { createWriteStream } from 'node:fs';

/** A linear congruential generator (seeded, reproducible) and a normal deviate from it. */
function random(seed: number): { uniform: () => number; normal: () => number } {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

const CONCENTRATIONS_NM = Array.from({ length: 10 }, (_, k) => 3000 / 3 ** k);

/** The rows of one curve. */
function curveRows(c: number, lines: number, rng: ReturnType<typeof random>): string[] {
  const kind = rng.uniform();
  let top = 100;
  let bottom = 2 + 8 * rng.uniform();
  let log10Ic50 = Math.log10(0.5) + Math.log10(3000 / 0.5) * rng.uniform();
  let hill = 0.5 + 2.5 * rng.uniform();
  let sd = 5;
  if (kind < 0.1) bottom = top; // flat
  else if (kind < 0.2) log10Ic50 = Math.log10(3000) + 0.3 + rng.uniform(); // partial
  else if (kind < 0.3) sd = 15; // noisy
  else if (kind < 0.35) hill = 5 + 15 * rng.uniform(); // steep
  else if (kind < 0.4) bottom = 40 + 30 * rng.uniform(); // incomplete
  top += 5 * (rng.uniform() - 0.5);
  const rows: string[] = [];
  for (const conc of CONCENTRATIONS_NM) {
    const mean = bottom + (top - bottom) / (1 + 10 ** (hill * (Math.log10(conc) - log10Ic50)));
    for (let r = 0; r < 3; r++) rows.push(`L${c % lines},c${c},${conc.toPrecision(5)},${(mean + sd * rng.normal()).toFixed(3)}`);
  }
  return rows;
}

/** Writes `curves` mixed curves (30 rows each) to `path`; resolves when the file is complete. */
export function writeMixedCurves(path: string, curves: number, seed = 20261204): Promise<void> {
  const rng = random(seed);
  const out = createWriteStream(path);
  return new Promise((resolve, reject) => {
    out.on('error', reject);
    let c = 0;
    const more = (): void => {
      let ok = true;
      if (c === 0) ok = out.write('cell_line,compound,concentration_nM,signal\n');
      while (c < curves && ok) {
        let block = '';
        for (let k = 0; k < 1000 && c < curves; k++, c++) block += curveRows(c, 20, rng).join('\n') + '\n';
        ok = out.write(block);
      }
      if (c < curves) out.once('drain', more);
      else out.end(resolve);
    };
    more();
  });
}
