import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../src/writers/records.js';

import { BIN, cli as run, EXAMPLE, parseCsv, ROOT, scratchFolders, spawnCli } from './cliHarness.js';

// The CLI in process (main(argv, io)); a few runs of the real bin/ic50.js (standard input, pipes).

const scratch = scratchFolders();

describe('ic50 fit (end to end)', () => {
  it('writes CSV with the documented columns when piped, and recovers the example resistance factors', async () => {
    const { code, stdout, stderr } = (await run(['fit', EXAMPLE, '--parental', 'MM1S WT']));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toBe(COLUMNS.join(','));
    const rows = parseCsv(stdout);
    expect(rows).toHaveLength(6);
    const rf = (line: string, drug: string) => Number(rows.find((r) => r.cell_line === line && r.compound === drug)!.rf);
    // Simulated with RF 2.93 (bortezomib, MM1S/R BTZ) and 2.77 (carfilzomib, MM1S/R CFZ).
    expect(rf('MM1S/R BTZ', 'bortezomib')).toBeGreaterThan(2.6);
    expect(rf('MM1S/R BTZ', 'bortezomib')).toBeLessThan(3.3);
    expect(rf('MM1S/R CFZ', 'carfilzomib')).toBeGreaterThan(2.5);
    expect(rf('MM1S/R CFZ', 'carfilzomib')).toBeLessThan(3.1);
    const wt = rows.find((r) => r.cell_line === 'MM1S WT' && r.compound === 'bortezomib')!;
    expect(wt.unit).toBe('nM');
    expect(wt.plate).toBe('P-WT-1;P-WT-2');
    expect(Number(wt.ic50_ci_low)).toBeLessThan(15.2);
    expect(Number(wt.ic50_ci_high)).toBeGreaterThan(15.2);
    expect(wt.rf).toBe('');
  });

  it('compares the lines --pair names, and only those (the flag is --pair, the option pairs)', async () => {
    const { code, stdout } = await run(['fit', EXAMPLE, '--pair', 'MM1S/R BTZ=MM1S WT']);
    expect(code).toBe(0);
    const compared = parseCsv(stdout).filter((r) => r.parental !== '');
    expect(compared.map((r) => `${r.cell_line}/${r.compound}/${r.parental}`)).toEqual(['MM1S/R BTZ/bortezomib/MM1S WT', 'MM1S/R BTZ/carfilzomib/MM1S WT']);
    expect(Number(compared[0]!.rf)).toBeCloseTo(2.95, 1);
  });

  it('prints an aligned table with --format table, without colour when NO_COLOR is set', async () => {
    const { code, stdout } = (await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--format', 'table'], { env: { NO_COLOR: '1' } }));
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\u001b\[/);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^cell line\s+compound\s+IC50 \[95% CI\]/);
    expect(lines).toHaveLength(7 + 1 + 6); // header, 6 fits, a blank line, a QC line per plate
    expect(lines[8]).toMatch(/^QC P-WT-1, MM1S WT: Z′ 0\.\d\d  vehicle CV \d+\.\d %  blank CV \d+\.\d %  S\/B \d+\.\d  excluded 0  pass$/);
    expect(lines[3]).toMatch(/^MM1S\/R BTZ\s+bortezomib\s+[\d.]+ \[[\d.]+–[\d.]+\]\s+nM/);
  });

  it('writes JSON as {"fits": [...], "errors": []} with nulls for missing values', async () => {
    const { code, stdout } = (await run(['fit', EXAMPLE, '--format', 'json', '--parental', 'MM1S WT']));
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { fits: Record<string, unknown>[]; errors: unknown[] };
    expect(json.errors).toEqual([]);
    expect(json.fits).toHaveLength(6);
    expect(Object.keys(json.fits[0]!)).toEqual([...COLUMNS]);
    expect(json.fits[0]!.rf).toBeNull();
    expect(json.fits[0]!.flags).toEqual([]);
    expect(typeof json.fits[2]!.rf).toBe('number');
  });

  it('writes one record per line with --format ndjson, and TSV with --format tsv', async () => {
    const nd = (await run(['fit', EXAMPLE, '--format', 'ndjson'])).stdout.trim().split('\n');
    expect(nd).toHaveLength(6);
    expect(JSON.parse(nd[5]!).compound).toBe('carfilzomib');
    const tsv = (await run(['fit', EXAMPLE, '--format', 'tsv'])).stdout;
    expect(tsv.split('\n')[0]).toBe(COLUMNS.join('\t'));
  });

  it('reads standard input with -', async () => {
    const { code, stdout } = spawnCli(['fit', '-'], { input: readFileSync(EXAMPLE, 'utf8') });
    expect(code).toBe(0);
    expect(parseCsv(stdout)[0]!.plate).toBe('P-WT-1;P-WT-2');
  });

  it('writes -o atomically, in the format of its extension, leaving no temporary file', async () => {
    const dir = scratch();
    const out = join(dir, 'results.json');
    const { code, stdout } = (await run(['fit', EXAMPLE, '-o', out]));
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).fits).toHaveLength(6);
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  it('reports IC50s in another unit with --unit-out', async () => {
    const rows = parseCsv((await run(['fit', EXAMPLE, '--unit-out', 'uM'])).stdout);
    expect(rows[0]!.unit).toBe('uM');
    expect(Number(rows[0]!.ic50)).toBeGreaterThan(0.0140);
    expect(Number(rows[0]!.ic50)).toBeLessThan(0.0165);
  });

  it('flags a compound with fewer than 4 concentrations and still writes its row', async () => {
    const dir = scratch();
    const file = join(dir, 'few.csv');
    writeFileSync(file, 'cell_line,compound,conc_nM,rlu\nA,x,1,900\nA,x,10,500\nA,x,100,100\nA,DMSO,0,1000\n,blank,,10\n');
    const { code, stdout } = (await run(['fit', file]));
    expect(code).toBe(0);
    const row = parseCsv(stdout)[0]!;
    expect(row.flags).toBe('too_few_concentrations');
    expect(row.ic50).toBe('');
  });

  describe('bad input: a clear message on stderr, exit code 2, nothing on stdout', () => {
    const cases: [string, string, RegExp][] = [
      ['missing file', '', /^ic50: (.*)nope\.csv: no such file or directory\n$/],
      ['empty file', '', /^ic50: .*bad\.csv: the file is empty/],
      ['binary file', '\u0000\u0001\u0002PK\u0003', /^ic50: .*bad\.csv: this is a binary file, not text/],
      ['no signal column', 'cell_line,compound,conc_nM\nA,x,1\n', /^ic50: .*bad\.csv:1: no signal column in the header \(found: "cell_line", "compound", "conc_nM"\) \(accepted names: signal, value, rlu/],
      ['no unit', 'cell_line,compound,conc,rlu\nA,x,1,5\n', /^ic50: .*bad\.csv:2: no concentration unit/],
      ['non-numeric concentration', 'cell_line,compound,conc_nM,rlu\nA,x,abc,5\n', /^ic50: .*bad\.csv:2: concentration "abc" is not a number/],
      ['negative concentration', 'cell_line,compound,conc_nM,rlu\nA,x,-1,5\n', /^ic50: .*bad\.csv:2: concentration -1 is negative/],
      ['ragged row', 'cell_line,compound,conc_nM,rlu\nA,x,1,5\nA,x,1\n', /^ic50: .*bad\.csv:3: row has 3 fields, the header has 4/],
      ['no vehicle wells', 'cell_line,compound,conc_nM,rlu\nA,x,1,5\n,blank,,1\n', /^ic50: .*bad\.csv:2: cell line "A": no vehicle wells to normalize to/],
      ['vehicle not above blank', 'cell_line,compound,conc_nM,rlu\nA,x,1,5\nA,DMSO,0,10\n,blank,,20\n', /^ic50: .*bad\.csv:2: cell line "A": vehicle mean 10.00 is not above the background 20.00/],
    ];
    it.each(cases)('%s', async (name, content, message) => {
      const dir = scratch();
      const file = join(dir, name === 'missing file' ? 'nope.csv' : 'bad.csv');
      if (name !== 'missing file') writeFileSync(file, content);
      const { code, stdout, stderr } = (await run(['fit', file]));
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
      expect(code).toBe(2);
      expect(stdout).toBe('');
    });

    it('a --parental name that is not in the data', async () => {
      const { code, stdout, stderr } = (await run(['fit', EXAMPLE, '--parental', 'MM1S']));
      expect(stderr).toBe('ic50: --parental: cell line "MM1S" is not in the data (did you mean "MM1S WT"? cell lines found: "MM1S WT", "MM1S/R BTZ", "MM1S/R CFZ")\n');
      expect(code).toBe(2);
      expect(stdout).toBe('');
    });

    it('a --pair without "="', async () => {
      const { code, stderr } = (await run(['fit', EXAMPLE, '--pair', 'MM1S']));
      expect(stderr).toMatch(/^ic50: option '--pair <resistant=parental>' argument 'MM1S' is invalid\. expected RESISTANT=PARENTAL, got "MM1S"\./);
      expect(code).toBe(2);
    });

    it('a --pair name that is not in the data (so --pair is read at all)', async () => {
      const { code, stderr } = (await run(['fit', EXAMPLE, '--pair', 'MM1S/R BTZ=MM1S']));
      expect(stderr).toMatch(/--pair: cell line "MM1S" is not in the data/);
      expect(code).toBe(2);
    });

    it('an unknown option or format', async () => {
      expect((await run(['fit', EXAMPLE, '--frobnicate'])).code).toBe(2);
      const { code, stderr } = (await run(['fit', EXAMPLE, '--format', 'xml']));
      expect(code).toBe(2);
      expect(stderr).toMatch(/Allowed choices are table, csv, tsv, json, ndjson/);
    });
  });

  it('compares the lines given with --pair (the flag’s values reach the analysis)', async () => {
    const { code, stdout } = await run(['fit', EXAMPLE, '--pair', 'MM1S/R BTZ=MM1S WT', '--pair', 'MM1S/R CFZ=MM1S/R BTZ']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    expect(rows.find((r) => r.cell_line === 'MM1S/R BTZ' && r.compound === 'bortezomib')!.parental).toBe('MM1S WT');
    expect(Number(rows.find((r) => r.cell_line === 'MM1S/R BTZ' && r.compound === 'bortezomib')!.rf)).toBeCloseTo(2.95, 1);
    expect(rows.find((r) => r.cell_line === 'MM1S/R CFZ' && r.compound === 'bortezomib')!.parental).toBe('MM1S/R BTZ');
    expect(rows.find((r) => r.cell_line === 'MM1S WT' && r.compound === 'bortezomib')!.parental).toBe('');
  });

  it('warns about an excluded well on stderr (naming file, line, well) and fits the rest', async () => {
    const dir = scratch();
    const file = join(dir, 'gap.csv');
    const text = readFileSync(EXAMPLE, 'utf8').replace('P-WT-1,A2,MM1S WT,bortezomib,333.3,10931', 'P-WT-1,A2,MM1S WT,bortezomib,333.3,OVRFLW');
    writeFileSync(file, text);
    const { code, stdout, stderr } = (await run(['fit', file]));
    expect(code).toBe(0);
    expect(stderr).toMatch(/^ic50: warning: .*gap\.csv:3: well A2: signal "OVRFLW" is not a number: well excluded\n$/);
    expect(parseCsv(stdout)[0]!.n_points).toBe('59');
    const strict = (await run(['fit', file, '--strict']));
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
  });

  it('in a batch, reports a bad file, completes the others, and exits 1', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a-good.csv'), readFileSync(EXAMPLE, 'utf8'));
    writeFileSync(join(dir, 'b-bad.csv'), 'cell_line,compound,conc_nM\nA,x,1\n');
    const { code, stdout, stderr } = (await run(['fit', dir, '--format', 'json']));
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { fits: unknown[]; errors: { file: string; line: number; message: string }[] };
    expect(json.fits).toHaveLength(6);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0]!.file).toMatch(/b-bad\.csv$/);
    expect(json.errors[0]!.line).toBe(1);
    expect(stderr).toMatch(/b-bad\.csv:1: no signal column/);
  });

  it('never modifies its input files', async () => {
    const before = readFileSync(EXAMPLE);
    (await run(['fit', EXAMPLE, '-o', join(scratch(), 'x.csv')]));
    expect(readFileSync(EXAMPLE).equals(before)).toBe(true);
    expect(existsSync(EXAMPLE)).toBe(true);
  });

  it('prints help and version with exit code 0', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['fit', '--help'])).stdout).toMatch(/--parental <name>/);
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('ic50 fit with a plate map on a tidy CSV', () => {
  it('says the map is not used', async () => {
    const { code, stderr } = (await run(['fit', EXAMPLE, '--layout', join(ROOT, 'test/fixtures/e2e/softmax-mtt-map.csv')]));
    expect(code).toBe(0);
    expect(stderr).toMatch(/mm1s-celltiter-glo\.csv: a tidy CSV names compound and concentration per well: the --layout map is not used for it/);
  });
});

