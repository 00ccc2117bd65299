import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { fitCurve } from '../../src/fit/fitCurve.js';
import { fitDoseResponse } from '../../src/fit/fitDoseResponse.js';
import { decodeText } from '../../src/readers/decodeText.js';
import { readLayout } from '../../src/layouts/readLayout.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { normalizePlates } from '../../src/plate/normalize.js';
import { plateQc } from '../../src/plate/plateQc.js';
import { analyze } from '../../src/index.js';
import { tableFromText } from '../../src/readers/cellTable.js';
import { envisionReader } from '../../src/readers/envision.js';
import { genericGridReader } from '../../src/readers/genericGrid.js';
import { READERS } from '../../src/readers/index.js';
import type { RawPlate } from '../../src/readers/rawPlate.js';
import { readTidyCsv } from '../../src/readers/tidyCsv.js';
import { wellTableReader } from '../../src/readers/wellTable.js';
import type { Curve, WellRecord } from '../../src/types.js';
import { checkFit, checkReport, reportOfFits } from './harness.js';

// What the fuzz runs found (test/fuzz/*.test.ts, npm run fuzz), one case each, kept as plain tests.

const fixture = (path: string): string => decodeText(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)))!;

/** The text with one field of a line (1-based) removed or replaced. */
function editField(text: string, line: number, field: number, replacement: string | null, delimiter = ','): string {
  const lines = text.split('\n');
  const cr = lines[line - 1]!.endsWith('\r');
  const cells = lines[line - 1]!.replace(/\r$/, '').split(delimiter);
  if (replacement === null) cells.splice(field - 1, 1);
  else cells[field - 1] = replacement;
  lines[line - 1] = cells.join(delimiter) + (cr ? '\r' : '');
  return lines.join('\n');
}

/** Reads text with the reader READERS detects (as the pipeline does: with the ragged-line check). */
function readDetected(text: string, source: string): RawPlate[] {
  const table = tableFromText(text, source);
  const reader = READERS.find((r) => r.detect(table));
  if (!reader) throw new Error(`no reader for ${source}`);
  return reader.read(table);
}

