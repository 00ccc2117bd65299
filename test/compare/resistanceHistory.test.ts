import { beforeAll, describe, expect, it } from 'vitest';
import { resistanceChecks, type ResistanceCheck } from '../../src/compare/resistanceChecks.js';
import { isUsable, resistanceHistory } from '../../src/compare/resistanceHistory.js';
import { latestVersusLevel, weightedLevel, weightedTrend } from '../../src/compare/weightedTrend.js';
import { readResultsTable } from '../../src/readers/resultsFile.js';
import { historyResults } from './historyResults.js';

let checks: ResistanceCheck[];
beforeAll(async () => {
  checks = resistanceChecks([readResultsTable((await historyResults()).json, 'history.json')]).checks;
});

const options = (fold: number) => ({ fold, confidence: 0.95, by: 'passage', axis: 'number' as const });

describe('resistanceHistory on the bundled history (RF 1 → ~3 by passage 12, fading after withdrawal)', () => {
  it('establishes resistance at the first check whose RF interval lies wholly above the fold, and flags the checks after it that fall back', () => {
    const history = resistanceHistory(checks, options(2));
    expect(history.checks.map((c) => c.at)).toEqual(['0', '2', '4', '6', '8', '10', '12', '14', '16', '18', '20', '22', '24', '26']);
    // Passage 6: RF 2.02 [1.82–2.24] reaches below 2; passage 8: 2.36 [2.09–2.67] does not.
    expect(history.established?.at).toBe('8');
    expect(history.checks.map((c) => c.status)).toEqual([
      'below', 'below', 'below', 'below', 'established', 'resistant', 'resistant', 'resistant', 'resistant', 'resistant', 'fading', 'fading', 'fading', 'fading',
    ]);
    expect(history.checks.filter((c) => c.historyFlags.includes('resistance_fading')).map((c) => c.at)).toEqual(['20', '22', '24', '26']);
    expect(history.flags).toEqual(['resistance_fading']);
    for (const check of history.checks) {
      if (check.status === 'fading' || check.status === 'below') expect(check.rf.lower).toBeLessThanOrEqual(2);
      else expect(check.rf.lower).toBeGreaterThan(2);
    }
  });

  it('compares the latest check with the level of the checks since it was established (8–24), and fits the trend over all', () => {
    const history = resistanceHistory(checks, options(2));
    const point = (c: ResistanceCheck) => ({ x: c.x, y: c.log10Rf, standardError: c.log10RfSe });
    expect(history.levelChecks.map((c) => c.at)).toEqual(['8', '10', '12', '14', '16', '18', '20', '22', '24']);
    const level = weightedLevel(history.levelChecks.map(point), 0.95)!;
    expect(history.level).toEqual(level);
    expect(history.latest?.at).toBe('26');
    expect(history.latestTest).toEqual(latestVersusLevel(level, point(history.latest!)));
    expect(history.trend).toEqual(weightedTrend(checks.map(point), 0.95));
    // The simulation: a rise then a fall — a straight line fits it poorly, and the checks say so.
    expect(history.trend!.dispersion).toBeGreaterThan(3);
    expect(history.latestTest!.difference).toBeLessThan(0);
  });

  it('is not established at the default fold 5 (the line peaks near RF 3)', () => {
    const history = resistanceHistory(checks, options(5));
    expect(history.established).toBeUndefined();
    expect(history.level).toBeNull();
    expect(history.checks.every((c) => c.status === 'below')).toBe(true);
    expect(history.flags).toEqual(['not_established']);
  });

  it('is one history: rising up to passage 12, with a slope whose interval lies above 0', () => {
    const rising = resistanceHistory(checks.filter((c) => c.x <= 12), options(2));
    expect(rising.trend!.lower).toBeGreaterThan(0);
    expect(rising.trend!.p).toBeLessThan(0.001);
    expect(rising.flags).toEqual([]);
  });
});

describe('checks left out of the statistics', () => {
  const base = (): ResistanceCheck => ({ ...checks[5]! });

  it('leaves out RFs that are bounds or from unusable fits, and checks without a standard error', () => {
    expect(isUsable(base())).toBe(true);
    expect(isUsable({ ...base(), flags: ['rf_lower_bound'] })).toBe(false);
    expect(isUsable({ ...base(), parentalFlags: ['flat'] })).toBe(false);
    expect(isUsable({ ...base(), log10RfSe: Number.NaN })).toBe(false);
    expect(isUsable({ ...base(), flags: ['plate_qc_failed'] })).toBe(true);
  });

  it('shows them as unused, flagged not_in_trend, and never lets them establish or fade', () => {
    const edited = checks.map((c) => (c.at === '8' ? { ...c, flags: ['ic50_above_range', 'rf_lower_bound'] } : c.at === '22' ? { ...c, log10RfSe: Number.NaN } : c));
    const history = resistanceHistory(edited, options(2));
    expect(history.used).toBe(12);
    expect(history.checks.find((c) => c.at === '8')!.status).toBe('unused');
    expect(history.checks.find((c) => c.at === '8')!.historyFlags).toEqual(['not_in_trend']);
    expect(history.established?.at).toBe('10');
    expect(history.checks.find((c) => c.at === '22')!.status).toBe('unused');
    expect(history.trend!.n).toBe(12);
  });

  it('has no slope with fewer than three usable checks, and no test with one check since established', () => {
    const three = checks.filter((c) => ['8', '10'].includes(c.at));
    const history = resistanceHistory(three, options(2));
    expect(history.trend).toBeNull();
    expect(history.flags).toContain('too_few_checks');
    expect(history.levelChecks.map((c) => c.at)).toEqual(['8']);
    expect(Number.isNaN(history.latestTest!.p)).toBe(true);
  });

  it('orders the checks by the label, not by how they were read', () => {
    const history = resistanceHistory([...checks].reverse(), options(2));
    expect(history.checks.map((c) => c.at).slice(0, 3)).toEqual(['0', '2', '4']);
    expect(history.established?.at).toBe('8');
  });
});
