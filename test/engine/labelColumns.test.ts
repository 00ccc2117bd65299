import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze as analyzeSources } from '../../src/analyzeSources.js';
import { analyze } from '../../src/engine/analyze.js';
import { labelColumnsOf } from '../../src/engine/labelColumns.js';
import { InlineExecutor } from '../../src/engine/tasks.js';
import { fileReader } from '../../src/io/fileContent.js';
import { openInputs } from '../../src/io/inputs.js';
import { resolveOptions } from '../../src/options.js';
import { delimitedSink } from '../../src/writers/delimited.js';
import { cli, EXAMPLE, parseCsv, ROOT, scratchFolders } from '../cliHarness.js';

const scratch = scratchFolders();
const example = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
const growth = readFileSync(join(ROOT, 'fixtures/mm1s-growth-celltiter-glo.csv'), 'utf8').trim().split('\n');

/**
 * The example twice, as two checks: passage 10 and passage 12 (plate ids of its own per check);
 * at passage 12 the parental's concentrations are doubled, so its IC50 doubles and every RF halves.
 */
function twoChecks(options: { samePlates?: boolean; column?: string } = {}): string {
  const column = options.column ?? 'passage';
  const rows = [`${example[0]},${column}`];
  for (const passage of [10, 12]) {
    for (const line of example.slice(1)) {
      const cells = line.split(',');
      if (passage === 12 && !options.samePlates) cells[0] = `${cells[0]}-p12`;
      if (passage === 12 && cells[2] === 'MM1S WT' && cells[3] !== 'DMSO') cells[4] = String(Number(cells[4]) * 2);
      rows.push(`${cells.join(',')},${passage}`);
    }
  }
  return rows.join('\n') + '\n';
}

