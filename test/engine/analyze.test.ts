import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine/analyze.js';
import { InlineExecutor, type Executor } from '../../src/engine/tasks.js';
import { fileReader } from '../../src/io/fileContent.js';
import { openInputs } from '../../src/io/inputs.js';
import { WorkerPool } from '../../src/io/workerPool.js';
import { resolveOptions, type Options } from '../../src/options.js';
import { combineSinks } from '../../src/engine/sink.js';
import { delimitedSink } from '../../src/writers/delimited.js';
import { wellsSink } from '../../src/writers/wellRecords.js';

const dir = mkdtempSync(join(tmpdir(), 'ic50-engine-'));
/** The built worker (npm test builds dist/ first). */
const WORKER = fileURLToPath(new URL('../../dist/io/worker.js', import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded tidy CSV: `lines` cell lines × `compounds` compounds × 8 concentrations × 3 replicates, with controls. */
function screen(seed: number, lines: number, compounds: number, order: 'curve' | 'concentration'): string {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const rows: string[] = [];
  for (let l = 0; l < lines; l++) {
    const plate = `P${seed}-${l}`;
    for (let k = 0; k < 6; k++) rows.push(`${plate},L${l},DMSO,0,${(10000 * (1 + 0.03 * (uniform() - 0.5))).toFixed(1)}`);
    for (let k = 0; k < 4; k++) rows.push(`${plate},,medium,,${(100 * (1 + 0.1 * (uniform() - 0.5))).toFixed(1)}`);
  }
  const treated: { curve: number; concentration: number; row: string }[] = [];
  for (let l = 0; l < lines; l++) {
    for (let c = 0; c < compounds; c++) {
      const ic50 = 10 ** (1 + 2 * uniform());
      for (let k = 0; k < 8; k++) {
        const conc = 3000 / 3 ** k;
        for (let r = 0; r < 3; r++) {
          const y = 100 + 9900 / (1 + (conc / ic50) ** 1.3);
          treated.push({ curve: l * compounds + c, concentration: k, row: `P${seed}-${l},L${l},drug${c},${conc.toPrecision(5)},${(y * (1 + 0.05 * (uniform() - 0.5))).toFixed(1)}` });
        }
      }
    }
  }
  if (order === 'concentration') treated.sort((a, b) => a.concentration - b.concentration || a.curve - b.curve);
  return ['plate,cell_line,compound,concentration_nM,signal', ...rows, ...treated.map((t) => t.row)].join('\n') + '\n';
}

/**
 * The CSV an analysis writes, read with `chunkBytes`-sized parts on `executor` (read twice when
 * `keepWellsBytes` is 0) — with `wells`, followed by its --wells file (CSV).
 */
async function csvOf(paths: string[], given: Partial<Options>, chunkBytes: number, executor: Executor, keepWellsBytes?: number, wells = false): Promise<string> {
  const options = resolveOptions(given);
  const { inputs, errors } = await openInputs(paths.map((path) => ({ path })), undefined, { outputs: [], others: [] });
  expect(errors).toEqual([]);
  let out = '';
  let wellsOut = '';
  const rows = delimitedSink((t) => void (out += t), ',', false);
  const sink = wells ? combineSinks([rows, wellsSink((t) => void (wellsOut += t), { format: 'csv', rawCells: false })]) : rows;
  try {
    await analyze(inputs, options, { executor, sink, chunkBytes, keepWellsBytes });
  } finally {
    await executor.close();
  }
  return wells ? `${out}\n--wells--\n${wellsOut}` : out;
}

describe('the engine', () => {
  const sorted = join(dir, 'by-curve.csv');
  const interleaved = join(dir, 'by-concentration.csv');
  const rep1 = join(dir, 'rep1.csv');
  const rep2 = join(dir, 'rep2.csv');
  writeFileSync(sorted, screen(1, 3, 40, 'curve'));
  writeFileSync(interleaved, screen(1, 3, 40, 'concentration'));
  writeFileSync(rep1, screen(2, 2, 10, 'curve'));
  writeFileSync(rep2, screen(3, 2, 10, 'curve').replace(/P3-/g, 'Q3-'));
  // One well twenty times its neighbours: an outlier in a curve whose wells lie in every part.
  const outlying = join(dir, 'outlier.csv');
  const lines = screen(5, 2, 10, 'concentration').split('\n');
  const treated = lines.findIndex((l, i) => i > 0 && l.includes(',drug7,'));
  const cells = lines[treated]!.split(',');
  cells[4] = String(Number(cells[4]) * 20);
  lines[treated] = cells.join(',');
  writeFileSync(outlying, lines.join('\n'));

  it('writes the same bytes whatever the size of the parts, the number of threads, and whether wells are read once or twice', async () => {
    for (const paths of [[sorted], [interleaved], [rep1, rep2]]) {
      const whole = await csvOf(paths, { parental: 'L0' }, 8 << 20, new InlineExecutor(fileReader), 0);
      expect(whole.split('\n').length).toBeGreaterThan(10);
      expect(await csvOf(paths, { parental: 'L0' }, 8 << 20, new InlineExecutor(fileReader)), `${paths} read once`).toBe(whole);
      for (const chunkBytes of [997, 4096, 65536]) {
        expect(await csvOf(paths, { parental: 'L0' }, chunkBytes, new InlineExecutor(fileReader)), `${paths} in ${chunkBytes}-byte parts`).toBe(whole);
      }
      expect(await csvOf(paths, { parental: 'L0' }, 997, new InlineExecutor(fileReader), 0), `${paths} in 997-byte parts read twice`).toBe(whole);
      for (const keep of [0, undefined]) expect(await csvOf(paths, { parental: 'L0' }, 4096, new WorkerPool(2, 512, WORKER), keep), `${paths} on 2 threads, keep ${keep}`).toBe(whole);
    }
  }, 120_000);

  it('writes the same --wells bytes whatever the size of the parts and the number of threads, outliers included', async () => {
    const cases = [
      [[outlying], 'off'],
      [[outlying], 'flag'],
      [[rep1, rep2], 'flag'],
    ] as const;
    for (const [paths, outliers] of cases) {
      {
        const whole = await csvOf([...paths], { parental: 'L0', outliers }, 8 << 20, new InlineExecutor(fileReader), undefined, true);
        const [results, wells] = whole.split('\n--wells--\n');
        // One line per well of the input (header and controls included), in file order.
        expect(wells!.trim().split('\n').length).toBe(paths.reduce((n, p) => n + readFileSync(p, 'utf8').trim().split('\n').length, 0) - paths.length + 1);
        if (outliers === 'flag') {
          // The wells marked outliers are those the fits name.
          const header = results!.split('\n')[0]!.split(',');
          const named = results!.trim().split('\n').slice(1).map((row) => row.split(',')[header.indexOf('outliers')]!).filter((o) => o !== '').flatMap((o) => o.split(';'));
          expect(named.length).toBeGreaterThan(0);
          expect(wells!.split('\n').filter((l) => l.endsWith(',true'))).toHaveLength(new Set(named).size);
        }
        for (const chunkBytes of [997]) {
          expect(await csvOf([...paths], { parental: 'L0', outliers }, chunkBytes, new InlineExecutor(fileReader), undefined, true), `${paths} in ${chunkBytes}-byte parts, outliers ${outliers}`).toBe(whole);
        }
        expect(await csvOf([...paths], { parental: 'L0', outliers }, 4096, new WorkerPool(2, 512, WORKER), undefined, true), `${paths} on 2 threads, outliers ${outliers}`).toBe(whole);
      }
    }
  });

  it('gives time-zero studies the same bytes whatever the parts and threads (time and growth columns included)', async () => {
    const study = fileURLToPath(new URL('../reference/gr/gr-study.csv', import.meta.url));
    // The study's rows shuffled by concentration, with a second end time (48 h) for its controls and wells.
    const lines = readFileSync(study, 'utf8').trim().split('\n');
    const later = lines.slice(1).filter((l) => !l.includes(',time0')).map((l) => l.replace(/,72,(\d+)/, (_, v: string) => `,48,${Math.round(Number(v) * 0.6)}`));
    const twoTimes = join(dir, 'two-times.csv');
    writeFileSync(twoTimes, [lines[0], ...lines.slice(1), ...later].join('\n') + '\n');
    for (const paths of [[study], [twoTimes]]) {
      const whole = await csvOf(paths, { parental: 'parental' }, 8 << 20, new InlineExecutor(fileReader), 0);
      expect(whole.split('\n')[0]).toContain('gr50');
      expect(whole.split('\n')[0]!.includes(',time,')).toBe(paths[0] === twoTimes);
      expect(await csvOf(paths, { parental: 'parental' }, 997, new InlineExecutor(fileReader)), `${paths} in 997-byte parts`).toBe(whole);
      expect(await csvOf(paths, { parental: 'parental' }, 997, new InlineExecutor(fileReader), 0), `${paths} in 997-byte parts read twice`).toBe(whole);
      expect(await csvOf(paths, { parental: 'parental' }, 4096, new WorkerPool(2, 512, WORKER)), `${paths} on 2 threads`).toBe(whole);
      // --wells: the growth columns, the same bytes in parts and on threads.
      const withWells = await csvOf(paths, { parental: 'parental' }, 8 << 20, new InlineExecutor(fileReader), undefined, true);
      expect(withWells.split('\n--wells--\n')[1]!.split('\n')[0]).toContain(',unit,time,signal,viability,gr_value,');
      expect(await csvOf(paths, { parental: 'parental' }, 997, new InlineExecutor(fileReader), undefined, true), `${paths} with --wells in 997-byte parts`).toBe(withWells);
      expect(await csvOf(paths, { parental: 'parental' }, 4096, new WorkerPool(2, 512, WORKER), undefined, true), `${paths} with --wells on 2 threads`).toBe(withWells);
    }
  }, 120_000);

  it('gives a curve whose wells lie in every part the same fit as a curve read at once', async () => {
    const bySorted = await csvOf([sorted], {}, 8 << 20, new InlineExecutor(fileReader));
    const byConcentration = await csvOf([interleaved], {}, 1500, new InlineExecutor(fileReader));
    const rows = (csv: string) => new Set(csv.trim().split('\n').slice(1).map((r) => r.split(',').filter((_, i) => i !== 6).join(',')));
    // Same curves and numbers; the points of a curve come in another order, so compare the rows as sets.
    expect(rows(byConcentration).size).toBe(120);
    const a = [...rows(bySorted)].map((r) => r.split(',').slice(0, 12).join(',')).sort();
    const b = [...rows(byConcentration)].map((r) => r.split(',').slice(0, 12).join(',')).sort();
    expect(b).toEqual(a);
  });

  it('refuses a file that changes between the two passes, naming it', async () => {
    const changing = join(dir, 'changing.csv');
    writeFileSync(changing, screen(4, 1, 3, 'curve'));
    const options = resolveOptions({});
    const { inputs } = await openInputs([{ path: changing }], undefined, { outputs: [], others: [] });
    // The file is rewritten (same size, new time) after it was opened: its reading no longer matches.
    const text = screen(4, 1, 3, 'curve').replace('drug0', 'drug9');
    writeFileSync(changing, text);
    utimesSync(changing, new Date(), new Date(Date.now() + 5000));
    const outcome = await analyze(inputs, options, { executor: new InlineExecutor(fileReader), sink: delimitedSink(() => {}, ',', false) });
    expect(outcome.nothing).toBe(true);
    expect(outcome.errors).toEqual([expect.objectContaining({ file: changing, code: 'changed' })]);
    expect(outcome.errors[0]!.message).toMatch(/the file changed while it was being read/);
  });

  it('tells the executor to prefer memory when the inputs are large (read twice), and only then', async () => {
    const told: string[] = [];
    const executor = (name: string): Executor => Object.assign(new InlineExecutor(fileReader), { preferMemory: () => told.push(name) });
    const small = await csvOf([sorted], {}, 1 << 20, executor('small'));
    const large = await csvOf([sorted], {}, 1 << 20, executor('large'), 0);
    expect(told).toEqual(['large']);
    expect(large).toBe(small);
  });
});
