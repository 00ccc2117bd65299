import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze, type AnalyzeOptions, type Source } from '../../src/analyzeSources.js';
import { Review, withExclusions, wellKey } from '../../src/engine/review.js';
import { reviewSettingsOf } from '../../src/engine/reviewSettings.js';
import type { Sink } from '../../src/engine/sink.js';
import { resolveOptions } from '../../src/options.js';
import { parseExclusionList, readExclusionTable, type Exclusion } from '../../src/plate/exclusions.js';
import type { Curve, Report } from '../../src/types.js';
import { exclusionTableCsv } from '../../src/writers/exclusionTable.js';
import type { FigureStyle } from '../../src/writers/curvePlotSvg.js';
import { htmlReport, reportBody, type ReportData } from '../../src/writers/htmlReport.js';
import { plateHeatmapSvg } from '../../src/writers/plateHeatmapSvg.js';
import { parseReviewData } from '../../src/writers/reviewData.js';
import { MM1S_NAME, MM1S_TEXT } from '../writers/mm1s.js';

const fixture = (name: string): Source[] => [{ name: `fixtures/${name}`, text: readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8') }];

/** A sink that asks for the curves behind the fits, as the report's does. */
const wantsCurves: Sink = { wants: { points: true, plateMaps: true, curves: true }, begin() {}, text() {}, row() {}, end() {} };

/** The run's report with its curves kept (what `ic50 fit … --report` computes). */
function run(sources: readonly Source[], options: AnalyzeOptions): Promise<Report> {
  return analyze(sources, options, { sinks: [wantsCurves] });
}

const MM1S: Source[] = [{ name: MM1S_NAME, text: MM1S_TEXT }];

/** The example split into two independent experiments (its replicate plates -1 and -2). */
function experiments(): Source[] {
  const [header, ...lines] = MM1S_TEXT.trim().split('\n');
  return ['1', '2'].map((k) => ({ name: `exp${k}.csv`, text: [header, ...lines.filter((l) => l.split(',')[0]!.endsWith(`-${k}`))].join('\n'), experiment: `exp${k}` }));
}

/** The page of a report, as the command line writes it: its `<main>`, and its review data read back from the page. */
function page(report: Report, options: AnalyzeOptions, style?: FigureStyle) {
  const data: ReportData = { rows: report.rows, plates: report.plates, warnings: report.warnings, errors: report.errors, ...(report.excluded ? { excluded: report.excluded } : {}) };
  const heatmaps = new Map(report.plateMaps.map((m) => [m.id, plateHeatmapSvg(m)] as const));
  const settings = reviewSettingsOf(resolveOptions(options));
  const html = htmlReport(data, { heatmaps, ...(style ? { style } : {}), review: { settings, script: 'void 0', plateMaps: report.plateMaps } });
  const json = /<script type="application\/json" id="ic50-review-data">(.*?)<\/script>/s.exec(html)![1]!;
  return { body: reportBody(data, { heatmaps, ...(style ? { style } : {}) }), review: parseReviewData(json) };
}

/** What the page shows after a review: its `<main>` as the review script draws it. */
async function reviewed(review: Review): Promise<string> {
  const rows = await review.rows();
  const heatmaps = new Map(review.plateMaps().map((m) => [m.id, plateHeatmapSvg(m)] as const));
  const style = review.data.style;
  return reportBody({ rows, plates: review.plates(), warnings: review.data.warnings, errors: review.data.errors, excluded: review.excludedWells() }, { heatmaps, ...(style ? { style } : {}) });
}

/** The exclusions a saved table gives back to the command line. */
function saved(review: Review): Exclusion[] {
  return readExclusionTable(exclusionTableCsv(review.exclusionRows()), 'exclusions.csv');
}

function curveOf(report: Report, cellLine: string, compound: string, experiment = ''): Curve {
  return report.fits.find((f) => f.cellLine === cellLine && f.compound === compound && f.experiment === experiment)!.curve!;
}

describe('withExclusions', () => {
  it('gives the curve the run gathers with those exclusions, points in reading order, a well brought back where it was read', async () => {
    const plain = await run(MM1S, { parental: 'MM1S WT' });
    const exclude = [...parseExclusionList('P-RBTZ-1:A3,P-RBTZ-2:A7', 'bubble'), ...parseExclusionList('P-RBTZ-1:B1')];
    const excluded = await run(MM1S, { parental: 'MM1S WT', exclude });
    const before = curveOf(plain, 'MM1S/R BTZ', 'bortezomib');
    const after = curveOf(excluded, 'MM1S/R BTZ', 'bortezomib');
    expect(after.excluded!.wells).toEqual(['P-RBTZ-1:A3', 'P-RBTZ-1:B1', 'P-RBTZ-2:A7']);
    expect(after.excluded!.at).toEqual([2, 9, 34]);
    const map = new Map([
      ['P-RBTZ-1:A3', 'bubble'],
      ['P-RBTZ-2:A7', 'bubble'],
      ['P-RBTZ-1:B1', ''],
    ]);
    expect(withExclusions(before, map)).toEqual(after);
    // Everything brought back: the curve of the run without exclusions, to the last point.
    expect(withExclusions(after, new Map())).toEqual(before);
    // A well spelt another way is the same well.
    expect(wellKey('P-RBTZ-1:A03')).toBe('P-RBTZ-1:A3');
  });
});

describe('Review (the report page’s refit)', () => {
  // Each case: the run's options, the page's clicks, and the run with the table the page saves.
  const cases: { name: string; sources: () => Source[]; options: AnalyzeOptions; toggle: string[]; style?: FigureStyle }[] = [
    { name: 'the bundled example', sources: () => MM1S, options: { parental: 'MM1S WT' }, toggle: ['P-RBTZ-1:A3', 'P-WT-1:B5'] },
    { name: 'figures with the confidence band and SEM bars, 800 px wide', sources: () => MM1S, options: { parental: 'MM1S WT' }, toggle: ['P-RBTZ-1:A3'], style: { band: true, errorBars: 'sem', width: 800 } },
    { name: 'a hill slope shared (--share hill)', sources: () => MM1S, options: { parental: 'MM1S WT', share: ['hill'] }, toggle: ['P-RBTZ-1:A3'] },
    { name: 'models compared (--model auto)', sources: () => MM1S, options: { parental: 'MM1S WT', model: 'auto' }, toggle: ['P-RCFZ-2:C4'] },
    { name: 'ROUT outliers removed, profile intervals', sources: () => MM1S, options: { parental: 'MM1S WT', outliers: 'remove', ci: 'profile' }, toggle: ['P-WT-2:A2'] },
    { name: 'independent experiments', sources: experiments, options: { parental: 'MM1S WT' }, toggle: ['P-RBTZ-1:A4'] },
    { name: 'growth rate from time-zero plates', sources: () => fixture('mm1s-growth-celltiter-glo.csv'), options: { parental: 'MM1S WT' }, toggle: ['P-RBTZ-1:A4'] },
    { name: 'checks labelled by passage and date (a resistance history)', sources: () => fixture('mm1s-history.csv'), options: { parental: 'MM1S WT' }, toggle: ['P12-RBTZ:A4', 'P12-WT:B5'] },
  ];
  for (const { name, sources, options, toggle, style } of cases) {
    it(`redraws the page the command line writes with the saved exclusions: ${name}`, async () => {
      const { review: data } = page(await run(sources(), options), options, style);
      const review = new Review(data);
      for (const label of toggle) expect(review.toggle(label)).toBe(true);
      review.setReason(toggle[0]!, '  pipetting,  "A" row ');
      expect(review.changes()).toBe(toggle.length);
      const expected = page(await run(sources(), { ...options, exclude: saved(review) }), options, style).body;
      const shown = await reviewed(review);
      expect(shown).toBe(expected);
      expect(shown).toContain('pipetting, &quot;A&quot; row');
    });
  }

  it('starts with the command line’s exclusions, brings one back, and saves the controls it was given too', async () => {
    const table = 'plate,well,reason\nP-WT-1,A1-A3,"tip clogged, row A"\nP-WT-2,A11,vehicle well cracked\n';
    const options: AnalyzeOptions = { parental: 'MM1S WT', exclude: readExclusionTable(table, 'given.csv') };
    const { review: data, body } = page(await run(MM1S, options), options);
    const review = new Review(data);
    expect(review.isExcluded('P-WT-1:A2')).toBe(true);
    expect(review.reasonOf('P-WT-1:A2')).toBe('tip clogged, row A');
    // Unchanged, the page is the command line's.
    expect(await reviewed(review)).toBe(body);
    expect(review.toggle('P-WT-1:A2')).toBe(false);
    expect(review.toggle('P-RBTZ-2:D9')).toBe(true);
    expect(review.changes()).toBe(2);
    // Not a treated well of a curve: a control, a well not on the plate, a row of a table without wells.
    expect(review.toggle('P-WT-1:A11')).toBe(false);
    expect(review.toggle('P-WT-1:Q40')).toBe(false);
    expect(review.canExclude('P-WT-1:line 12')).toBe(false);
    expect(exclusionTableCsv(review.exclusionRows())).toBe(
      'plate,well,reason\nP-WT-1,A1,"tip clogged, row A"\nP-WT-1,A3,"tip clogged, row A"\nP-WT-2,A11,vehicle well cracked\nP-RBTZ-2,D9,\n',
    );
    const rerun = page(await run(MM1S, { parental: 'MM1S WT', exclude: saved(review) }), options).body;
    expect(await reviewed(review)).toBe(rerun);
    // Brought back and excluded again: as the command line had it (and its reason back).
    review.toggle('P-WT-1:A2');
    review.toggle('P-RBTZ-2:D9');
    expect(review.changes()).toBe(0);
    expect(await reviewed(review)).toBe(body);
  });

  it('changes the IC50, its interval and the RF of the line clicked, and only those', async () => {
    const { review: data } = page(await run(MM1S, { parental: 'MM1S WT' }), { parental: 'MM1S WT' });
    const review = new Review(data);
    const before = await review.rows();
    review.toggle('P-RBTZ-1:A3');
    const after = await review.rows();
    const i = before.findIndex((r) => r.kind === 'fit' && r.fit.cellLine === 'MM1S/R BTZ' && r.fit.compound === 'bortezomib');
    const [b, a] = [before[i]!, after[i]!];
    if (b.kind !== 'fit' || a.kind !== 'fit') throw new Error('not fits');
    expect(a.fit.nPoints).toBe(b.fit.nPoints - 1);
    expect(a.fit.log10Ic50.value).not.toBe(b.fit.log10Ic50.value);
    expect(a.comparison!.log10Rf.value).not.toBe(b.comparison!.log10Rf.value);
    after.forEach((row, j) => {
      if (j !== i) expect(row).toEqual(before[j]);
    });
  });
});
