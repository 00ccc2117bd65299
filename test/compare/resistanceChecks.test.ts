import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyzeSources.js';
import { axisValue, resistanceChecks } from '../../src/compare/resistanceChecks.js';
import { resistanceHistories } from '../../src/compare/resistanceHistory.js';
import { resolveOptions } from '../../src/options.js';
import { readResultsTable } from '../../src/readers/resultsFile.js';
import { writeDelimited } from '../../src/writers/delimited.js';
import { delimitedChecks, HISTORY, historyResults, jsonChecks, ndjsonChecks, type HistoryResults } from './historyResults.js';

let results: HistoryResults;
beforeAll(async () => {
  results = await historyResults();
});

const table = (text: string, file: string) => readResultsTable(text, file);

describe('resistanceChecks: saved results as checks', () => {
  it('makes every compared row a check, with the parental’s IC50 and the RF’s SE from both rows', () => {
    const found = resistanceChecks([table(results.json, 'all.json')]);
    expect(found.by).toBe('passage');
    expect(found.axis).toBe('number');
    expect(found.labelColumns).toEqual(['passage', 'date']);
    expect(found.checks).toHaveLength(14);
    expect(found.warnings).toEqual([]);
    const json = JSON.parse(results.json) as { fits: Record<string, number | string>[] };
    const p12 = json.fits.filter((f) => f.passage === '12');
    const line = p12.find((f) => f.cell_line === 'MM1S/R BTZ')!;
    const parental = p12.find((f) => f.cell_line === 'MM1S WT')!;
    const check = found.checks.find((c) => c.at === '12')!;
    expect(check.x).toBe(12);
    expect(check.labels).toEqual({ passage: '12', date: '2026-02-16' });
    expect(check.parentalIc50.value).toBe(parental.ic50);
    expect(check.log10RfSe).toBeCloseTo(Math.hypot(line.log10_ic50_se as number, parental.log10_ic50_se as number), 15);
    // The saved RF is exactly the ratio of the two saved IC50s.
    expect(check.log10Rf).toBeCloseTo((line.log10_ic50 as number) - (parental.log10_ic50 as number), 12);
  });

  it('reads any mix of CSV, TSV, JSON and NDJSON as one history, the same as one file (to the 6 digits CSV keeps)', () => {
    const mixed = resistanceChecks([
      table(delimitedChecks(results.csv, [0, 2, 4, 6]), 'early.csv'),
      table(jsonChecks(results.json, [8, 10, 12]), 'middle.json'),
      table(ndjsonChecks(results.ndjson, [14, 16, 18, 20]), 'late.ndjson'),
      table(delimitedChecks(results.tsv, [22, 24, 26], '\t'), 'last.tsv'),
    ]);
    const whole = resistanceChecks([table(results.json, 'all.json')]);
    expect(mixed.checks.map((c) => c.at)).toEqual(whole.checks.map((c) => c.at));
    mixed.checks.forEach((check, i) => {
      expect(check.log10Rf).toBeCloseTo(whole.checks[i]!.log10Rf, 5);
      expect(check.log10RfSe / whole.checks[i]!.log10RfSe).toBeCloseTo(1, 4);
      expect(check.parentalIc50.value / whole.checks[i]!.parentalIc50.value).toBeCloseTo(1, 5);
    });
    expect(mixed.checks.map((c) => c.source.file)).toEqual([...Array(4).fill('early.csv'), ...Array(3).fill('middle.json'), ...Array(4).fill('late.ndjson'), ...Array(3).fill('last.tsv')]);
    expect(mixed.checks[0]!.source.line).toBe(3);
  });

  it('reports names that differ only in case or spacing, and keeps them apart', () => {
    const renamed = delimitedChecks(results.csv, [14, 16]).replace(/MM1S\/R BTZ/g, 'mm1s/r  BTZ');
    const found = resistanceChecks([table(delimitedChecks(results.csv, [0, 2, 4]), 'a.csv'), table(renamed, 'b.csv')]);
    expect(found.mismatches).toEqual([
      {
        what: 'cell line',
        names: [
          { name: 'MM1S/R BTZ', where: 'a.csv:3' },
          { name: 'mm1s/r  BTZ', where: 'b.csv:3' },
        ],
      },
    ]);
    expect([...new Set(found.checks.map((c) => c.cellLine))]).toEqual(['MM1S/R BTZ', 'mm1s/r  BTZ']);
  });

  it('uses the summaries across experiments of a check where it has them', () => {
    const csv = delimitedChecks(results.csv, [10]);
    const [header, ...rows] = csv.trimEnd().split('\n');
    const kind = header!.split(',').indexOf('kind');
    const summary = rows.map((row) => row.split(',').map((cell, i) => (i === kind ? 'summary' : cell)).join(','));
    const experiment = header!.split(',').indexOf('experiment');
    const fits = rows.map((row) => row.split(',').map((cell, i) => (i === experiment ? 'day1' : cell)).join(','));
    const found = resistanceChecks([table([header, ...fits, ...summary].join('\n'), 'experiments.csv')]);
    expect(found.checks.map((c) => c.kind)).toEqual(['summary']);
  });

  it('converts the parental’s IC50 to the line’s unit', () => {
    const [header, ...rows] = delimitedChecks(results.csv, [12]).trimEnd().split('\n');
    const columns = header!.split(',');
    const micromolar = rows.map((row) => {
      const cells = row.split(',');
      if (cells[0] !== 'MM1S WT') return row;
      for (const c of ['ic50', 'ic50_ci_low', 'ic50_ci_high']) cells[columns.indexOf(c)] = String(Number(cells[columns.indexOf(c)]) / 1000);
      cells[columns.indexOf('unit')] = 'uM';
      return cells.join(',');
    });
    const nanomolar = resistanceChecks([table(delimitedChecks(results.csv, [12]), 'nM.csv')]).checks[0]!;
    const mixed = resistanceChecks([table([header, ...micromolar].join('\n'), 'uM.csv')]).checks[0]!;
    expect(mixed.parentalIc50.value).toBeCloseTo(nanomolar.parentalIc50.value, 6);
    expect(mixed.log10RfSe).toBe(nanomolar.log10RfSe);
  });

  it('warns when a check has no parental row, and leaves it without a standard error', () => {
    const csv = delimitedChecks(results.csv, [12, 14]).split('\n').filter((row) => !(row.startsWith('MM1S WT') && row.includes(',14,'))).join('\n');
    const found = resistanceChecks([table(csv, 'partial.csv')]);
    expect(found.warnings.map((w) => w.message)).toEqual(['MM1S/R BTZ on bortezomib: no row of the parental MM1S WT in this file, so the RF has no standard error and is left out of the trend']);
    expect(Number.isNaN(found.checks.find((c) => c.at === '14')!.log10RfSe)).toBe(true);
  });
});

