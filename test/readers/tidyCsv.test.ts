import { describe, expect, it } from 'vitest';
import { Ic50Error } from '../../src/errors.js';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { readTidyCsv, splitHeaderUnit } from '../../src/readers/tidyCsv.js';

function errorOf(text: string, options = {}): Ic50Error {
  try {
    readTidyCsv(text, 'plate.csv', options);
  } catch (error) {
    expect(error).toBeInstanceOf(Ic50Error);
    return error as Ic50Error;
  }
  throw new Error('expected an Ic50Error');
}

const GOOD = `cell_line,compound,concentration_nM,rlu
MM1S,bortezomib,100,5000
MM1S,DMSO,0.1,90000
,medium,,900
`;

describe('readTidyCsv', () => {
  it('reads wells, with units from the header and roles inferred from compound names', () => {
    const { wells, warnings } = readTidyCsv(GOOD, 'plate.csv');
    expect(warnings).toEqual([]);
    expect(wells.map((w) => w.role)).toEqual(['sample', 'vehicle', 'blank']);
    expect(wells[0]!.log10Molar).toBeCloseTo(-7, 12);
    expect(wells[0]!.unit).toBe('nM');
    expect(wells[0]!.location).toEqual({ file: 'plate.csv', line: 2 });
    // Vehicle concentration ("0.1" % DMSO) is ignored.
    expect(wells[1]!.log10Molar).toBeNaN();
    expect(wells[0]!.plate).toBe('plate.csv');
  });

  it('matches column names case-insensitively, ignoring spaces, dashes and underscores, with aliases', () => {
    const text = 'Cell-Line;Drug;Dose [uM];Luminescence;Plate;Well\nA;x;1,5;100;p1;B3\nA;vehicle;0;200;p1;B4\n';
    const { wells } = readTidyCsv(text, 'f.csv');
    expect(wells[0]!.log10Molar).toBeCloseTo(Math.log10(1.5e-6), 12); // decimal comma with ";"
    expect(wells[0]!.plate).toBe('p1');
    expect(wells[0]!.location.well).toBe('B3');
    expect(wells[1]!.role).toBe('vehicle'); // concentration 0
  });

  it('takes units from a unit column, a cell, or --unit, and reads log10 M', () => {
    const unitColumn = 'line,compound,conc,unit,signal\nA,x,2,uM,10\nA,x,2,nM,10\n';
    const w1 = readTidyCsv(unitColumn, 'f.csv').wells;
    expect(w1.map((w) => w.log10Molar)).toEqual([Math.log10(2) - 6, Math.log10(2) - 9]);
    const inCell = readTidyCsv('line,compound,conc,signal\nA,x,12.5 µM,10\n', 'f.csv').wells;
    expect(inCell[0]!.log10Molar).toBeCloseTo(Math.log10(12.5e-6), 12);
    const option = readTidyCsv('line,compound,conc,signal\nA,x,3,10\n', 'f.csv', { unit: parseConcentrationUnit('mM')! }).wells;
    expect(option[0]!.log10Molar).toBeCloseTo(Math.log10(3e-3), 12);
    const logs = readTidyCsv('line,compound,log10 conc (M),signal\nA,x,-7.5,10\n', 'f.csv').wells;
    expect(logs[0]!.log10Molar).toBe(-7.5);
  });

  it('reads a file with quotes (csv-parse) exactly as the same file without (plain split)', () => {
    const quoted = GOOD.replace('cell_line,compound', '"cell_line","compound"').replace('MM1S,bortezomib', '"MM1S","bortezomib"');
    expect(readTidyCsv(quoted, 'plate.csv')).toEqual(readTidyCsv(GOOD, 'plate.csv'));
    const spaced = 'line , compound ,conc_nM, signal\r\n A , x , 10 , 5 \r\n\r\n';
    expect(readTidyCsv(spaced, 'f.csv')).toEqual(readTidyCsv(spaced.replace('A , x', '"A" , x'), 'f.csv'));
  });

  it('reads tab-separated files, a UTF-8 BOM and CRLF line ends', () => {
    const text = '\uFEFFcell_line\tcompound\tconc_nM\tsignal\r\nA\tx\t10\t5\r\n';
    expect(readTidyCsv(text, 'f.tsv').wells[0]!.log10Molar).toBeCloseTo(-8, 12);
  });

  it('uses a role column over names', () => {
    const text = 'line,compound,conc_nM,signal,role\nA,x,10,5,vehicle\nA,DMSO,10,5,sample\nA,x,10,5,exclude\n';
    expect(readTidyCsv(text, 'f.csv').wells.map((w) => w.role)).toEqual(['vehicle', 'sample', 'exclude']);
  });

  it('excludes a well with an unusable signal, with a warning naming file, line and well', () => {
    const text = 'line,compound,conc_nM,signal,well\nA,x,10,,C4\nA,x,10,n/a,C5\n';
    const { wells, warnings } = readTidyCsv(text, 'f.csv');
    expect(wells.map((w) => w.role)).toEqual(['exclude', 'exclude']);
    expect(warnings).toEqual([
      { location: { file: 'f.csv', line: 2, well: 'C4' }, message: 'empty signal: well excluded' },
      { location: { file: 'f.csv', line: 3, well: 'C5' }, message: 'signal "n/a" is not a number: well excluded' },
    ]);
    expect(errorOf(text, { strict: true }).describe()).toBe(
      'plate.csv:2: well C4: empty signal (fix the value, or drop --strict to exclude the well)',
    );
  });

  it('reads the time of each read (hours, or days), and wells with cells at time 0 as time-zero reads', () => {
    const text = 'cell_line,compound,conc_nM,time_h,signal\nA,DMSO,0,0,100\nA,x,10,0,99\nA,DMSO,0,72,800\nA,x,10,72,300\n,medium,,0,5\nA,DMSO,0,,700\n';
    const wells = readTidyCsv(text, 'plate.csv').wells;
    expect(wells.map((w) => [w.role, w.time])).toEqual([['time0', 0], ['time0', 0], ['vehicle', 72], ['sample', 72], ['blank', 0], ['vehicle', undefined]]);
    expect(wells[1]!.log10Molar).toBeNaN();
    const days = readTidyCsv('cell_line,compound,conc_nM,days,signal\nA,DMSO,0,3,800\nA,DMSO,0,0,100\n', 'plate.csv').wells;
    expect(days.map((w) => [w.role, w.time])).toEqual([['vehicle', 72], ['time0', 0]]);
    expect(readTidyCsv('cell_line,compound,conc_nM,signal,role\nA,-,0,100,time0\nA,-,0,100,T0\n', 'plate.csv').wells.map((w) => w.role)).toEqual(['time0', 'time0']);
  });

  it('reads a day column as the time in days, unless --experiment names it', () => {
    const text = 'cell_line,compound,conc_nM,day,signal\nA,DMSO,0,1,800\nA,x,10,1,300\n';
    const read = readTidyCsv(text, 'plate.csv');
    expect(read.wells.map((w) => w.time)).toEqual([24, 24]);
    expect(read.warnings[0]!.message).toMatch(/column "day" is read as the time of each read, in days.*--experiment day/);
    const asExperiment = readTidyCsv(text, 'plate.csv', { experimentColumn: 'day' });
    expect(asExperiment.wells.map((w) => [w.time, w.experiment])).toEqual([[undefined, '1'], [undefined, '1']]);
    expect(asExperiment.warnings).toEqual([]);
  });

  describe('bad input is an error naming file, line and what is wrong', () => {
    it('a time that is not a time', () => {
      expect(errorOf('cell_line,compound,conc_nM,time,signal\nA,x,1,-3,2\n').describe()).toMatch(/^plate\.csv:2: time "-3" is not a time \(negative\)/);
      expect(errorOf('cell_line,compound,conc_nM,days,signal\nA,x,1,d1,2\n').describe()).toMatch(/^plate\.csv:2: days "d1" is not a time \(the days column gives the days from treatment/);
      expect(errorOf('cell_line,compound,conc_nM,time,signal\n,DMSO,0,0,2\n').message).toMatch(/no cell line for a time-zero well/);
    });

    it('empty file', () => {
      expect(errorOf('').describe()).toMatch(/^plate\.csv: the file is empty/);
      expect(errorOf('\n\n  \n').describe()).toMatch(/^plate\.csv: the file is empty/);
    });
    it('header only', () => {
      expect(errorOf('line,compound,conc_nM,signal\n').describe()).toBe('plate.csv:1: the file has a header but no data rows');
    });
    it('no concentration column: lists what was found and what is accepted', () => {
      const e = errorOf('line,compound,amount,signal\nA,x,1,2\n');
      expect(e.describe()).toBe(
        'plate.csv:1: no concentration column in the header (found: "line", "compound", "amount", "signal") ' +
          '(accepted names: concentration, conc, dose, drug1conc — case, spaces, dashes and underscores are ignored)',
      );
    });
    it('no signal column', () => {
      expect(errorOf('line,compound,conc_nM\nA,x,1\n').message).toMatch(/^no signal column in the header \(found: "line", "compound", "conc_nM"\)$/);
    });
    it('no cell line column', () => {
      expect(errorOf('compound,conc_nM,signal\nx,1,2\n').hint).toMatch(/--cell-line/);
      expect(readTidyCsv('compound,conc_nM,signal\nx,1,2\n', 'f.csv', { cellLine: 'K562' }).wells[0]!.cellLine).toBe('K562');
    });
    it('no unit anywhere', () => {
      const e = errorOf('line,compound,conc,signal\nA,x,1,2\n');
      expect(e.describe()).toMatch(/^plate\.csv:2: no concentration unit \(put it in the header/);
    });
    it('unknown unit', () => {
      expect(errorOf('line,compound,conc,unit,signal\nA,x,1,ppm,2\n').describe()).toMatch(/^plate\.csv:2: unknown concentration unit "ppm"/);
    });
    it('non-numeric concentration', () => {
      expect(errorOf('line,compound,conc_nM,signal\nA,x,ten,2\n').describe()).toBe('plate.csv:2: concentration "ten" is not a number');
    });
    it('negative concentration', () => {
      expect(errorOf('line,compound,conc_nM,signal,well\nA,x,-3,2,D7\n').describe()).toBe('plate.csv:2: well D7: concentration -3 is negative');
    });
    it('missing concentration on a treated well', () => {
      expect(errorOf('line,compound,conc_nM,signal\nA,x,,2\n').message).toBe('no concentration for "x"');
    });
    it('ragged row', () => {
      expect(errorOf('line,compound,conc_nM,signal\nA,x,1,2\nA,x,1\n').describe()).toMatch(
        /^plate\.csv:3: row has 3 fields, the header has 4 \(is a delimiter/,
      );
    });
    it('unknown role', () => {
      expect(errorOf('line,compound,conc_nM,signal,role\nA,x,1,2,treated-ish\n').describe()).toMatch(
        /^plate\.csv:2: unknown role "treated-ish" \(accepted roles: sample, vehicle, blank, positive, exclude, time0\)/,
      );
    });
    it('unclosed quote', () => {
      expect(errorOf('line,compound,conc_nM,signal\nA,"x,1,2\n').describe()).toMatch(/^plate\.csv(:\d+)?: cannot parse the file as delimited text/);
    });
  });
});

describe('splitHeaderUnit', () => {
  it.each([
    ['concentration_nM', 'concentration', 'nM'],
    ['conc (µM)', 'conc', 'uM'],
    ['dose [uM]', 'dose', 'uM'],
    ['Conc (mM)', 'Conc', 'mM'],
    ['concentration M', 'concentration', 'M'],
    ['log10 conc (M)', 'conc', 'log10 M'],
    ['concentration', 'concentration', undefined],
  ])('%s', (header, name, unit) => {
    const split = splitHeaderUnit(header);
    expect(split.name).toBe(name);
    expect(split.unit?.name).toBe(unit);
  });
});
