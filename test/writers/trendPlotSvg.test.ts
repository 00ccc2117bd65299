import { beforeAll, describe, expect, it } from 'vitest';
import { resistanceChecks, type ResistanceCheck } from '../../src/compare/resistanceChecks.js';
import { resistanceHistory, type ResistanceHistory } from '../../src/compare/resistanceHistory.js';
import { readResultsTable } from '../../src/readers/resultsFile.js';
import { trendPlotSvg } from '../../src/writers/trendPlotSvg.js';
import { historyResults } from '../compare/historyResults.js';
import { allText, byClass, findAll, parseXml } from './xml.js';

let checks: ResistanceCheck[];
let byPassage: ResistanceHistory;
beforeAll(async () => {
  checks = resistanceChecks([readResultsTable((await historyResults()).json, 'history.json')]).checks;
  byPassage = resistanceHistory(checks, { fold: 2, confidence: 0.95, by: 'passage', axis: 'number' });
});

describe('trendPlotSvg', () => {
  it('draws a check per saved RF on a log axis, the fold, RF = 1, the level and where resistance was established', () => {
    const svg = trendPlotSvg([byPassage]);
    const root = parseXml(svg);
    const marks = byClass(root, 'check', 'g');
    expect(marks).toHaveLength(14);
    // Each check's tooltip says what the table says.
    expect(allText(marks[4]!)).toBe('passage 8: RF 2.36 [2.09–2.67] (established)');
    // The fold lies at RF 2 between the ticks 1.5 and 2.5 of the log axis.
    const tick = (label: string) => Number(findAll(root, (e) => e.name === 'text' && e.text === label)[0]!.attributes.y) - 4;
    const fold = Number(findAll(byClass(root, 'fold', 'g')[0]!, (e) => e.name === 'line')[0]!.attributes.y1);
    expect(fold).toBeCloseTo(tick('2'), 1);
    const log = (rf: number) => tick('1') + ((tick('3') - tick('1')) * Math.log10(rf)) / Math.log10(3);
    expect(fold).toBeCloseTo(log(2), 0);
    expect(byClass(root, 'rf-one', 'line')).toHaveLength(1);
    expect(byClass(root, 'level', 'g')).toHaveLength(1);
    expect(byClass(root, 'established-at', 'g')).toHaveLength(1);
    expect(trendPlotSvg([byPassage])).toBe(svg);
  });

  it('stacks one panel per history, and shows unused checks as hollow squares', () => {
    const unused = checks.map((c) => (c.at === '4' ? { ...c, flags: ['rf_lower_bound'] } : c));
    const other = resistanceHistory(
      unused.map((c) => ({ ...c, compound: 'carfilzomib' })),
      { fold: 2, confidence: 0.95, by: 'passage', axis: 'number' },
    );
    const root = parseXml(trendPlotSvg([byPassage, other]));
    const panels = byClass(root, 'history', 'g');
    expect(panels.map((p) => p.attributes['data-compound'])).toEqual(['bortezomib', 'carfilzomib']);
    const square = byClass(panels[1]!, 'unused', 'g');
    expect(square).toHaveLength(1);
    expect(findAll(square[0]!, (e) => e.name === 'rect')[0]!.attributes.fill).toBe('#ffffff');
    expect(Number(root.attributes.height)).toBeGreaterThan(900);
  });

  it('labels a date axis by month', async () => {
    const dated = resistanceChecks([readResultsTable((await historyResults()).json, 'history.json')], { by: 'date' });
    const history = resistanceHistory(dated.checks, { fold: 2, confidence: 0.95, by: dated.by, axis: dated.axis });
    const root = parseXml(trendPlotSvg([history]));
    const labels = findAll(root, (e) => e.name === 'text' && /^\d{4}-\d{2}$/.test(e.text)).map((e) => e.text);
    expect(labels).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(allText(byClass(root, 'check', 'g')[4]!)).toBe('date 2026-02-02: RF 2.36 [2.09–2.67] (established)');
  });
});