describe('resistanceChecks: results with several end times', () => {
  /**
   * The bundled history read at 72 h and again at 96 h (plates of their own), where the parental's
   * concentrations are written half as high: its IC50 halves, so at 96 h every RF doubles.
   */
  async function twoTimes(): Promise<string> {
    const [header, ...rows] = readFileSync(HISTORY, 'utf8').trim().split('\n');
    const out = [`${header},time_h`];
    for (const hours of [72, 96]) {
      for (const row of rows) {
        const cells = row.split(',');
        if (hours === 96) {
          cells[0] = `${cells[0]}-96h`;
          if (cells[2] === 'MM1S WT') cells[4] = String(Number(cells[4]) / 2);
        }
        out.push(`${cells.join(',')},${hours}`);
      }
    }
    const report = await analyze([{ name: 'times.csv', text: out.join('\n') + '\n' }], { parental: 'MM1S WT' });
    expect(report.errors).toEqual([]);
    return writeDelimited(report.rows, ',', false, resolveOptions({ parental: 'MM1S WT', labelColumns: ['passage', 'date'], detected: { times: true, growth: false } }));
  }

  it('follows each end time apart: time is no label, joins a check with its parental and names the history', async () => {
    const csv = await twoTimes();
    expect(csv.split('\n')[0]!.split(',').slice(2, 7)).toEqual(['experiment', 'passage', 'date', 'time', 'kind']);
    const found = resistanceChecks([table(csv, 'times.csv')]);
    expect(found.labelColumns).toEqual(['passage', 'date', 'time']);
    expect(found.warnings).toEqual([]);
    expect(found.checks).toHaveLength(28);
    const histories = resistanceHistories(found.checks, { fold: 2, confidence: 0.95, by: found.by, axis: found.axis });
    expect(histories.map((h) => [h.time, h.checks.length])).toEqual([
      ['72', 14],
      ['96', 14],
    ]);
    const [at72, at96] = histories as [(typeof histories)[0], (typeof histories)[0]];
    at96.checks.forEach((check, i) => {
      expect(check.labels).toEqual(at72.checks[i]!.labels);
      expect(check.log10Rf - at72.checks[i]!.log10Rf).toBeCloseTo(Math.log10(2), 4);
      expect(check.parentalIc50.value / at72.checks[i]!.parentalIc50.value).toBeCloseTo(0.5, 4);
    });
    expect(at96.trend!.slope).toBeCloseTo(at72.trend!.slope, 6);
    // Twice the RF: established four passages earlier at 96 h.
    expect([at72.established?.at, at96.established?.at]).toEqual(['8', '4']);
  });
});

