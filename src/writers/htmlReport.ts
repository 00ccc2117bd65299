import { rowKey, type ReviewData, type ReviewSettings } from '../engine/review.js';
import { parseWellId } from '../plate/wellId.js';
import type { Comparison, Curve, CurveFit, ExcludedWell, FileError, Flag, PlateMap, PlateQc, ResultRow, Warning } from '../types.js';
import { compoundOrder, curvePlotSvg, displayUnit, escapeXml, ciText, lineOrder, plotLines, summaryLines, type FigureStyle, type PlotLine } from './curvePlotSvg.js';
import { formatNumber } from './formatNumber.js';
import { icxStem } from './icxColumns.js';
import { matrixLayout, matrixMeasures, type MatrixRecord } from './matrix.js';
import { toPlateRecord } from './plateRecords.js';
import { recordOf, type OutputOptions } from './records.js';
import { experimentCell, gr50Cell, grRfCell, ic50Cell, icxCell, rfAtCell, rfCell } from './table.js';
import { grPlotSvg, ic50Gr50Svg } from './grPlotSvg.js';
import { reviewDataJson } from './reviewData.js';
import { residualPlotSvg } from './residualPlotSvg.js';
import { checkOf, holdsSeveralChecks } from './checks.js';
import { sameLabels } from '../plate/groupCurves.js';

/** What the report shows: the result rows and the plates, warnings and errors of the run. */
export interface ReportData {
  readonly rows: readonly ResultRow[];
  readonly plates: readonly PlateQc[];
  readonly warnings: readonly Warning[];
  readonly errors: readonly FileError[];
  /** Wells the user excluded (--exclude, --exclude-file). */
  readonly excluded?: readonly ExcludedWell[];
}

export interface HtmlReportOptions {
  /** Page title and heading (default "ic50 report"). */
  readonly title?: string;
  /** Plate id → plate heat-map SVG (plateHeatmapSvg), shown under plate QC. */
  readonly heatmaps?: ReadonlyMap<string, string>;
  /** Error bars, band, size and font of the dose-response figures. */
  readonly style?: FigureStyle;
  /**
   * Review in the page: with the run's settings and the page's script (the browser bundle,
   * dist/review.js), and fits that carry their curves (CurveFit.curve), a click on a point
   * excludes its well and the page refits. Without it the page only sorts its tables.
   */
  readonly review?: ReportReview | undefined;
}

/** What the page needs to refit: the run's review settings, the script that does it, the plates' well maps. */
export interface ReportReview {
  readonly settings: ReviewSettings;
  readonly script: string;
  readonly plateMaps?: readonly PlateMap[] | undefined;
}

/** What each flag means, for the glossary under the tables (README has the long form). */
export const FLAG_MEANINGS: Record<Flag, string> = {
  ic50_above_range: 'the fitted IC50 lies above the highest tested concentration',
  ic50_below_range: 'the fitted IC50 lies below the lowest tested concentration',
  not_converged: 'the optimizer stopped before its optimality test passed',
  too_few_concentrations: 'fewer than 4 distinct concentrations (5 for LL.5): not fitted',
  bound_hit: 'log10 IC50, the Hill slope or the LL.5 asymmetry ended on its bound',
  ambiguous: 'singular covariance (no interval), or an IC50 interval wider than --ambiguous-width decades or open on a side',
  no_blank: 'a contributing plate had neither blank nor positive-control wells (background 0)',
  plate_qc_failed: 'a contributing plate failed QC (Z′ or vehicle CV)',
  flat: 'no significant dose response (F test against a constant)',
  no_absolute_ic50: 'the fitted curve never crosses 50 % viability',
  ci_open: 'the profile-likelihood IC50 interval has no bound on one side',
  rf_ci_open: "Fieller's RF interval has no bound on one side",
  too_few_experiments: 'fewer than 2 experiments with a usable IC50: no mean',
  outliers: 'ROUT found outlier wells: crossed out in the plot, named in the outliers column of CSV/JSON output; not in the fit with --outliers remove',
  rf_lower_bound: 'the resistance factor is a lower bound (true RF ≥ the value shown)',
  rf_upper_bound: 'the resistance factor is an upper bound (true RF ≤ the value shown)',
  rf_undetermined: 'both IC50s lie beyond their ranges: RF unbounded, not given',
  no_parental_fit: 'the parental line has no curve for this compound (and experiment): no RF',
  share_rejected: 'the F test rejects the shared fit (--share): the lines differ in the shared parameter, so the shared IC50s and RFs rest on a wrong assumption',
  share_failed: 'the shared fit (--share) did not converge: no shared values',
  resistance_fading: 'after resistance was established, a check whose RF interval no longer lies wholly above the resistance fold',
  not_established: 'no check’s RF interval lies wholly above the resistance fold',
  not_in_trend: 'a check left out of the trend: its RF is only a bound, undetermined or without a standard error, or a fit is unusable',
  too_few_checks: 'fewer than 3 usable checks: no trend',
  probable_name_mismatch: 'a name differs from another only in case, spacing or punctuation: probably the same, kept apart',
  icx_beyond_range: 'an ICx asked for (--icx) lies beyond the tested concentrations: an extrapolation',
  no_absolute_icx: 'the fitted curve never crosses 100 − P % viability for some ICx level P: that absolute ICx is not given',
  icx_rf_lower_bound: 'a resistance factor at an ICx level is a lower bound (an ICx lies beyond its tested range)',
  icx_rf_upper_bound: 'a resistance factor at an ICx level is an upper bound (an ICx lies beyond its tested range)',
  icx_rf_undetermined: 'both ICx of a level lie beyond their ranges: that RF is unbounded, not given',
  gr_flat: 'no significant growth-rate response (F test of the GR curve against a flat line)',
  gr50_above_range: 'GR50 lies above the highest tested concentration (or GR never falls to 0.5): a lower bound',
  gr50_below_range: 'GR50 lies below the lowest tested concentration (GR is below 0.5 throughout): an upper bound',
  gr_bound_hit: 'a GR parameter ended on its bound (GEC50 window, h_GR 0.1–5, GRinf −1–1)',
  gr_incomplete: 'some of the curve’s plates have no time-zero reference: no GR metrics',
  gi50_above_range: 'percentage growth never falls to 50 in the tested range: GI50 is above the highest concentration',
  gi50_below_range: 'percentage growth is below 50 already at the lowest concentration: GI50 is below it',
  tgi_above_range: 'percentage growth never falls to 0 (no net loss of cells) in the tested range: TGI is above the highest concentration',
  tgi_below_range: 'percentage growth is below 0 already at the lowest concentration: TGI is below it',
  lc50_above_range: 'percentage growth never falls to −50 (half the cells killed) in the tested range: LC50 is above the highest concentration',
  lc50_below_range: 'percentage growth is below −50 already at the lowest concentration: LC50 is below it',
  gr_rf_lower_bound: 'the GR50 resistance factor is a lower bound (true GR RF ≥ the value shown)',
  gr_rf_upper_bound: 'the GR50 resistance factor is an upper bound (true GR RF ≤ the value shown)',
  gr_rf_undetermined: 'both GR50s lie beyond their ranges: GR RF unbounded, not given',
  growth_rate_trap: 'the IC50 and GR50 resistance factors disagree beyond their intervals: the lines divide at different rates; report the GR RF',
};

