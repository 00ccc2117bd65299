/**
 * ic50's growth-rate fit against GRmetrics on the package's own example data (inputCaseA and
 * inputCaseC, as its vignette fits them: one curve per cell line and treatment, 48 h and 72 h
 * wells pooled). The data belong to GRmetrics and are not in this repository; make them first
 * (R with GRmetrics, see test/reference/gr/README.md), outside the repository:
 *
 *   Rscript test/reference/gr/make-gr-reference.R package /tmp/grpkg
 *   node --import tsx scripts/compare-grmetrics-example.ts /tmp/grpkg
 *
 * For each case it fits every (cell line, treatment) from GRmetrics' own per-well GR values (as
 * relative counts and control doublings, which give the same GR values) and prints the median and
 * worst differences from GRmetrics' metrics and from a tight refit of its model (nls port).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitGrowthRate } from '../src/fit/fitGrowthRate.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: compare-grmetrics-example.ts OUTDIR (from make-gr-reference.R package OUTDIR)');

function csv(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(join(dir!, name), 'utf8').trim().split(/\r?\n/);
  const keys = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i]!, v])));
}
const number = (text: string | undefined) => (text === 'Inf' ? Infinity : text === '-Inf' ? -Infinity : text === undefined || text === 'NA' ? NaN : Number(text));
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

for (const name of ['A', 'C']) {
  const values = csv(`package-case${name}-values.csv`);
  const metrics = csv(`package-case${name}-metrics.csv`);
  const tight = csv(`package-case${name}-metrics-tight.csv`);
  const diffs: Record<string, number[]> = {};
  const push = (key: string, value: number) => (diffs[key] ??= []).push(value);
  const notes: string[] = [];
  for (const m of metrics) {
    const rows = values.filter((v) => v.cell_line === m.cell_line && v.treatment === m.treatment);
    const t = tight.find((v) => v.cell_line === m.cell_line && v.treatment === m.treatment)!;
    // Concentrations in µM in the package's data: log10 molar = log10 c − 6.
    const result = fitGrowthRate({
      cellLine: m.cell_line!,
      compound: m.treatment!,
      plates: [],
      unit: 'uM',
      noBlank: false,
      log10Molar: rows.map((r) => Math.log10(Number(r.concentration)) - 6),
      response: rows.map((r) => 100 * Number(r.rel_cell_count)),
      doublings: rows.map((r) => Number(r.ctrl_cell_doublings)),
    });
    const gr = result!.gr!;
    const flat = result!.flags.includes('gr_flat');
    if (flat !== (m.fit_GR === 'flat')) notes.push(`${m.cell_line}/${m.treatment}: flat ${flat} here, ${m.fit_GR} in GRmetrics`);
    push('GRmax', Math.abs(gr.grMax - number(m.GRmax)));
    push('GR_AOC', Math.abs(gr.aoc - number(m.GR_AOC)));
    if (flat) {
      notes.push(`${m.cell_line}/${m.treatment}: flat (p ${gr.flatP.toPrecision(3)}; GRmetrics ${m.pval_GR}): GRinf ${gr.grInf.value.toPrecision(4)} = GRmax, GR50 ${result!.flags.includes('gr50_above_range') ? '> highest' : '< lowest'} (GRmetrics ${m.GR50})`);
      continue;
    }
    const uM = (log10: number) => 10 ** (log10 + 6);
    if (Number.isFinite(number(m.GR50))) {
      push('GR50 vs GRmetrics', Math.abs(uM(gr.log10Gr50.value) / number(m.GR50) - 1));
      push('GR50 vs tight', Math.abs(uM(gr.log10Gr50.value) / number(t.GR50_tight) - 1));
    } else notes.push(`${m.cell_line}/${m.treatment}: GR50 ${m.GR50} in GRmetrics; here ${result!.flags.filter((f) => f.startsWith('gr50')).join(', ')}`);
    push('GEC50 vs GRmetrics', Math.abs(uM(gr.log10Gec50.value) / number(m.GEC50) - 1));
    push('GEC50 vs tight', Math.abs(uM(gr.log10Gec50.value) / number(t.GEC50_tight) - 1));
    push('h_GR vs tight', Math.abs(gr.hill.value / number(t.h_GR_tight) - 1));
    push('GRinf vs tight', Math.abs(gr.grInf.value - number(t.GRinf_tight)));
    push('RSS (ours − tight)/tight', (gr.rss - number(t.GR_rss_tight)) / number(t.GR_rss_tight));
  }
  console.log(`case ${name}: ${metrics.length} curves`);
  for (const [key, list] of Object.entries(diffs)) {
    const s = sorted(list);
    console.log(`  ${key.padEnd(26)} median ${s[Math.floor((s.length - 1) / 2)]!.toExponential(2)}  worst ${(key.startsWith('RSS') ? s[s.length - 1]! : s[s.length - 1]!).toExponential(2)}${key.startsWith('RSS') ? `  lowest ${s[0]!.toExponential(2)}` : ''}  (n ${s.length})`);
  }
  for (const note of notes) console.log(`  ${note}`);
}