describe('resistanceChecks refuses what would make a wrong history', () => {
  it('the same check twice (a file given twice: it would count double)', () => {
    const early = delimitedChecks(results.csv, [0, 2, 4]);
    expect(() => resistanceChecks([table(early, 'a.csv'), table(early, 'copy.csv')])).toThrow(/the same check \(MM1S\/R BTZ on bortezomib, 0, RF [\d.]+\) is in a\.csv:3 and copy\.csv:3: it would count twice/);
  });

  it('the same check saved as JSON (every digit) and as CSV (6 digits), also when its RF lies at a rounding midpoint', () => {
    // A value whose 5-digit rounding differs from that of its 6-digit CSV text (1.234549 → "1.23455").
    const rf = [1.234549, 2.345649, 3.456749, 4.567849].find((v) => v.toPrecision(5) !== Number(v.toPrecision(6)).toPrecision(5))!;
    expect(rf).toBeDefined();
    const json = JSON.parse(jsonChecks(results.json, [0])) as { fits: Record<string, unknown>[] };
    const resistant = json.fits.find((f) => typeof f.rf === 'number')!;
    resistant.rf = rf;
    const [header, ...rows] = delimitedChecks(results.csv, [0]).trimEnd().split('\n');
    const column = (name: string) => header!.split(',').indexOf(name);
    const csv = [header, ...rows.map((row) => {
      const cells = row.split(',');
      if (cells[column('cell_line')] === resistant.cell_line && cells[column('compound')] === resistant.compound) cells[column('rf')] = rf.toPrecision(6);
      return cells.join(',');
    })].join('\n');
    expect(() => resistanceChecks([table(JSON.stringify(json), 'a.json'), table(csv, 'a.csv')])).toThrow(/the same check .* it would count twice/);
  });

  it('results that do not say which check they are', () => {
    const plain = delimitedChecks(results.csv, [0]).replace(/,passage,date,/, ',p,d,');
    expect(() => resistanceChecks([table(plain, 'plain.csv')])).toThrow(/the results say nothing of when each check was made: no passage or date column/);
    expect(() => resistanceChecks([table(delimitedChecks(results.csv, [0]), 'a.csv'), table(plain, 'plain.csv')])).toThrow(/no passage column: these results do not say which check they are/);
    expect(() => resistanceChecks([table(plain, 'plain.csv')], { by: 'week' })).toThrow(/--by week: the results have no week column/);
  });

  it('labels that are neither numbers nor dates', () => {
    const text = delimitedChecks(results.csv, [0, 2]).replace(/,2,2026-01-12,/g, ',second,2026-01-12,');
    expect(() => resistanceChecks([table(text, 'a.csv')])).toThrow(/passage "second" is neither a number nor a date/);
  });

  it('a --line or --compound that no check has, with the closest name', () => {
    const all = [table(results.csv, 'a.csv')];
    expect(() => resistanceChecks(all, { line: 'MM1S/R BTZ ' })).toThrow(/--line MM1S\/R BTZ : no check of that resistant line/);
    expect(() => resistanceChecks(all, { line: 'mm1s/r btz' })).toThrow(expect.objectContaining({ hint: 'did you mean "MM1S/R BTZ"? resistant lines with checks: "MM1S/R BTZ"' }));
    expect(resistanceChecks(all, { line: 'MM1S/R BTZ', compound: 'bortezomib' }).checks).toHaveLength(14);
  });

  it('orders by dates as days / 30, and passages written P12 as 12', () => {
    expect(axisValue('P12', 'number')).toBe(12);
    expect(axisValue('12.5', 'number')).toBe(12.5);
    expect(axisValue('2026-01-31', 'date') - axisValue('2026-01-01', 'date')).toBeCloseTo(1, 12);
    expect(Number.isNaN(axisValue('2026-02-30', 'date'))).toBe(true);
    const byDate = resistanceChecks([table(results.csv, 'a.csv')], { by: 'date' });
    expect(byDate.axis).toBe('date');
    expect(byDate.labelColumns).toEqual(['date', 'passage']);
  });
});