describe('ic50 fit --ci profile --rf-ci fieller', () => {
  it('reports the profile IC50 interval, Fieller RF interval and the IC50-difference p-value', async () => {
    const wald = JSON.parse((await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--format', 'json'])).stdout) as { fits: Record<string, number>[] };
    const { code, stdout } = (await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--format', 'json', '--ci', 'profile', '--rf-ci', 'fieller']));
    expect(code).toBe(0);
    const fits = (JSON.parse(stdout) as { fits: Record<string, number>[] }).fits;
    // Same estimates, other intervals (profile: 14.58–15.97 against Wald 14.58–15.96 nM).
    expect(fits[0]!.ic50).toBe(wald.fits[0]!.ic50);
    expect(fits[0]!.ic50_ci_high).not.toBe(wald.fits[0]!.ic50_ci_high);
    expect(fits[0]!.ic50_ci_low).toBeLessThan(15.26);
    expect(fits[0]!.ic50_ci_high).toBeGreaterThan(15.26);
    expect(fits[2]!.rf_ci_low).toBeLessThan(fits[2]!.rf!);
    expect(fits[2]!.rf_ci_high).toBeGreaterThan(fits[2]!.rf!);
    // R: pf(885.91, 1, 112, lower = FALSE) = 5.11e-55 (test/reference/mm1s-ftest-r.csv)
    expect(fits[2]!.rf_p).toBeGreaterThan(1e-56);
    expect(fits[2]!.rf_p).toBeLessThan(1e-53);
  });
});

describe('ic50 fit --matrix', () => {
  it('writes the cross-resistance matrix as a table or as CSV, and refuses JSON', async () => {
    const table = (await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--matrix', '--format', 'table']));
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^cell line\s+bortezomib\s+carfilzomib$/);
    expect(lines[1]).toMatch(/^MM1S WT\s+15\.3 \[14\.6–16\] nM\s+8\.15 \[7\.68–8\.65\] nM$/);
    expect(lines[2]).toMatch(/^MM1S\/R BTZ\s+45 \[42\.6–47\.5\] nM; RF 2\.95 \[2\.75–3\.16\]/);
    const csv = (await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '--matrix'])).stdout.trim().split('\n');
    expect(csv[0]!.split(',').slice(0, 7)).toEqual(['cell_line', 'parental', 'bortezomib.ic50', 'bortezomib.ic50_ci_low', 'bortezomib.ic50_ci_high', 'bortezomib.unit', 'bortezomib.rf']);
    expect(csv[2]!.split(',').slice(0, 2)).toEqual(['MM1S/R BTZ', 'MM1S WT']);
    expect(csv[2]!.split(',')[6]).toBe('2.95103');
    const json = (await run(['fit', EXAMPLE, '--matrix', '--format', 'json']));
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/--matrix writes an aligned table or CSV, not json/);
  });
});