const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #5c5c5c; --line: #d9d9d9; --warn: #b34700; --bad: #b00020; --good: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); background: #fff; line-height: 1.45; font-size: 14px; }
main { max-width: 1340px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 0 0 6px; }
p.note, .muted { color: var(--muted); }
p.note { margin: 6px 0; font-size: 13px; }
nav { font-size: 13px; margin: 4px 0 0; }
nav a { margin-right: 14px; }
a { color: #0057a0; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
.scroll { overflow-x: auto; max-width: 100%; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " \\2195"; color: #aaa; font-weight: normal; }
table.sortable th[aria-sort="ascending"]::after { content: " \\2191"; color: var(--ink); }
table.sortable th[aria-sort="descending"]::after { content: " \\2193"; color: var(--ink); }
table.sortable tbody tr:hover, table.qc tbody tr:hover { background: #f7f7f0; }
table.matrix td { min-width: 150px; }
table.qc td, table.results td { white-space: nowrap; }
table.qc td.fail, table.results td.flag { white-space: normal; min-width: 9em; }
table.qc th { white-space: normal; }
table.matrix td .ic50 { font-weight: 600; font-size: 14px; }
table.matrix td .ci, table.matrix td .rf { display: block; font-size: 12px; }
table.matrix th[scope="row"] { background: #fafafa; }
.flag { color: var(--warn); }
.fail { color: var(--bad); font-weight: 600; }
.pass { color: var(--good); }
.flagged td:first-child { box-shadow: inset 3px 0 0 var(--warn); }
.curves { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 18px; align-items: start; }
.residuals { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; align-items: start; margin-bottom: 14px; }
.residuals figure svg { width: 100%; }
.plates { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; align-items: start; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 6px; background: #fff; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
ul.errors li { color: var(--bad); }
ul.trap li { margin: 6px 0; padding: 6px 10px; border-left: 3px solid var(--warn); background: #fff7ef; list-style: none; }
details { margin-top: 8px; }
body.reviewing main { padding-bottom: 140px; }
body.reviewing figure svg [data-well] { cursor: pointer; }
body.reviewing figure svg .raw [data-well] { stroke: transparent; stroke-width: 9px; }
body.reviewing figure svg .raw [data-well]:hover { fill-opacity: 1; stroke: rgba(0, 0, 0, 0.12); }
body.reviewing figure svg .excluded [data-well]:hover { stroke-width: 2.4; }
body.reviewing figure svg .means, body.reviewing figure svg path.curve { pointer-events: none; }
aside.review { position: fixed; right: 16px; bottom: 16px; width: min(460px, calc(100vw - 32px)); max-height: 45vh; overflow: auto; background: #fff; border: 1px solid #999; border-radius: 6px; box-shadow: 0 2px 12px rgba(0, 0, 0, 0.18); padding: 8px 12px; font-size: 13px; z-index: 10; }
aside.review h2 { font-size: 14px; margin: 0 0 2px; padding: 0; border: 0; }
aside.review p.note { font-size: 12px; margin: 6px 0 0; }
aside.review code { white-space: nowrap; }
aside.review .status { margin: 2px 0 6px; color: var(--muted); }
aside.review .status.busy { color: var(--warn); }
aside.review table { width: 100%; margin: 4px 0; }
aside.review td.well { white-space: nowrap; }
aside.review td.reason { width: 100%; }
aside.review input { width: 100%; min-width: 10em; font: inherit; padding: 1px 4px; }
aside.review button { font: inherit; padding: 2px 10px; cursor: pointer; }
aside.review .actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 6px; }
aside.review.folded table, aside.review.folded .note { display: none; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } nav { display: none; } aside.review { display: none; } body.reviewing main { padding-bottom: 0; } }
`;

/**
 * Click-to-sort for tables with class "sortable": numbers by data-v, empty cells last. A global
 * function (ic50Sortable) so the review script can wire the tables it redraws. Kept free of "<"
 * and "&" so the page stays well-formed XML too (tests parse it as such).
 */
const SCRIPT = `
function ic50Sortable(root) {
  root.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, column) {
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          var v = cell.getAttribute('data-v');
          if (v !== null) return v === '' ? null : Number(v);
          var t = cell.textContent.trim();
          return t === '' || t === '\\u2014' ? null : t.toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
          var order = typeof x === 'number' ? (typeof y === 'number' ? x - y : -1) : typeof y === 'number' ? 1 : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}
ic50Sortable(document);
`;

const esc = escapeXml;

/** The output options the rows were made with, as far as the report's columns go: the ICx levels and RF levels they carry. */
function rowOptions(rows: readonly ResultRow[]): OutputOptions {
  const icx = new Set<number>();
  const rfAt = new Set<number>();
  for (const row of rows) {
    if (row.kind === 'fit') for (const x of row.fit.icx ?? []) icx.add(x.level);
    for (const r of row.comparison?.rfAt ?? []) rfAt.add(r.level);
  }
  const growth = rows.some((row) => row.kind === 'fit' && row.fit.gr !== undefined);
  const times = new Set(rows.map((row) => (row.kind === 'fit' ? row.fit.time : row.summary.time))).size > 1;
  return { icx: [...icx].sort((a, b) => a - b), rfAt: [...rfAt].sort((a, b) => a - b), detected: { growth, times } };
}

/** "3.1-fold [2.8–3.4]" for a log10 RF estimate. */
function foldText(rf: { value: number; lower: number; upper: number }): string {
  const power = (x: number) => (Number.isFinite(x) ? Math.pow(10, x) : null);
  return `${num(power(rf.value))}-fold${Number.isFinite(rf.lower) && Number.isFinite(rf.upper) ? ` ${ciText(power(rf.lower)!, power(rf.upper)!)}` : ''}`;
}

/**
 * The sentence on a comparison whose IC50 and GR50 resistance factors disagree beyond their
 * intervals (flag growth_rate_trap), in the scientist's words.
 */
export function growthRateTrapSentence(fit: CurveFit, comparison: Comparison, parental: CurveFit | undefined, withTime = false): string {
  const mine = fit.gr?.doublings;
  const theirs = parental?.gr?.doublings;
  const pace =
    mine !== undefined && theirs !== undefined && Number.isFinite(mine) && Number.isFinite(theirs)
      ? ` ${fit.cellLine} divided ${mine < theirs ? 'more slowly' : 'faster'} than ${comparison.parental} (${num(mine)} against ${num(theirs)} doublings of the vehicle wells during the assay), and a relative-viability IC50 moves with the division rate and the assay's length, not only with the drug.`
      : ' The lines divided at different rates, and a relative-viability IC50 moves with the division rate, not only with the drug.';
  return (
    `On ${comparison.compound}${withTime && fit.time !== undefined ? ` at ${num(fit.time)} h` : ''}, ${fit.cellLine} looks ${foldText(comparison.log10Rf)} resistant relative to ${comparison.parental} by IC50, ` +
    `but ${foldText(comparison.grLog10Rf!)} by GR50: the two resistance factors disagree beyond their intervals.${pace} The GR50 resistance factor corrects for the division rates; it is the one to report.`
  );
}

/** The growth-rate section: what GR is, the growth-rate trap where it springs, and per compound the GR curves and the IC50s beside the GR50s. */
function growthSection(report: ReportData, fitted: readonly PlotLine[], compounds: readonly string[], lines: readonly string[]): string {
  const out: string[] = [
    '<p class="note">GR (Hafner et al., Nat Methods 2016) compares each well’s growth with the vehicle’s from the time-zero read: ' +
      '1 = grew as the vehicle, 0 = no net growth (cytostasis), −1 = every cell dead. Unlike % viability it does not depend on how fast a line divides or how long the assay ran, ' +
      'so the GR50 resistance factor compares a slow-growing resistant line with its parent fairly. GI50, TGI and LC50 (NCI-60) come from the same reads.</p>',
  ];
  const traps = report.rows.flatMap((row) => (row.kind === 'fit' && row.comparison?.flags.includes('growth_rate_trap') ? [{ fit: row.fit, comparison: row.comparison }] : []));
  const compared = report.rows.filter((row) => row.comparison?.grLog10Rf !== undefined);
  if (traps.length > 0) {
    out.push('<ul class="trap">');
    for (const { fit, comparison } of traps) {
      const parental = fitted.find((l) => l.fit.cellLine === comparison.parental && l.fit.compound === fit.compound && l.fit.experiment === fit.experiment && l.fit.time === fit.time && sameLabels(l.fit.labels, fit.labels))?.fit;
      out.push(`<li>${esc(growthRateTrapSentence(fit, comparison, parental, rowOptions(report.rows).detected?.times === true))}</li>`);
    }
    out.push('</ul>');
  } else if (compared.length > 0) {
    out.push('<p>For every comparison the IC50 and GR50 resistance factors agree within their intervals: the lines’ division rates do not change the verdict.</p>');
  }
  out.push('<div class="curves">');
  compounds.forEach((compound) => {
    const of = fitted.filter((l) => l.fit.compound === compound && l.fit.gr);
    if (of.length === 0) return;
    out.push(`<figure data-compound="${esc(compound)}" class="gr">${inlineSvg(grPlotSvg(of, { lineOrder: lines }))}</figure>`);
    out.push(`<figure data-compound="${esc(compound)}" class="ic50-gr50">${inlineSvg(ic50Gr50Svg(of, { lineOrder: lines }))}</figure>`);
  });
  out.push('</div>');
  return out.join('\n');
}

/** An inline SVG for HTML: without its xmlns (HTML5 needs none, and it would be a URL). */
function inlineSvg(svg: string): string {
  return svg.replace(/\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '').trim();
}

function num(value: number | null, digits = 3): string {
  return value === null ? '—' : formatNumber(value, digits);
}

/** A number cell of the sortable table: the shown text, the full value to sort by. */
function numberCell(value: number | null, text?: string): string {
  const shown = text ?? num(value);
  return `<td class="num" data-v="${value === null ? '' : String(value)}">${esc(shown)}</td>`;
}

function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

function anchor(prefix: string, index: number): string {
  return `${prefix}-${index + 1}`;
}

function flagSpan(flags: readonly string[]): string {
  return flags.length > 0 ? ` <span class="flag" title="${esc(flags.join(', '))}">⚠</span>` : '';
}

function summary(report: ReportData, fitted: readonly PlotLine[], compounds: readonly string[], lines: readonly string[]): string {
  const files = [...new Set([...report.plates.map((p) => p.file), ...report.errors.map((e) => e.file)])];
  const plateIds = [...new Set(report.plates.map((p) => `${p.file}\u0000${p.plate}`))];
  const failedPlates = new Set(report.plates.filter((p) => !p.passed).map((p) => `${p.file}\u0000${p.plate}`));
  const flagged = fitted.filter((l) => l.fit.flags.length > 0);
  const flagCounts = new Map<Flag, number>();
  for (const { fit } of fitted) for (const flag of fit.flags) flagCounts.set(flag, (flagCounts.get(flag) ?? 0) + 1);
  const out: string[] = ['<dl class="summary">'];
  out.push(`<dt>Inputs</dt><dd>${files.length === 0 ? '—' : files.map((f) => `<code>${esc(f)}</code>`).join(', ')}</dd>`);
  out.push(
    `<dt>Plates</dt><dd>${count(plateIds.length, 'plate')}` +
      (plateIds.length > 0
        ? failedPlates.size === 0
          ? ` — <span class="pass">all passed QC</span>`
          : ` — <span class="fail">${failedPlates.size} failed QC</span>`
        : '') +
      '</dd>',
  );
  out.push(
    `<dt>Curves</dt><dd>${count(fitted.length, 'fit')}: ${count(lines.length, 'cell line')} × ${count(compounds.length, 'compound')}</dd>`,
  );
  out.push(
    `<dt>Flagged</dt><dd>${flagged.length === 0 ? 'none' : `<span class="flag">${count(flagged.length, 'fit')}</span> (` +
      [...flagCounts].map(([flag, k]) => `${esc(flag)} ×${k}`).join(', ') + ')'}</dd>`,
  );
  out.push(`<dt>Warnings</dt><dd>${report.warnings.length === 0 ? 'none' : `${report.warnings.length} (listed at the end)`}</dd>`);
  out.push(`<dt>Errors</dt><dd>${report.errors.length === 0 ? 'none' : `<span class="fail">${count(report.errors.length, 'input')} could not be used</span>`}</dd>`);
  out.push('</dl>');
  if (report.errors.length > 0) {
    out.push('<ul class="errors">');
    for (const e of report.errors) {
      const where = [e.file, e.line !== undefined ? `line ${e.line}` : '', e.well ?? ''].filter((s) => s !== '').join(', ');
      out.push(`<li><code>${esc(where)}</code>: ${esc(e.message)}</li>`);
    }
    out.push('</ul>');
  }
  return out.join('\n');
}

/** RF shading: orange for resistance (RF > 1), blue for sensitisation, stronger up to 10×. */
function rfShade(r: MatrixRecord): string {
  const rf = typeof r.rf === 'number' ? r.rf : Number.NaN;
  if (r.parental === '' || !(rf > 0)) return '';
  const v = Math.log10(rf);
  const alpha = Math.min(1, Math.abs(v)) * 0.32;
  if (alpha < 0.02) return '';
  const rgb = v > 0 ? '230, 159, 0' : '86, 180, 233';
  return ` style="background: rgba(${rgb}, ${alpha.toFixed(3)})"`;
}

/**
 * The cross-resistance matrix, laid out exactly as `--matrix` and `ic50 matrix` lay it out
 * (matrixLayout): with independent experiments, the summaries across them.
 */
function matrix(report: ReportData): string {
  if (holdsSeveralChecks(report.rows)) {
    return '<p class="note">These results hold several checks (their passage, date or other labels differ): one cell per cell line and compound would show one of them and hide the others, so there is no matrix here. <code>ic50 trend</code> on the saved results follows each line across its checks.</p>';
  }
  const options = rowOptions(report.rows);
  const records = report.rows.map((row) => recordOf(row, options));
  const layout = matrixLayout(records);
  const measures = matrixMeasures(records);
  const out: string[] = ['<div class="scroll"><table class="matrix">', '<thead><tr><th>cell line</th>'];
  layout.compounds.forEach((c) => out.push(`<th>${esc(c)}</th>`));
  out.push('</tr></thead><tbody>');
  for (const { line, parental } of layout.rows) {
    out.push(`<tr><th scope="row">${esc(line)}${parental ? `<br /><span class="muted">vs ${esc(parental)}</span>` : ''}</th>`);
    for (const compound of layout.compounds) {
      const r = layout.cell(line, parental, compound);
      if (!r) {
        out.push('<td class="muted">—</td>');
        continue;
      }
      const flags = Array.isArray(r.flags) ? r.flags : [];
      const ic50 = typeof r.ic50 === 'number' ? r.ic50 : null;
      const low = typeof r.ic50_ci_low === 'number' ? r.ic50_ci_low : null;
      const high = typeof r.ic50_ci_high === 'number' ? r.ic50_ci_high : null;
      const bound = flags.includes('ic50_above_range') ? '> ' : flags.includes('ic50_below_range') ? '< ' : '';
      const parts = [`<span class="ic50">${ic50 === null ? '—' : `${esc(bound + num(ic50))} ${esc(displayUnit(String(r.unit)))}`}</span>${flagSpan(flags)}`];
      if (ic50 !== null && low !== null && high !== null && !bound) parts.push(`<span class="ci muted">${esc(ciText(low, high))}</span>`);
      const rf = typeof r.rf === 'number' ? r.rf : null;
      if (parental !== '') {
        const rfBound = flags.includes('rf_lower_bound') ? '> ' : flags.includes('rf_upper_bound') ? '< ' : '';
        const rfLow = typeof r.rf_ci_low === 'number' ? r.rf_ci_low : null;
        const rfHigh = typeof r.rf_ci_high === 'number' ? r.rf_ci_high : null;
        const text = rf === null ? '—' : rfBound ? rfBound + num(rf) : `${num(rf)}${rfLow !== null && rfHigh !== null ? ` ${ciText(rfLow, rfHigh)}` : ''}`;
        parts.push(`<span class="rf">RF ${esc(text)}</span>`);
      }
      const record = r as Record<string, unknown>;
      for (const { stem, label, rf: isRf } of measures) {
        const value = typeof record[stem] === 'number' ? (record[stem] as number) : null;
        if (value === null || (isRf && parental === '')) continue;
        const low = typeof record[`${stem}_ci_low`] === 'number' ? (record[`${stem}_ci_low`] as number) : null;
        const high = typeof record[`${stem}_ci_high`] === 'number' ? (record[`${stem}_ci_high`] as number) : null;
        parts.push(`<span class="ci">${esc(label)} ${esc(num(value))}${low !== null && high !== null ? ` <span class="muted">${esc(ciText(low, high))}</span>` : ''}</span>`);
      }
      out.push(`<td${rfShade(r)}>${parts.join('')}</td>`);
    }
    out.push('</tr>');
  }
  out.push('</tbody></table></div>');
  out.push(
    '<p class="note">Each cell: IC50 in the curve’s unit, its confidence interval, and the resistance factor ' +
      'RF = IC50(line) / IC50(parental) with its interval' +
      (report.rows.some((r) => r.kind === 'summary') ? ' — with independent experiments, the geometric mean across them' : '') +
      '. Shading: orange where RF &gt; 1 (resistant), blue where RF &lt; 1, stronger up to 10-fold. ⚠ marks a flagged fit (hover for its flags).</p>',
  );
  return out.join('\n');
}

function resultsTable(report: ReportData): string {
  const withExperiments = report.rows.some((row) => row.kind === 'summary' || row.fit.experiment !== '');
  const withChecks = report.rows.some((row) => checkOf(row) !== '');
  const modelsCompared = report.rows.some((row) => row.kind === 'fit' && row.fit.modelComparison !== undefined);
  const shared = report.rows.some((row) => row.kind === 'fit' && row.shared !== undefined);
  const { icx = [], rfAt = [], detected } = rowOptions(report.rows);
  const growth = detected?.growth === true;
  const head = [
    'cell line',
    'compound',
    ...(withExperiments ? ['experiment'] : []),
    ...(withChecks ? ['check'] : []),
    ...(modelsCompared ? ['model', 'preferred (p)'] : []),
    'IC50',
    'CI low',
    'CI high',
    ...icx.map((p) => `IC${p}`),
    ...(growth ? ['GR50', 'GRmax'] : []),
    'unit',
    'hill',
    'top',
    'bottom',
    'r²',
    'points',
    'parental',
    'RF',
    'RF CI',
    ...rfAt.map((p) => `RF IC${p}`),
    ...(growth ? ['GR RF'] : []),
    ...(shared ? ['shared IC50', 'shared RF', 'shared RF CI', 'share p'] : []),
    'flags',
  ];
  const numeric = new Set(['IC50', 'CI low', 'CI high', 'hill', 'top', 'bottom', 'r²', 'points', 'RF', 'GR50', 'GRmax', 'GR RF', 'shared IC50', 'shared RF', 'share p', ...icx.map((p) => `IC${p}`), ...rfAt.map((p) => `RF IC${p}`)]);
  const out: string[] = ['<div class="scroll"><table class="sortable results">', '<thead><tr>'];
  for (const h of head) out.push(`<th${numeric.has(h) ? ' class="num"' : ''}>${esc(h)}</th>`);
  out.push('</tr></thead><tbody>');
  const columnOptions = shared ? { share: report.rows.flatMap((row) => (row.kind === 'fit' && row.shared ? [...row.shared.parameters] : [])).filter((v, i, a) => a.indexOf(v) === i) } : {};
  for (const row of report.rows) {
    const r = recordOf(row, columnOptions);
    const flags = r.flags as string[];
    const rf = r.rf as number | null;
    const rfLow = r.rf_ci_low as number | null;
    const rfHigh = r.rf_ci_high as number | null;
    out.push(`<tr${flags.length > 0 ? ' class="flagged"' : ''}${row.kind === 'summary' ? ' data-kind="summary"' : ''}>`);
    out.push(`<td>${esc(String(r.cell_line))}</td><td>${esc(String(r.compound))}</td>`);
    if (withExperiments) out.push(`<td>${esc(experimentCell(row))}</td>`);
    if (withChecks) out.push(`<td>${esc(checkOf(row))}</td>`);
    if (modelsCompared) {
      const comparison = row.kind === 'fit' ? row.fit.modelComparison : undefined;
      out.push(`<td>${esc(String(r.model))}</td><td>${comparison?.preferred ? esc(`${comparison.preferred} (${num(Number.isFinite(comparison.p) ? comparison.p : null, 2)})`) : ''}</td>`);
    }
    out.push(numberCell(r.ic50 as number | null, ic50Cell(row).replace(/ \[.*$/, '')), numberCell(r.ic50_ci_low as number | null), numberCell(r.ic50_ci_high as number | null));
    const x = recordOf(row, { icx });
    for (const p of icx) out.push(numberCell(x[icxStem(p)] as number | null, icxCell(row, p)));
    const g = recordOf(row, { detected: { growth: true, times: false } });
    if (growth) out.push(numberCell(g.gr50 as number | null, gr50Cell(row) || '—'), numberCell(g.gr_max as number | null));
    out.push(`<td>${esc(displayUnit(String(r.unit)))}</td>`);
    // An asymptote far beyond any measurement is not identified by the data: shown as —.
    const asymptote = (v: number | null) => (v !== null && Math.abs(v) > 1000 ? '<td class="num" data-v="">—</td>' : numberCell(v));
    out.push(numberCell(r.hill as number | null), asymptote(r.top as number | null), asymptote(r.bottom as number | null));
    out.push(numberCell(r.r2 as number | null), numberCell(r.n_points as number, String(r.n_points)));
    out.push(`<td>${esc(String(r.parental))}</td>`);
    out.push(row.comparison === undefined ? '<td class="num" data-v=""></td>' : numberCell(rf, rfCell(row).replace(/ \[.*$/, '')));
    out.push(`<td class="num">${row.comparison === undefined || rf === null || rfLow === null || rfHigh === null ? '' : esc(`${num(rfLow)}–${num(rfHigh)}`)}</td>`);
    const rfs = recordOf(row, { rfAt });
    for (const p of rfAt) out.push(row.comparison === undefined ? '<td class="num" data-v=""></td>' : numberCell(rfs[`rf_${icxStem(p)}`] as number | null, rfAtCell(row, p)));
    if (growth) out.push(row.comparison === undefined ? '<td class="num" data-v=""></td>' : numberCell(g.gr_rf as number | null, grRfCell(row)));
    if (shared) {
      const sharedLow = r.shared_rf_ci_low as number | null;
      const sharedHigh = r.shared_rf_ci_high as number | null;
      out.push(numberCell(r.shared_ic50 as number | null), numberCell(r.shared_rf as number | null));
      out.push(`<td class="num">${sharedLow === null || sharedHigh === null ? '' : esc(`${num(sharedLow)}–${num(sharedHigh)}`)}</td>`);
      out.push(numberCell(r.share_p as number | null));
    }
    out.push(`<td class="flag">${esc(flags.join(', '))}</td>`);
    out.push('</tr>');
  }
  out.push('</tbody></table></div>');
  out.push(
    '<p class="note">Click a column heading to sort. Numbers are those of the CSV/JSON output, shown to 3 significant digits; sorting uses the full values. ' +
      'An IC50 beyond the tested concentrations shows as a bound (&gt; highest, &lt; lowest tested); an asymptote beyond ±1000 % is not identified by the data and shows as —.' +
      (modelsCompared ? ' Model, preferred (p): the model fitted, and the one the extra-sum-of-squares F tests prefer with the p of the test that decided.' : '') +
      (shared
        ? ' Shared: the IC50 and RF of each line in the global fit of its compound with the shared parameter(s) one value for every line; share p: the F test of that fit against separate fits (below --share-alpha: share_rejected).'
        : '') +
      '</p>',
  );
  return out.join('\n');
}

function curves(report: ReportData, fitted: readonly PlotLine[], compounds: readonly string[], lines: readonly string[], style: FigureStyle): string {
  const summaries = summaryLines(report.rows);
  const out: string[] = [
    '<p class="note">Points: the mean of the replicates at each concentration (each well faint behind) with error bars as each figure’s caption says. ' +
      'Line: the fitted logistic curve (see the model column of the data) over the tested concentrations' +
      (style.band ? ', shaded its confidence band' : '') +
      '. Ring and bar: the IC50 with its confidence interval' +
      (summaries.length > 0 ? '; a line across experiments is one curve with each experiment’s IC50 as a tick' : '') +
      '. Dashed curve and ⚠: a flagged fit. Colours and shapes stay with a cell line across compounds.</p>',
    '<div class="curves">',
  ];
  compounds.forEach((compound, i) => {
    const of = fitted.filter((l) => l.fit.compound === compound);
    out.push(`<figure id="${anchor('curve', i)}" data-compound="${esc(compound)}">${inlineSvg(curvePlotSvg(of, { ...style, lineOrder: lines, summaries }))}</figure>`);
  });
  out.push('</div>');
  return out.join('\n');
}

/** Per compound, the residuals of every fitted curve: a pattern about zero says the curve’s shape misses the data. */
function residuals(fitted: readonly PlotLine[], compounds: readonly string[], lines: readonly string[]): string {
  const out: string[] = [
    '<p class="note">Residual = observed − fitted viability of each well, against its concentration. A curve that fits leaves them scattered evenly about zero; ' +
      'runs above or below it (a U or an S) say the model’s shape misses the data — try another model (--compare-models). ' +
      'Crosses: outliers removed from the fit; hollow crossed circles: wells excluded.</p>',
  ];
  for (const compound of compounds) {
    const panels = fitted
      .filter((l) => l.fit.compound === compound)
      .map((l) => ({ line: l, svg: residualPlotSvg(l.fit, { lineIndex: lines.indexOf(l.fit.cellLine) }) }))
      .filter((p): p is { line: PlotLine; svg: string } => p.svg !== null);
    if (panels.length === 0) continue;
    out.push(`<h3>${esc(compound)}</h3>`, '<div class="residuals">');
    for (const { line, svg } of panels) out.push(`<figure data-compound="${esc(compound)}" data-cell-line="${esc(line.fit.cellLine)}">${inlineSvg(svg)}</figure>`);
    out.push('</div>');
  }
  return out.join('\n');
}

function plateQc(report: ReportData, heatmaps: ReadonlyMap<string, string> | undefined): string {
  const out: string[] = [];
  if (report.plates.length === 0) out.push('<p class="note">No plate QC (no control wells were read).</p>');
  else {
    // File and signal columns only when they say something.
    const showFile = new Set(report.plates.map((p) => p.file)).size > 1;
    const showSignal = report.plates.some((p) => p.signal !== '');
    const head = [
      ...(showFile ? ['file'] : []),
      'plate',
      'cell line',
      ...(showSignal ? ['signal'] : []),
      'vehicle n',
      'blank n',
      'positive n',
      'excluded',
      'vehicle mean',
      'vehicle CV %',
      'blank mean',
      'blank CV %',
      'Z′',
      'S/B',
      'QC',
    ];
    out.push('<div class="scroll"><table class="sortable qc">', '<thead><tr>');
    for (const h of head) out.push(`<th${/ n$|excluded|mean|CV|Z′|S\/B/.test(h) ? ' class="num"' : ''}>${esc(h)}</th>`);
    out.push('</tr></thead><tbody>');
    for (const qc of report.plates) {
      const r = toPlateRecord(qc);
      const v = (x: string | number | null | string[], digits: number): string =>
        numberCell(typeof x === 'number' ? x : null, typeof x === 'number' ? formatNumber(x, digits) : '—');
      out.push(`<tr${qc.passed ? '' : ' class="flagged"'}>`);
      if (showFile) out.push(`<td>${esc(qc.file)}</td>`);
      out.push(`<td>${esc(qc.experiment ? `${qc.plate} (${qc.experiment})` : qc.plate)}</td><td>${esc(qc.cellLine)}</td>`);
      if (showSignal) out.push(`<td>${esc(qc.signal)}</td>`);
      out.push(numberCell(qc.nVehicle, String(qc.nVehicle)), numberCell(qc.nBlank, String(qc.nBlank)));
      out.push(numberCell(qc.nPositive, String(qc.nPositive)), numberCell(qc.nExcluded, String(qc.nExcluded)));
      out.push(v(r.vehicle_mean, 4), v(r.vehicle_cv, 3), v(r.blank_mean, 4), v(r.blank_cv, 3), v(r.z_prime, 3), v(r.signal_to_background, 3));
      out.push(qc.passed ? '<td class="pass">pass</td>' : `<td class="fail">FAIL: ${esc(qc.reasons.join('; '))}</td>`);
      out.push('</tr>');
    }
    out.push('</tbody></table></div>');
    out.push(
      '<p class="note">Z′ = 1 − 3(SD vehicle + SD background) / |mean vehicle − mean background| (background: blanks, ' +
        'else positive controls); CV = 100·SD/mean; S/B = mean vehicle / mean background.</p>',
    );
  }
  if (heatmaps && heatmaps.size > 0) {
    const order = [...new Set([...report.plates.map((p) => p.plate).filter((id) => heatmaps.has(id)), ...heatmaps.keys()])];
    out.push('<h3>Plate maps</h3>', '<div class="plates">');
    for (const id of order) out.push(`<figure data-plate="${esc(id)}">${inlineSvg(heatmaps.get(id)!)}</figure>`);
    out.push('</div>');
  }
  return out.join('\n');
}

/**
 * Excluded wells by plate (in plate QC's order) and position on it (row by row): one order for
 * the command line's list and the page's after a review, whatever order the wells were read in.
 */
function excludedOrder(wells: readonly ExcludedWell[], plates: readonly PlateQc[]): ExcludedWell[] {
  const plateOrder = [...new Set([...plates.map((p) => p.plate), ...wells.map((w) => w.plate)])];
  const rank = (w: ExcludedWell): number => {
    const position = parseWellId(w.label.slice(w.plate.length + 1));
    return position ? position.row * 10_000 + position.column : Number.MAX_SAFE_INTEGER;
  };
  return wells
    .map((well, i) => ({ well, i }))
    .sort((a, b) => plateOrder.indexOf(a.well.plate) - plateOrder.indexOf(b.well.plate) || rank(a.well) - rank(b.well) || a.i - b.i)
    .map((e) => e.well);
}

/** The wells the user left out, with the reasons given: the audit trail of --exclude. */
function excludedWells(report: ReportData): string {
  const excluded = excludedOrder(report.excluded ?? [], report.plates);
  if (excluded.length === 0) return '';
  const out: string[] = ['<h2 id="excluded">Excluded wells</h2>', '<div class="scroll"><table class="qc">', '<thead><tr><th>well</th><th>role</th><th>cell line</th><th>compound</th><th>reason</th></tr></thead><tbody>'];
  for (const well of excluded) {
    out.push(
      `<tr><td>${esc(well.label)}</td><td>${esc(well.role === 'sample' ? 'treated' : well.role)}</td><td>${esc(well.cellLine)}</td><td>${esc(well.compound)}</td>` +
        `<td>${well.reason === '' ? '<span class="muted">no reason given</span>' : esc(well.reason)}</td></tr>`,
    );
  }
  out.push('</tbody></table></div>');
  out.push(
    '<p class="note">Left out on request (--exclude, --exclude-file): a treated well is not in its curve’s fit (drawn hollow and crossed in the plots); ' +
      'a control well does not count as a control of its plate.</p>',
  );
  return out.join('\n');
}

function warnings(report: ReportData): string {
  if (report.warnings.length === 0) return '';
  const items = report.warnings.map((w) => {
    const where = [w.location.file, w.location.line !== undefined ? `line ${w.location.line}` : '', w.location.well ?? '']
      .filter((s) => s !== '')
      .join(', ');
    return `<li><code>${esc(where)}</code>: ${esc(w.message)}</li>`;
  });
  return `<h2 id="warnings">Warnings</h2>\n<details><summary>${count(report.warnings.length, 'warning')}</summary><ul>\n${items.join('\n')}\n</ul></details>`;
}

function glossary(report: ReportData): string {
  const used = [...new Set(report.rows.flatMap((row) => recordOf(row).flags as Flag[]))];
  if (used.length === 0) return '';
  return (
    '<h3>Flags</h3><dl class="summary">' +
    used.map((f) => `<dt class="flag">${esc(f)}</dt><dd>${esc(FLAG_MEANINGS[f] ?? '')}</dd>`).join('') +
    '</dl>'
  );
}

/**
 * The report as one self-contained HTML5 page — inline CSS, inline SVG, a few lines of inline
 * script to sort the results table, nothing fetched (no URL of any kind): a summary, the
 * cross-resistance matrix (cell line × compound: IC50 [CI] and RF), the sortable results table,
 * every compound's curves (curvePlotSvg, drawn with `style`; a line across experiments as one
 * curve), every curve's residuals (residualPlotSvg) and plate QC (with heat maps when given). Every
 * number is toRecord's, formatted as the table formats it; all text from the data is escaped.
 * Deterministic: no dates, no random ids.
 *
 * With `review` (and fits that carry their curves), the page also holds its review data and
 * script: a click on a point excludes its well and the page redraws its `<main>` with
 * reportBody after refitting with the run's own code (engine/review.ts).
 */
export function htmlReport(report: ReportData, options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'ic50 report';
  const review = options.review ? reviewData(report, options.review, options) : undefined;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    reportBody(report, options),
    '</main>',
    `<script>${SCRIPT}</script>`,
    ...(review && options.review
      ? [`<script type="application/json" id="ic50-review-data">${reviewDataJson(review)}</script>`, `<script>/*<![CDATA[*/\n${pageScript(options.review.script)}\n/*]]>*/</script>`]
      : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The content of the report's `<main>`: every section. The review script redraws the page with it. */
export function reportBody(report: ReportData, options: Pick<HtmlReportOptions, 'title' | 'heatmaps' | 'style'> = {}): string {
  const title = options.title ?? 'ic50 report';
  const fitted = plotLines(report.rows);
  const compounds = compoundOrder(fitted);
  const lines = lineOrder(fitted);
  const body = [
    `<h1>${esc(title)}</h1>`,
    '<nav><a href="#summary">Summary</a><a href="#matrix">Cross-resistance</a><a href="#results">Results</a>' +
      '<a href="#curves">Curves</a><a href="#residuals">Residuals</a>' +
      (report.rows.some((row) => row.kind === 'fit' && row.fit.gr) ? '<a href="#growth">Growth rate</a>' : '') +
      '<a href="#plates">Plate QC</a>' +
      ((report.excluded?.length ?? 0) > 0 ? '<a href="#excluded">Excluded wells</a>' : '') +
      (report.warnings.length > 0 ? '<a href="#warnings">Warnings</a>' : '') +
      '</nav>',
    '<h2 id="summary">Summary</h2>',
    summary(report, fitted, compounds, lines),
    '<h2 id="matrix">Cross-resistance</h2>',
    report.rows.length === 0 ? '<p class="note">No fits.</p>' : matrix(report),
    '<h2 id="results">Results</h2>',
    report.rows.length === 0 ? '<p class="note">No fits.</p>' : resultsTable(report) + glossary(report),
    '<h2 id="curves">Curves</h2>',
    fitted.length === 0 ? '<p class="note">No fits.</p>' : curves(report, fitted, compounds, lines, options.style ?? {}),
    '<h2 id="residuals">Residuals</h2>',
    fitted.length === 0 ? '<p class="note">No fits.</p>' : residuals(fitted, compounds, lines),
    ...(fitted.some((l) => l.fit.gr) ? ['<h2 id="growth">Growth rate</h2>', growthSection(report, fitted, compounds, lines)] : []),
    '<h2 id="plates">Plate QC</h2>',
    plateQc(report, options.heatmaps),
    excludedWells(report),
    warnings(report),
  ];
  return body.filter((s) => s !== '').join('\n');
}

/**
 * The page's review data: the curves of the fits (in the order they first appear), the rows'
 * order and what the rest of the page shows; undefined when a fit lacks its curve.
 */
function reviewData(report: ReportData, review: ReportReview, { title, style }: HtmlReportOptions): ReviewData | undefined {
  const fits = [...new Set(report.rows.flatMap((row) => (row.kind === 'fit' ? [row.fit] : [])))];
  if (fits.length === 0 || fits.some((fit) => fit.curve === undefined)) return undefined;
  return {
    ...(title !== undefined ? { title } : {}),
    ...(style !== undefined ? { style } : {}),
    settings: review.settings,
    curves: fits.map((fit) => fit.curve as Curve),
    rowOrder: report.rows.map(rowKey),
    plates: report.plates,
    plateMaps: review.plateMaps ?? [],
    warnings: report.warnings,
    errors: report.errors,
    excluded: report.excluded ?? [],
  };
}

/** The review script, made safe inside a CDATA section in a `<script>` element. */
function pageScript(script: string): string {
  if (script.includes(']]>') || /<\/script/i.test(script)) throw new Error('the review script cannot be inlined: it holds "]]>" or "</script"');
  return script;
}