describe('label columns: a passage column labels each row’s check', () => {
  it('fits and compares each check apart, and writes the passage after experiment', async () => {
    const report = await analyzeSources([{ name: 'two.csv', text: twoChecks() }], { parental: 'MM1S WT' });
    expect(report.errors).toEqual([]);
    // 3 lines × 2 compounds × 2 passages.
    expect(report.fits).toHaveLength(12);
    expect(new Set(report.fits.map((f) => f.labels?.join()))).toEqual(new Set(['10', '12']));
    // Every comparison is within its passage: at passage 12 against the parental of passage 12, whose IC50 doubled.
    const rf = (passage: string, line: string, compound: string) =>
      report.rows.find((r) => r.kind === 'fit' && r.comparison && r.fit.labels![0] === passage && r.fit.cellLine === line && r.fit.compound === compound)!.comparison!.log10Rf.value;
    for (const line of ['MM1S/R BTZ', 'MM1S/R CFZ']) {
      for (const compound of ['bortezomib', 'carfilzomib']) expect(rf('12', line, compound)).toBeCloseTo(rf('10', line, compound) - Math.log10(2), 4);
    }
    const csv = parseCsv((await cli(['fit', writeTo('two.csv', twoChecks()), '--parental', 'MM1S WT'])).stdout);
    expect(Object.keys(csv[0]!).slice(0, 5)).toEqual(['cell_line', 'compound', 'experiment', 'passage', 'kind']);
    expect(csv.filter((r) => r.passage === '12' && r.parental === 'MM1S WT')).toHaveLength(4);
  });

  it('keeps checks apart when their rows alternate (the previous row’s curve is tried first, labels compared too)', async () => {
    const [header, ...rows] = twoChecks().trim().split('\n');
    const half = rows.length / 2;
    const interleaved = [header, ...rows.slice(0, half).flatMap((row, i) => [row, rows[half + i]!])].join('\n') + '\n';
    const apart = await analyzeSources([{ name: 'interleaved.csv', text: interleaved }], { parental: 'MM1S WT' });
    const inOrder = await analyzeSources([{ name: 'two.csv', text: twoChecks() }], { parental: 'MM1S WT' });
    expect(apart.errors).toEqual([]);
    const key = (f: { cellLine: string; compound: string; labels?: readonly string[] }) => `${f.cellLine}/${f.compound}/${f.labels![0]}`;
    const ic50s = (fits: typeof apart.fits) => new Map(fits.map((f) => [key(f), [f.nPoints, f.log10Ic50.value]]));
    expect(ic50s(apart.fits)).toEqual(ic50s(inOrder.fits));
  });

  it('pools the rows of a check, whatever else differs (without a passage column the two checks would pool)', async () => {
    const pooled = await analyzeSources([{ name: 'two.csv', text: twoChecks({ column: 'note' }) }], {});
    expect(pooled.fits).toHaveLength(6);
    expect(pooled.fits[0]!.nPoints).toBe(120);
    const apart = await analyzeSources([{ name: 'two.csv', text: twoChecks({ column: 'note' }) }], { labelColumns: ['note'] });
    expect(apart.fits).toHaveLength(12);
    expect(apart.fits[0]!.nPoints).toBe(60);
  });

  it('refuses a plate that holds wells of two checks (its controls would normalize both)', async () => {
    const report = await analyzeSources([{ name: 'mixed.csv', text: twoChecks({ samePlates: true }) }], {});
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.message).toMatch(/^plate "P-WT-1" holds wells of two checks: passage "10" \(line 2\) and "12" \(a plate is normalized to its own controls/);
    expect(report.errors[0]!.line).toBe(434);
  });

  it('finds that conflict across the parts of a large file too', async () => {
    const path = writeTo('mixed-big.csv', twoChecks({ samePlates: true }));
    const options = resolveOptions({ labelColumns: ['passage'] });
    const { inputs } = await openInputs([{ path }], undefined, { outputs: [], others: [] });
    let out = '';
    const outcome = await analyze(inputs, options, { executor: new InlineExecutor(fileReader), sink: delimitedSink((t) => void (out += t), ',', false, options), chunkBytes: 4096 });
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]!.message).toMatch(/holds wells of two checks: passage "10" \(line 2\) and "12"/);
    expect(outcome.errors[0]!.line).toBe(434);
  });

  it('writes the same bytes whether pass 2 reads the text again (in parts) or takes the wells pass 1 kept', async () => {
    const path = writeTo('two-big.csv', twoChecks());
    const options = resolveOptions({ parental: 'MM1S WT', labelColumns: ['passage'] });
    const run = async (keepWellsBytes: number, chunkBytes: number) => {
      const { inputs } = await openInputs([{ path }], undefined, { outputs: [], others: [] });
      let out = '';
      await analyze(inputs, options, { executor: new InlineExecutor(fileReader), sink: delimitedSink((t) => void (out += t), ',', false, options), chunkBytes, keepWellsBytes });
      return out;
    };
    const kept = await run(32 << 20, 1 << 20);
    expect(parseCsv(kept).filter((r) => r.passage === '12')).toHaveLength(6);
    expect(await run(0, 4096)).toBe(kept);
  });

  it('takes an input’s labels from the manifest (library: Source.labels), and refuses a row that contradicts them', async () => {
    const plain = example.join('\n') + '\n';
    const report = await analyzeSources(
      [
        { name: 'a.csv', text: plain, labels: { passage: '10' } },
        { name: 'b.csv', text: plain.replace(/P-/g, 'Q-').replace(/,(\d+)$/gm, (_, v: string) => `,${Math.round(Number(v) * 0.99)}`), labels: { passage: '12' } },
      ],
      { parental: 'MM1S WT' },
    );
    expect(report.errors).toEqual([]);
    expect(report.fits.map((f) => f.labels![0])).toEqual(['10', '10', '10', '10', '10', '10', '12', '12', '12', '12', '12', '12']);
    const contradicted = await analyzeSources([{ name: 'two.csv', text: twoChecks(), labels: { passage: '12' } }], {});
    expect(contradicted.errors[0]!.message).toBe('passage is "10" here, but the manifest says "12" for this file (give passage in one place, or make them agree)');
  });

  it('reads label columns and passage from a manifest, beside its other columns', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.csv'), example.join('\n') + '\n');
    writeFileSync(join(dir, 'manifest.csv'), 'file,Passage,operator\na.csv,14,JS\n');
    const result = await cli(['fit', '--manifest', join(dir, 'manifest.csv'), '--parental', 'MM1S WT']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/manifest columns not used: "operator"/);
    expect(result.stderr).toMatch(/the passage column of the manifest labels each check/);
    expect(parseCsv(result.stdout).every((r) => r.passage === '14')).toBe(true);
  });

  it('fits the lines of a compound together (--share) within each check', async () => {
    const report = await analyzeSources([{ name: 'two.csv', text: twoChecks() }], { parental: 'MM1S WT', share: ['hill'] });
    expect(report.errors).toEqual([]);
    const shared = report.rows.flatMap((r) => (r.kind === 'fit' && r.shared ? [[r.fit.labels![0], r.shared.lines.map((l) => l.cellLine).join('|')]] : []));
    expect(shared).toHaveLength(12);
    for (const [, lines] of shared) expect(lines).toBe('MM1S WT|MM1S/R BTZ|MM1S/R CFZ');
  });

  it('summarizes experiments within each check', async () => {
    const report = await analyzeSources([{ name: 'two.csv', text: twoChecks() }], { parental: 'MM1S WT', experiment: 'plate' });
    const summaries = report.summaries.filter((s) => s.cellLine === 'MM1S/R BTZ' && s.compound === 'bortezomib');
    expect(summaries.map((s) => [s.labels![0], s.nExperiments])).toEqual([
      ['10', 2],
      ['12', 2],
    ]);
    const compared = report.rows.filter((r) => r.kind === 'summary' && r.comparison && r.summary.cellLine === 'MM1S/R BTZ');
    expect(compared).toHaveLength(4);
  });
});