describe('ic50 fit --weights 1/y2', () => {
  it('fits with relative weights, with the profile interval and rf_p too', async () => {
    const { code, stdout } = (await run(['fit', EXAMPLE, '--weights', '1/y2', '--format', 'json']));
    expect(code).toBe(0);
    const fit = (JSON.parse(stdout) as { fits: { ic50: number; rss: number }[] }).fits[0]!;
    expect(fit.ic50).toBeGreaterThan(14.5);
    expect(fit.ic50).toBeLessThan(16);
    expect(fit.rss).toBeLessThan(1); // weighted RSS (residuals relative to the response)
    // With the profile interval and the IC50-difference test, both on the weighted RSS.
    const both = (await run(['fit', EXAMPLE, '--weights', '1/y2', '--ci', 'profile', '--parental', 'MM1S WT', '--format', 'csv']));
    expect(both.code).toBe(0);
    const rows = parseCsv(both.stdout);
    expect(Number(rows[0]!.ic50_ci_low)).toBeLessThan(Number(rows[0]!.ic50));
    expect(Number(rows[2]!.rf_p)).toBeLessThan(1e-6);
  });
});

describe('ic50 fit --model', () => {
  it('fits LL.5 with its asymmetry, LL.3 with the bottom at 0, and names the model in every row', async () => {
    const ll5 = (await run(['fit', EXAMPLE, '--model', 'll5', '--ci', 'profile', '--parental', 'MM1S WT', '--format', 'csv']));
    expect(ll5.code).toBe(0);
    const rows5 = parseCsv(ll5.stdout);
    expect(rows5.map((r) => r.model)).toEqual(Array(6).fill('ll5'));
    // MM1S WT bortezomib: asymmetry 0.737715 by drc 3.0-1 (test/reference/mm1s-ll5-drc.csv).
    expect(Number(rows5[0]!.asymmetry)).toBeCloseTo(0.73771, 4);
    expect(Number(rows5[0]!.asymmetry_se)).toBeGreaterThan(0);
    expect(Number(rows5[0]!.asymmetry_ci_low)).toBeLessThan(Number(rows5[0]!.asymmetry));
    expect(Number(rows5[0]!.asymmetry_ci_high)).toBeGreaterThan(Number(rows5[0]!.asymmetry));
    expect(Number(rows5[2]!.rf)).toBeGreaterThan(2.5);
    expect(Number(rows5[2]!.rf_p)).toBeLessThan(1e-6);

    const ll3 = parseCsv((await run(['fit', EXAMPLE, '--model', 'll3', '--format', 'csv'])).stdout);
    expect(ll3.map((r) => [r.model, r.bottom, r.bottom_se, r.bottom_ci_low, r.bottom_ci_high, r.asymmetry])).toEqual(Array(6).fill(['ll3', '0', '', '', '', '']));
    const ll2 = parseCsv((await run(['fit', EXAMPLE, '--top', '100', '--bottom', '0', '--format', 'csv'])).stdout);
    expect(ll2[0]!.model).toBe('ll2');
    const ll4 = parseCsv((await run(['fit', EXAMPLE, '--format', 'csv'])).stdout);
    expect(ll4[0]!.model).toBe('ll4');
  });

  it('refuses an unknown model with exit code 2', async () => {
    const { code, stderr, stdout } = (await run(['fit', EXAMPLE, '--model', 'll6']));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--model.*ll6.*ll3, ll4, ll5|ll6.*invalid/);
  });
});

