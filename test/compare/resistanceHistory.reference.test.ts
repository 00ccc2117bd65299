import { beforeAll, describe, expect, it } from 'vitest';
import { resistanceChecks } from '../../src/compare/resistanceChecks.js';
import { resistanceHistories, type ResistanceHistory } from '../../src/compare/resistanceHistory.js';
import { readResultsTable } from '../../src/readers/resultsFile.js';
import { readReferenceCsv, referenceNumber } from '../reference/readReference.js';
import { historyResults, type HistoryResults } from './historyResults.js';

// The bundled passage history end to end against R: test/reference/trend/make-example-trend-reference.R
// normalizes fixtures/mm1s-history.csv itself, fits every (line, passage) with drc (LL2.4,
// Gauss–Newton SEs), makes each check's log10 RF, SE and Welch–Satterthwaite interval, and fits
// the trend, the level since established and the latest check with lm / predict.lm.
// Here: ic50 fit's results — full precision (JSON) and as saved in CSV (6 digits) — through
// ic50 trend's reading, joining and statistics.
const rows = readReferenceCsv('trend/example-trend-r.csv');
const ref = (analysis: string, quantity: string): number => {
  const row = rows.find((r) => r.analysis === analysis && r.quantity === quantity);
  if (!row) throw new Error(`no reference ${analysis}.${quantity}`);
  return referenceNumber(row.value);
};
const refs = (analysis: string, quantity: string): number[] => rows.filter((r) => r.analysis === analysis && r.quantity === quantity).map((r) => referenceNumber(r.value));
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

let results: HistoryResults;
beforeAll(async () => {
  results = await historyResults();
});

function histories(text: string, file: string, fold: number, by?: string): ResistanceHistory {
  const found = resistanceChecks([readResultsTable(text, file)], by ? { by } : {});
  const list = resistanceHistories(found.checks, { fold, confidence: 0.95, by: found.by, axis: found.axis });
  expect(list).toHaveLength(1);
  return list[0]!;
}

// Observed: JSON (full precision) ≤ 4.6e-7 relative (the drc and ic50 optima differ by ~4e-8 in
// log10 IC50); CSV ≤ 6.4e-6 (its 6 significant digits). Allowed: 2e-6 and 3e-5.
const TOLERANCE = { json: 2e-6, csv: 3e-5 } as const;
let tolerance: number = TOLERANCE.json;
const note = (what: string, difference: number) => expect(difference, what).toBeLessThan(tolerance);

describe('the bundled history against R (drc fits, lm, predict.lm)', () => {
  for (const [format, text] of [['json', () => results.json], ['csv', () => results.csv]] as const) {
    it(`agrees check by check and on every statistic (${format})`, () => {
      tolerance = TOLERANCE[format];
      const history = histories(text(), `history.${format}`, 2);
      for (const check of history.checks) {
        const at = `check_${check.at}`;
        note(`${format} log10_rf abs`, Math.abs(check.log10Rf - ref(at, 'log10_rf')));
        note(`${format} log10_rf_se rel`, relative(check.log10RfSe, ref(at, 'log10_rf_se')));
        note(`${format} rf_ci rel`, Math.max(relative(check.rf.lower, ref(at, 'rf_ci_low')), relative(check.rf.upper, ref(at, 'rf_ci_high'))));
      }
      expect(history.established?.at).toBe(String(ref('fold2', 'established_at')));
      expect(history.checks.filter((c) => c.status === 'fading').map((c) => Number(c.at))).toEqual(refs('fold2', 'fading'));
      const trend = history.trend!;
      for (const [key, value] of [['slope', trend.slope], ['slope_se', trend.standardError], ['ci_low', trend.lower], ['ci_high', trend.upper], ['p', trend.p], ['sigma', trend.dispersion], ['slope_se_known', trend.standardErrorKnown]] as const) {
        note(`${format} trend ${key} rel`, relative(value, ref('trend_passage', key)));
      }
      const level = history.level!;
      expect(level.n).toBe(ref('level_fold2', 'n'));
      expect([history.levelChecks[0]!.at, history.levelChecks[level.n - 1]!.at]).toEqual([String(ref('level_fold2', 'from')), String(ref('level_fold2', 'to'))]);
      // σ̂ > 1 in this window: ic50's floor at 1 leaves R's numbers.
      expect(ref('level_fold2', 'sigma')).toBeGreaterThan(1);
      note(`${format} level mean abs`, Math.abs(level.mean - ref('level_fold2', 'mean')));
      note(`${format} level ci rel`, Math.max(relative(level.lower, ref('level_fold2', 'ci_low_lm')), relative(level.upper, ref('level_fold2', 'ci_high_lm'))));
      const test = history.latestTest!;
      note(`${format} latest difference abs`, Math.abs(test.difference - ref('level_fold2', 'difference')));
      note(`${format} latest p rel`, relative(test.p, ref('level_fold2', 'p_pred_lm')));
    });
  }

  it('by date, slopes per 30 days (lm on days / 30)', () => {
    tolerance = TOLERANCE.json;
    const trend = histories(results.json, 'history.json', 2, 'date').trend!;
    for (const [key, value] of [['slope', trend.slope], ['slope_se', trend.standardError], ['ci_low', trend.lower], ['ci_high', trend.upper], ['p', trend.p]] as const) {
      note(`json date ${key} rel`, relative(value, ref('trend_date', key)));
    }
  });

  it('is never established at the default fold 5', () => {
    expect(Number.isNaN(ref('fold5', 'established_at'))).toBe(true);
    expect(histories(results.json, 'history.json', 5).established).toBeUndefined();
  });
});