function errorOf(call: () => unknown): Ic50Error {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

const curve = (log10Molar: number[], response: number[]): Curve => ({ cellLine: 'L', compound: 'd', plates: ['p'], unit: 'nM', log10Molar, response, noBlank: false });

const well = (role: WellRecord['role'], signal: number, extra: Partial<WellRecord> = {}): WellRecord => ({
  location: { file: 'n.csv', line: 2 },
  plate: 'p',
  role,
  cellLine: 'L',
  compound: role === 'sample' ? 'd' : '',
  log10Molar: role === 'sample' ? -6 : Number.NaN,
  unit: 'nM',
  signal,
  ...extra,
});

describe('fuzz regressions: the fit', () => {
  it('fits concentrations spanning a million decades, or one point at -3e208, without an endless grid', () => {
    // Was: a grid point every 0.25 decade over the whole range — out of memory, or an endless
    // loop where adding 0.25 no longer changes the number.
    const wide = fitCurve([-9, -8, -7, -6, 1e6], [100, 80, 50, 20, 0]);
    expect(wide.iterations).toBeLessThanOrEqual(500);
    expect(fitCurve([-3.29e208], [0]).iterations).toBeLessThanOrEqual(500);
    for (const u of [[-9, -8, -7, 1e308], [-1e308, 0, 1, 2]]) checkFit(fitDoseResponse(curve(u, [100, 70, 30, 5])));
  });

  it('reports responses near ±1e308 as not converged, with NaN (never ±Infinity) and a flag', () => {
    // Was: converged, RSS Infinity, top Infinity.
    const fit = fitDoseResponse(curve([-9, -8, -7, -6, -5], [1e308, 1e308, -1e308, 1e308, -1e308]));
    expect(fit.converged).toBe(false);
    expect(fit.flags).toContain('not_converged');
    for (const v of [fit.top.value, fit.bottom.value, fit.rss, fit.rSquared]) expect(v === Infinity || v === -Infinity).toBe(false);
    checkReport(reportOfFits([fit]), '');
    expect(fitCurve([0, 0], [1e308, 1e308]).converged).toBe(false);
    expect(fitCurve([], []).converged).toBe(false);
  });

  it('fits a curve of 150,000 points (no spread of the points into Math.min)', () => {
    const u = Array.from({ length: 150_000 }, (_, i) => -9 + (i % 10) * 0.5);
    const fit = fitDoseResponse(curve(u, u.map((x) => 100 / (1 + 10 ** (x + 6.5)))));
    expect(fit.log10Ic50.value).toBeCloseTo(-6.5, 3);
  });
});

describe('fuzz regressions: readers', () => {
  it('--reader well-table on a file without a well table header is an Ic50Error, not a TypeError', () => {
    const e = errorOf(() => wellTableReader.read(tableFromText('hello\n1,2\n', 'x.csv')));
    expect(e.describe()).toMatch(/^x\.csv: no well table header/);
  });

  it('notes a grid row that lost a field (its values would sit under the wrong wells)', () => {
    // Was: row B of the BMG grid read one column to the left, silently.
    const text = editField(fixture('bmg/plateview-384.csv'), 11, 3, null);
    const [plate] = readDetected(text, 'bmg.csv');
    expect(plate!.notes.join('\n')).toMatch(/line 11 has 24 fields where the other lines of "Raw Data \(570\)" have 25.*wrong wells/);
    const envision = readDetected(editField(fixture('envision/two-plates-384.csv'), 12, 5, null), 'e.csv');
    expect(envision.flatMap((p) => p.notes).join('\n')).toMatch(/line 12 has 25 fields/);
  });

  it('notes a grid header that lost a field, and a TimeFormat header that lost its first field', () => {
    const bmg = readDetected(editField(fixture('bmg/plateview-384.csv'), 9, 2, null), 'bmg.csv');
    expect(bmg[0]!.notes.join('\n')).toMatch(/the header on line 9 has 24/);
    const softmax = readDetected(editField(fixture('softmaxpro/lum-timeformat-utf16.txt'), 3, 1, null, '\t'), 's.txt');
    expect(softmax[0]!.notes.join('\n')).toMatch(/the header on line 3 has/);
  });

  it('takes no such note on any fixture as exported', () => {
    for (const path of ['bmg/plateview-384.csv', 'envision/two-plates-384.csv', 'gen5/lum-two-plates.txt', 'glomax/abs600.csv', 'kaleido/lum96-v35.csv', 'skanit/absorbance-2plates.txt', 'softmaxpro/lum-timeformat-utf16.txt', 'tecan/icontrol-kinetic.csv', 'tecan/icontrol-partial.txt', 'grid/labelled-96.csv']) {
      const notes = readDetected(fixture(path), path).flatMap((p) => p.notes);
      expect(notes.filter((n) => /wrong wells|found no data/.test(n)), path).toEqual([]);
    }
  });

  it('Gen5: two plates run together (a lost "Plate Number" line) are an error, not plate 2 overwriting plate 1', () => {
    const text = fixture('gen5/lum-two-plates.txt');
    expect(text.split('\n')[59]).toMatch(/^Plate Number\tPlate 2/);
    for (const edited of [editField(text, 60, 1, null, '\t'), editField(text, 60, 1, 'abc', '\t')]) {
      expect(errorOf(() => readDetected(edited, 'gen5.txt')).describe()).toMatch(/^gen5\.txt:\d+: data set "LUM:Lum" gives well A1 twice \(lines \d+ and \d+\)/);
    }
  });

  it('Tecan: a data block lost is noted (labels after it shift), a Cycle Nr. header that lost a field is an error', () => {
    // Was: the Abs570 grid read as "CTG" without a word, and kinetic values one well off.
    const partial = fixture('tecan/icontrol-partial.txt');
    expect(partial.split('\n')[23]).toMatch(/^<>\t2\t3/);
    const [plate] = readDetected(editField(partial, 24, 1, null, '\t'), 'tecan.txt');
    expect(plate!.notes.join('\n')).toMatch(/settings "Abs570" \(line 40\) found no data block: a data block before it is missing or unreadable/);
    const kinetic = fixture('tecan/icontrol-kinetic.csv');
    expect(kinetic.split('\n')[20]).toMatch(/^Cycle Nr\.,Time/);
    expect(errorOf(() => readDetected(editField(kinetic, 21, 2, null), 'k.csv')).describe()).toMatch(/^k\.csv:22: a 'Cycle Nr\.' line has more values than the header at line 21 names wells/);
  });

  it('SoftMax Pro: a reduced-data header naming a well off the plate is an error (the value of A13 landed on B1, that of AF48 off the plate)', () => {
    const text = fixture('softmaxpro/lum-timeformat-utf16.txt');
    expect(text.split('\n')[5]).toMatch(/^\t\tA1\tA2/);
    for (const id of ['A13', 'AF48']) {
      expect(errorOf(() => readDetected(editField(text, 6, 3, id, '\t'), 's.txt')).describe()).toMatch(new RegExp(`^s\\.txt:6: SoftMax Pro reduced-data header names ${id}, which is not on the 96-well plate`));
    }
  });

  it('reads 150,000-line well tables and numeric blocks without a stack overflow (no spread into Math.max)', () => {
    const wells = ['Well,Value', ...Array.from({ length: 150_000 }, (_, i) => `A${(i % 12) + 1},${i}`)].join('\n');
    expect(wellTableReader.read(tableFromText(wells, 'w.csv'))[0]!.rows).toBe(8);
    const numbers = tableFromText(Array.from({ length: 150_000 }, (_, i) => `${i},${i}`).join('\n'), 'n.csv');
    expect(genericGridReader.detect(numbers)).toBe(false);
    expect(errorOf(() => envisionReader.read(numbers)).describe()).toMatch(/^n\.csv:1: a bare matrix of 150000 lines/);
  });
});

describe('fuzz regressions: tidy CSVs and plate maps', () => {
  const HEADER = 'cell_line,compound,concentration_nM,signal,role\n';
  const tidyError = (rows: string) => errorOf(() => readTidyCsv(HEADER + rows, 't.csv'));

  it('refuses a treated row without a compound (was a curve named "")', () => {
    expect(tidyError('L,,1000,7743,\n').describe()).toBe('t.csv:2: no compound for a treated well (name the compound, or give the well a control role)');
  });

  it('refuses concentrations that would silently drop out of the curve: 1e999, 1e-400, 0 on a sample, beyond 1e±100 M', () => {
    expect(tidyError('L,d,1e999,5,\n').message).toBe('concentration 1e999 is beyond the range of numbers');
    // 1e-400 reads as 0 in a double: a well at 0 would be a vehicle without a word.
    expect(tidyError('L,d,1e-400,5,\n').message).toBe('concentration 1e-400 is beyond the range of numbers');
    expect(tidyError('L,d,0,5,sample\n').message).toBe('concentration 0 is not above 0');
    expect(tidyError('L,d,1e200,5,\n').message).toBe('concentration 1e200 is out of range');
    expect(errorOf(() => readTidyCsv('line,compound,conc,signal\nL,d,-400,5\n', 't.csv', { unit: parseConcentrationUnit('log10 M')! })).message).toBe('concentration -400 is out of range');
  });

  it('takes "0 nM" with a unit in the cell as a vehicle, like "0"', () => {
    const { wells } = readTidyCsv('line,compound,conc,signal\nL,d,0 nM,5\nL,d,1 nM,4\n', 't.csv');
    expect(wells.map((w) => w.role)).toEqual(['vehicle', 'sample']);
  });

  it('refuses a mapped sample at concentration 0, a dilution of 1e999 or 10^400 points, a series ending beyond 1e-100 M', () => {
    expect(errorOf(() => readLayout('well,compound,conc_nM,role\nA1,d,0,sample\n', 'm.csv', {})).describe()).toMatch(/^m\.csv:2: well A1: concentration 0 is not above 0/);
    const dilution = 'compound,top_uM,dilution,points,direction,wells\n';
    expect(errorOf(() => readLayout(`${dilution}d,10,1e999,3,right,A1:A3\n`, 'd.csv', {})).message).toBe('dilution "1e999" is not a fold factor above 1');
    const many = errorOf(() => readLayout(`${dilution}d,10,3,${'9'.repeat(400)},right,A1:A3\n`, 'd.csv', {}));
    expect(many.message).not.toMatch(/Infinity/);
    expect(errorOf(() => readLayout(`${dilution}d,10,1e40,4,right,A1:A4\n`, 'd.csv', {})).message).toBe('a 4-point 1e40-fold series from 10 ends out of range');
  });
});

describe('fuzz regressions: normalization and plate QC', () => {
  it('normalizes signals near 1e308 (was: "vehicle mean Infinity is not above the background Infinity")', () => {
    const wells = [well('vehicle', 1.5e308), well('vehicle', 1.7e308), well('blank', 1e306), well('blank', 2e306), well('sample', 8e307)];
    const result = normalizePlates(wells);
    expect(result.wells[0]!.response).toBeGreaterThan(40);
    expect(result.wells[0]!.response).toBeLessThan(60);
    for (const reason of result.plates.flatMap((p) => p.reasons)) expect(reason).not.toMatch(/NaN|Infinity/);
  });

  it('keeps responses finite for a vehicle a hair above its background, and excludes with a warning what no double holds', () => {
    const tiny = normalizePlates([well('vehicle', 5e-324), well('blank', 0), well('sample', 0)]);
    expect(tiny.wells[0]!.response).toBe(0);
    const huge = normalizePlates([well('vehicle', 1e-300), well('blank', 0), well('sample', 1e300)]);
    expect(huge.wells).toEqual([]);
    expect(huge.warnings.map((w) => w.message).join('\n')).toMatch(/signal 1e\+300 is beyond any % of the vehicle.*: well excluded/);
  });

  it('says in words why QC fails when Z′ or the CV are unbounded (was "Z′ -Infinity", "CV Infinity %")', () => {
    const qc = plateQc([well('vehicle', 1.3e154), well('vehicle', 1e154), well('blank', 0), well('blank', 0)], 'L');
    expect(Number.isFinite(qc.zPrime)).toBe(true);
    const zero = plateQc([well('vehicle', -1), well('vehicle', 1), well('blank', -5), well('blank', -5)], 'L');
    expect(zero.reasons).toContain('vehicle CV unbounded (vehicle mean 0.00) > 20 %');
  });

  it('analyzes a tidy CSV whose vehicles overflow a plain sum, writing no NaN or Infinity', async () => {
    const text = 'cell_line,compound,concentration,signal,unit\nL,a,0.000001,50,M\nL,DMSO,0,0,M\nL,DMSO,0,1e+308,M\n';
    checkReport(await analyze([{ name: 's.csv', text }]), text);
  });
});