describe('ic50 fit --outliers', () => {
  // The example with one well ruined: MM1S WT bortezomib at 12.35 nM on P-WT-1 (B5) reads 5,000 RLU
  // where its neighbours read ~180,000.
  const spiked = (): string => {
    const file = join(scratch(), 'spiked.csv');
    const text = readFileSync(EXAMPLE, 'utf8').replace(/^(P-WT-1,B5,MM1S WT,bortezomib,12\.35),\d+$/m, '$1,5000');
    expect(text).toContain('P-WT-1,B5,MM1S WT,bortezomib,12.35,5000');
    writeFileSync(file, text);
    return file;
  };

  it('remove: lists the removed wells, worst first, and fits without them', async () => {
    const file = spiked();
    const removed = parseCsv((await run(['fit', file, '--outliers', 'remove', '--format', 'csv'])).stdout)[0]!;
    const wells = removed.outliers!.split(';');
    expect(wells[0]).toBe('P-WT-1:B5');
    expect(Number(removed.n_outliers)).toBe(wells.length);
    expect(Number(removed.n_points)).toBe(60 - wells.length);
    expect(removed.flags).toContain('outliers');
    const kept = parseCsv((await run(['fit', file, '--outliers', 'flag', '--format', 'csv'])).stdout)[0]!;
    expect(kept.outliers).toBe(removed.outliers);
    expect(Number(kept.n_points)).toBe(60);
    const off = parseCsv((await run(['fit', file, '--format', 'csv'])).stdout)[0]!;
    expect([off.n_outliers, off.outliers, off.flags]).toEqual(['0', '', '']);
    // Flagging never changes the fit.
    expect(kept.ic50).toBe(off.ic50);
    expect(kept.ic50).not.toBe(removed.ic50);
  });

  it('gives the wells as a JSON array', async () => {
    const { stdout } = (await run(['fit', spiked(), '--outliers', 'flag', '--format', 'ndjson']));
    const first = JSON.parse(stdout.split('\n')[0]!) as { outliers: string[]; n_outliers: number };
    expect(first.outliers[0]).toBe('P-WT-1:B5');
    expect(first.n_outliers).toBe(first.outliers.length);
  });

  it('refuses a Q outside (0, 50] %', async () => {
    const { code, stderr } = (await run(['fit', EXAMPLE, '--outliers', 'flag', '--outlier-q', '0']));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--outlier-q/);
  });
});

