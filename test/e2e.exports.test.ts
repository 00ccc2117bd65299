import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli as run, scratchFolders } from './cliHarness.js';

// Plate-reader exports with plate maps, through the CLI (in process) on fixtures written by
// test/fixtures/e2e/make-e2e.mjs (simulated with known IC50s in the layouts of real exports).
const E2E = 'test/fixtures/e2e/';
const scratch = scratchFolders('ic50-exports-');

interface Fit {
  cell_line: string;
  compound: string;
  ic50: number;
  unit: string;
  flags: string[];
  rf: number | null;
}
interface Plate {
  plate: string;
  signal: string;
  z_prime: number;
  qc: string;
  n_excluded: number;
}
function json(stdout: string) {
  return JSON.parse(stdout) as { fits: Fit[]; plates: Plate[]; errors: { file: string; message: string }[] };
}
const fitOf = (fits: Fit[], line: string, compound: string) => fits.find((f) => f.cell_line === line && f.compound === compound)!;

describe('plate-reader exports with plate maps (end to end)', () => {
  it('EnVision CellTiter-Glo 384 + long map (semicolons, A001, decimal commas, no unit) → IC50s', async () => {
    const { code, stdout, stderr } = (await run(['fit', `${E2E}envision-ctg384.csv`, '--layout', `${E2E}envision-ctg384-map.csv`, '--unit', 'uM', '--cell-line', 'PDX-7', '--format', 'json']));
    expect(code).toBe(0);
    // The OVRFLW well is excluded and named, never read as zero.
    expect(stderr).toMatch(/envision-ctg384\.csv:\d+: well D6: "OVRFLW" is not a reading: well excluded/);
    const { fits, plates } = json(stdout);
    expect(fits.map((f) => f.compound)).toEqual(['drug-01', 'drug-02', 'drug-03']);
    // Simulated IC50s 0.8, 0.05 and 3 µM (noise 4 %).
    for (const [compound, truth] of [['drug-01', 0.8], ['drug-02', 0.05], ['drug-03', 3]] as const) {
      const fit = fitOf(fits, 'PDX-7', compound);
      expect(Math.abs(Math.log10(fit.ic50 / truth))).toBeLessThan(0.1);
      expect(fit.unit).toBe('uM');
    }
    expect(plates).toHaveLength(1);
    expect(plates[0]!.plate).toBe('E2E0001');
    expect(plates[0]!.signal).toBe('envision: Results for US LUM 384(1) - channel 0 (CPS)');
    expect(plates[0]!.n_excluded).toBe(1);
    expect(plates[0]!.qc).toBe('pass');
  });

  it('uses the crosstalk-corrected read when asked with --read', async () => {
    const { code, stdout } = (await run(['fit', `${E2E}envision-ctg384.csv`, '--layout', `${E2E}envision-ctg384-map.csv`, '--unit', 'uM', '--cell-line', 'PDX-7', '--format', 'json', '--read', 'Calculated']));
    expect(code).toBe(0);
    expect(json(stdout).plates[0]!.signal).toMatch(/^envision: Calculated results/);
  });

  it('refuses --experiment COLUMN for an export (a manifest says its experiment), exit 2', async () => {
    const { code, stdout, stderr } = (await run(['fit', `${E2E}envision-lum1536.csv`, '--layout', `${E2E}lum1536-dilution.csv`, '--experiment', 'day']));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/envision-lum1536\.csv: --experiment day: a column can only be read from a tidy CSV.*--manifest/);
  });

  it('EnVision 1536 (rows AA–AF) + serial-dilution map → IC50s', async () => {
    const { code, stdout } = (await run(['fit', `${E2E}envision-lum1536.csv`, '--layout', `${E2E}lum1536-dilution.csv`, '--format', 'json']));
    expect(code).toBe(0);
    const { fits } = json(stdout);
    expect(Math.abs(Math.log10(fitOf(fits, 'MCF7', 'cmpd-X').ic50 / 0.2))).toBeLessThan(0.1);
    expect(Math.abs(Math.log10(fitOf(fits, 'MCF7', 'cmpd-Y').ic50 / 4))).toBeLessThan(0.15);
  });

  it('flags every fit of a plate that fails QC', async () => {
    const { stdout, stderr } = (await run(['fit', `${E2E}envision-lum1536.csv`, '--layout', `${E2E}lum1536-dilution.csv`, '--format', 'json', '--min-z-prime', '0.99']));
    const { fits, plates } = json(stdout);
    expect(plates[0]!.qc).toBe('fail');
    expect(fits.every((f) => f.flags.includes('plate_qc_failed'))).toBe(true);
    expect(stderr).toMatch(/plate QC failed \(Z′ 0\.\d\d < 0\.99\)/);
  });

  it('inspect shows the format, the reads, the signal used and a heat map; roles and QC with a layout', async () => {
    const plain = (await run(['inspect', `${E2E}envision-ctg384.csv`]));
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^test\/fixtures\/e2e\/envision-ctg384\.csv: Revvity\/PerkinElmer EnVision \/ EnSpire \[envision\], 1 plate/);
    expect(plain.stdout).toMatch(/read 1: "Results for US LUM 384\(1\) - channel 0 \(CPS\)" \(raw\): 383 numeric, 0 empty, excluded: OVRFLW ×1/);
    expect(plain.stdout).toMatch(/read 2: "Calculated results: .*" \(calculated\)/);
    expect(plain.stdout).toMatch(/\n {2}P ▁/);
    const withMap = (await run(['inspect', `${E2E}envision-ctg384.csv`, '--layout', `${E2E}envision-ctg384-map.csv`, '--unit', 'uM', '--cell-line', 'PDX-7', '--format', 'json']));
    expect(withMap.code).toBe(0);
    const report = JSON.parse(withMap.stdout) as { plates: { rows: number; columns: number; roles: (string | null)[][]; values: (number | null)[][]; qc: { qc: string }[] }[] };
    expect(report.plates[0]!.rows).toBe(16);
    expect(report.plates[0]!.roles[1]![1]).toBe('sample');
    expect(report.plates[0]!.roles[8]![1]).toBe('vehicle');
    expect(report.plates[0]!.roles[3]![5]).toBe('exclude');
    expect(report.plates[0]!.values[3]![5]).toBeNull();
    expect(report.plates[0]!.qc[0]!.qc).toBe('pass');
  });

  describe('bad input: a clear message, exit 2', () => {
    const dir = scratch();
    const cases: [string, string[], RegExp][] = [
      ['an export without a plate map', ['fit', `${E2E}envision-ctg384.csv`], /envision-ctg384\.csv: this is a plate-reader export \(Revvity\/PerkinElmer EnVision \/ EnSpire\); it needs a plate map \(give --layout MAP/],
      ['a map without a unit', ['fit', `${E2E}envision-ctg384.csv`, '--layout', `${E2E}envision-ctg384-map.csv`, '--cell-line', 'X'], /envision-ctg384-map\.csv:2: well B2: no concentration unit/],
      ['a 96-well map on a 1536-well export', ['fit', `${E2E}envision-lum1536.csv`, '--layout', `${E2E}softmax-mtt-map.csv`], /the layout describes a 96-well \(8×12\) plate, but plate "E2E1536" is 1536-well \(32×48\)/],
      ['an unknown --reader', ['inspect', `${E2E}envision-ctg384.csv`, '--reader', 'magic'], /unknown reader "magic" \(readers: tidy \(tidy CSV \(one row per well\)\), softmaxpro \(Molecular Devices SoftMax Pro\), gen5/],
      ['a --read that names no read', ['inspect', `${E2E}envision-ctg384.csv`, '--read', 'Fluorescence'], /plate "E2E0001" has no read "Fluorescence" \(reads: 1: "Results for US LUM 384/],
    ];
    it.each(cases)('%s', async (_, args, message) => {
      const { code, stdout, stderr } = await run(args);
      expect(stderr).toMatch(message);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    });

    it('a file in no format ic50 knows lists the formats and how to force one', async () => {
      const file = join(dir, 'notes.txt');
      writeFileSync(file, 'Dear diary,\ntoday the plate reader was broken.\n');
      const { code, stderr } = (await run(['inspect', file]));
      expect(code).toBe(2);
      expect(stderr).toMatch(/notes\.txt: not a format ic50 recognises \(supported: .*envision \(Revvity\/PerkinElmer EnVision \/ EnSpire\).*force one with --reader ID\)/);
    });

    it('a plate the map does not name', async () => {
      const map = join(dir, 'keyed.csv');
      writeFileSync(map, 'plate,well,compound,concentration_uM\nOTHER,A1,x,1\n');
      const { code, stderr } = (await run(['fit', `${E2E}envision-lum1536.csv`, '--layout', map, '--cell-line', 'X']));
      expect(code).toBe(2);
      expect(stderr).toMatch(/no layout for plate "E2E1536" \(the layout names plates "OTHER"\)/);
    });
  });
});

describe('SoftMax Pro MTT (562 − 660 nm) + grid-of-grids map (end to end)', () => {
  it('subtracts the reference read, fits both lines and gives the resistance factor', async () => {
    const { code, stdout } = (await run(['fit', `${E2E}softmax-mtt-562-660.txt`, '--layout', `${E2E}softmax-mtt-map.csv`, '--parental', 'HT-29', '--format', 'json']));
    expect(code).toBe(0);
    const { fits, plates } = json(stdout);
    // Simulated IC50s 0.05 and 0.6 µM: RF 12.
    expect(Math.abs(Math.log10(fitOf(fits, 'HT-29', 'cisplatin').ic50 / 0.05))).toBeLessThan(0.1);
    expect(Math.abs(Math.log10(fitOf(fits, 'HT-29/R', 'cisplatin').ic50 / 0.6))).toBeLessThan(0.1);
    expect(fitOf(fits, 'HT-29/R', 'cisplatin').rf).toBeGreaterThan(8);
    expect(fitOf(fits, 'HT-29/R', 'cisplatin').rf).toBeLessThan(18);
    expect(plates.map((p) => p.signal)).toEqual(['softmaxpro: 562 − 660 (reference subtracted)', 'softmaxpro: 562 − 660 (reference subtracted)']);
  });

  it('fits the raw 562 nm read with --no-reference-subtract, and says so', async () => {
    const { stdout } = (await run(['fit', `${E2E}softmax-mtt-562-660.txt`, '--layout', `${E2E}softmax-mtt-map.csv`, '--no-reference-subtract', '--format', 'json']));
    expect(json(stdout).plates[0]!.signal).toBe('softmaxpro: 562');
  });
});

describe('inspect on a plate map', () => {
  it('shows the map, and says when it names no unit', async () => {
    const { code, stdout } = (await run(['inspect', `${E2E}envision-ctg384-map.csv`]));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^test\/fixtures\/e2e\/envision-ctg384-map\.csv: a plate map \(use it with --layout\), 1 plate/);
    expect(stdout).toMatch(/map for every plate: 274 wells on a 384-well plate\n  roles: 120 sample, 140 vehicle, 14 blank\n/);
    expect(stdout).toMatch(/compounds \(concentrations\): drug-01 \(5\), drug-02 \(5\), drug-03 \(5\)/);
    expect(stdout).toMatch(/note: the map names no concentration unit: give --unit when you fit with it\nnote: the map names no cell line for its treated wells: give --cell-line \(or a manifest cell_line column\) when you fit with it\n$/);
  });
});