/**
 * The time-zero example (fixtures/mm1s-growth-celltiter-glo.csv: time-zero plates T0-WT and
 * T0-RBTZ beside the treated plates, read at 72 h) as two checks, passage 3 and passage 6, each
 * with plates of its own. At passage 6 the time-zero reads are half as high (twice the doublings),
 * and with `hours` its treated plates are read then instead of at 72 h.
 */
function growthChecks(hours = 72): string {
  const header = growth[0]!.split(',');
  const [plate, time, signal] = ['plate', 'time_h', 'rlu'].map((c) => header.indexOf(c)) as [number, number, number];
  const rows = [`${growth[0]},passage`];
  for (const passage of [3, 6]) {
    for (const line of growth.slice(1)) {
      const cells = line.split(',');
      if (passage === 6) {
        cells[plate] = `${cells[plate]}-p6`;
        if (cells[time] === '0') cells[signal] = String(Math.round(Number(cells[signal]) / 2));
        else cells[time] = String(hours);
      }
      rows.push(`${cells.join(',')},${passage}`);
    }
  }
  return rows.join('\n') + '\n';
}

describe('label columns with time-zero plates and end times', () => {
  it('takes each check’s time-zero reads for its own plates (those of the same file, other checks, left aside)', async () => {
    const text = growthChecks();
    const [header, ...rows] = text.trim().split('\n');
    const together = await analyzeSources([{ name: 'two.csv', text }], { parental: 'MM1S WT' });
    expect(together.errors).toEqual([]);
    const key = (f: { cellLine: string; compound: string; labels?: readonly string[] }) => `${f.cellLine}/${f.compound}/${f.labels![0]}`;
    const grOf = (fits: typeof together.fits) => new Map(fits.map((f) => [key(f), [f.gr!.doublings, f.gr!.log10Gr50.value]]));
    const byCheck = new Map<string, number[]>();
    for (const passage of ['3', '6']) {
      const alone = await analyzeSources([{ name: 'two.csv', text: [header, ...rows.filter((r) => r.endsWith(`,${passage}`))].join('\n') + '\n' }], { parental: 'MM1S WT' });
      expect(alone.errors).toEqual([]);
      for (const [k, v] of grOf(alone.fits)) byCheck.set(k, v);
    }
    const joint = grOf(together.fits);
    expect(joint.size).toBe(8);
    for (const [k, [doublings, gr50]] of joint) {
      const [d, g] = byCheck.get(k)!;
      expect(doublings).toBeCloseTo(d!, 12);
      expect(gr50).toBeCloseTo(g!, 9);
    }
    // Half the cells at treatment: one doubling more at passage 6.
    expect(joint.get('MM1S WT/bortezomib/6')![0]! - joint.get('MM1S WT/bortezomib/3')![0]!).toBeCloseTo(1, 3);
  });

  it('writes the labels then the end time after experiment, and the same bytes read once or twice in parts', async () => {
    const path = writeTo('growth-two.csv', growthChecks(96));
    const csv = await cli(['fit', path, '--parental', 'MM1S WT']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]!.split(',').slice(2, 6)).toEqual(['experiment', 'passage', 'time', 'kind']);
    const rows = parseCsv(csv.stdout);
    expect(rows.map((r) => `${r.passage}@${r.time}`)).toEqual([...Array<string>(4).fill('3@72'), ...Array<string>(4).fill('6@96')]);
    expect(rows.every((r) => Number(r.gr50) > 0 && (r.parental === '' || Number(r.gr_rf) > 0))).toBe(true);
    const options = resolveOptions({ parental: 'MM1S WT', labelColumns: ['passage'] });
    const run = async (keepWellsBytes: number, chunkBytes: number) => {
      const { inputs } = await openInputs([{ path }], undefined, { outputs: [], others: [] });
      let out = '';
      await analyze(inputs, options, { executor: new InlineExecutor(fileReader), sink: delimitedSink((t) => void (out += t), ',', false, options), chunkBytes, keepWellsBytes });
      return out;
    };
    const kept = await run(32 << 20, 1 << 20);
    expect(parseCsv(kept).map((r) => r.gr50)).toEqual(rows.map((r) => r.gr50));
    expect(await run(0, 2048)).toBe(kept);
  });
});