describe('ic50 matrix (saved results) and pipes', () => {
  it('builds the matrix from results saved as CSV, or piped in as JSON from another ic50', async () => {
    const dir = scratch();
    const saved = join(dir, 'results.csv');
    (await run(['fit', EXAMPLE, '--parental', 'MM1S WT', '-o', saved]));
    const table = (await run(['matrix', saved, '--format', 'table']));
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[2]).toMatch(/^MM1S\/R BTZ\s+45 \[42\.6–47\.5\] nM; RF 2\.95 \[2\.75–3\.16\]/);
    // A real pipe between two processes (standard input read asynchronously: no EAGAIN).
    const piped = spawnSync('bash', ['-c', `node "${BIN}" fit "${EXAMPLE}" --parental "MM1S WT" --format json | node "${BIN}" matrix -`], { encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stdout.split('\n')[0]).toMatch(/^cell_line,parental,bortezomib\.ic50,/);
  });

  it('refuses a file that is not ic50 results', async () => {
    const { code, stderr } = (await run(['matrix', EXAMPLE]));
    expect(code).toBe(2);
    expect(stderr).toMatch(/not an ic50 results file \(no ic50 column\)/);
  });

  it('ends quietly when the reader closes the pipe early', async () => {
    const result = spawnSync('bash', ['-c', `node "${BIN}" fit "${EXAMPLE}" --format ndjson | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(result.stdout.trim()).toBe('0');
  });
});