describe('--label and the names of labels', () => {
  it('adds each --label as a column after experiment, the same on every row, in every format', async () => {
    const csv = await cli(['fit', EXAMPLE, '--label', 'passage=12', '--label', 'date=2026-12-01']);
    expect(csv.stdout.split('\n')[0]!.split(',').slice(2, 6)).toEqual(['experiment', 'passage', 'date', 'kind']);
    expect(parseCsv(csv.stdout).every((r) => r.passage === '12' && r.date === '2026-12-01')).toBe(true);
    const json = JSON.parse((await cli(['fit', EXAMPLE, '--label', 'passage=12', '--format', 'json'])).stdout) as { fits: Record<string, unknown>[] };
    expect(Object.keys(json.fits[0]!).slice(2, 5)).toEqual(['experiment', 'passage', 'kind']);
    expect(json.fits[0]!.passage).toBe('12');
    const table = await cli(['fit', EXAMPLE, '--label', 'passage=12', '--format', 'table']);
    expect(table.stdout.split('\n')[0]).toMatch(/^cell line\s+compound\s+passage\s+IC50/);
  });

  it('refuses labels that are not column names, repeat, hide an output column or name no column', async () => {
    expect((await cli(['fit', EXAMPLE, '--label', '12=x'])).stderr).toMatch(/"12" cannot be a column name/);
    expect((await cli(['fit', EXAMPLE, '--label', 'a=1', '--label', 'a=2'])).stderr).toMatch(/--label a is given twice/);
    expect((await cli(['fit', EXAMPLE, '--label', 'rf=1'])).stderr).toMatch(/the label "rf" would hide the output column of that name/);
    // Columns that features add: the end time, growth-rate metrics, ICx at any level.
    // And ic50 trend's, which saved labels become columns of.
    for (const name of ['time', 'gr50', 'gr_rf', 'ic20', 'rf_ic80_ci_low', 'excluded', 'preferred_model', 'n_checks', 'file', 'status', 'level_rf']) {
      expect((await cli(['fit', EXAMPLE, '--label', `${name}=1`])).stderr).toMatch(new RegExp(`the label "${name}" would hide the output column of that name`));
    }
    expect((await cli(['fit', EXAMPLE, '--label-column', 'batch'])).stderr).toMatch(/--label-column batch: no input has a column "batch"/);
    const both = await cli(['fit', writeTo('both.csv', twoChecks()), '--label', 'passage=3']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--label passage: the inputs have a passage column too/);
  });

  it('refuses --matrix over several checks (one cell per line and compound would hide all but one)', async () => {
    const result = await cli(['fit', writeTo('matrix.csv', twoChecks()), '--parental', 'MM1S WT', '--matrix']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--matrix shows one result per cell line and compound, and these inputs hold several checks \(passage\)/);
  });

  it('finds passage and date columns without being asked, after the columns asked for', () => {
    const head = (columns: string) => ({ index: 0, name: 'x.csv', data: { kind: 'text' as const, text: '' }, format: 'tidy' as const, head: `${columns}\n` });
    expect(labelColumnsOf([head('cell_line,compound,conc_nM,rlu,Date,Passage,batch')], { labels: [], labelColumns: ['batch'] }).keys).toEqual(['batch', 'passage', 'date']);
    expect(labelColumnsOf([head('cell_line,compound,conc_nM,rlu')], { labels: [], labelColumns: [] }).keys).toEqual([]);
  });
});

function writeTo(name: string, text: string): string {
  const path = join(scratch(), name);
  writeFileSync(path, text);
  return path;
}
