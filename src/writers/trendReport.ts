import type { CheckStatus, ResistanceHistory } from '../compare/resistanceHistory.js';
import type { NameMismatch } from '../compare/resistanceChecks.js';
import { formatDiagnostic } from '../errors.js';
import type { Flag, Warning } from '../types.js';
import { escapeXml as esc } from './curvePlotSvg.js';
import { formatNumber } from './formatNumber.js';
import { FLAG_MEANINGS } from './htmlReport.js';
import { historySentences, historyTitle, intervalCell } from './trendTable.js';
import { trendPlotSvg } from './trendPlotSvg.js';

/** What each status of a check means, for the glossary. */
export const STATUS_MEANINGS: Record<CheckStatus, string> = {
  below: 'before resistance was established: the RF interval reaches down to the fold',
  established: 'the first check whose RF interval lies wholly above the fold',
  resistant: 'after it, the RF interval still lies wholly above the fold',
  fading: 'after it, the RF interval no longer lies wholly above the fold (flag resistance_fading)',
  unused: 'left out of the statistics (flag not_in_trend): RF only a bound, undetermined or without a standard error, or a fit unusable',
};

const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #5c5c5c; --line: #d9d9d9; --warn: #b34700; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); background: #fff; line-height: 1.45; font-size: 14px; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
p.note { color: var(--muted); margin: 6px 0; font-size: 13px; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0 0 14px; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; margin-top: 12px; }
th, td { padding: 4px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; white-space: nowrap; }
th { background: #f3f3f3; font-weight: 600; }
.scroll { overflow-x: auto; max-width: 100%; }
tr.fading td, .flag { color: var(--warn); }
tr.unused td { color: var(--muted); }
tr.established td { font-weight: 600; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 6px; background: #fff; }
figure svg { display: block; max-width: 100%; height: auto; }
ul.warnings li { color: var(--warn); }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } }
`;

export interface TrendReportData {
  readonly histories: readonly ResistanceHistory[];
  readonly labelColumns: readonly string[];
  readonly confidence: number;
  readonly files: readonly string[];
  readonly warnings: readonly Warning[];
  readonly mismatches: readonly NameMismatch[];
}

/** A mismatch as one sentence: the spellings, where each was met, and what to do. */
export function mismatchText(mismatch: NameMismatch): string {
  const names = mismatch.names.map((n) => `"${n.name}" (${n.where})`).join(' and ');
  return `${mismatch.what} names ${names} differ only in case, spacing or punctuation: probably the same ${mismatch.what}, kept apart (rename one to join them)`;
}

/**
 * The histories as one self-contained HTML page (no scripts, no URL): per history what it
 * answers (trend, established, level, latest, fading), its plot and its checks; then the warnings
 * and a glossary of the statuses and flags used.
 */
export function trendReportHtml(data: TrendReportData): string {
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8"/>', '<meta name="viewport" content="width=device-width, initial-scale=1"/>');
  out.push('<title>ic50 resistance histories</title>', `<style>${CSS}</style>`, '</head>', '<body>', '<main>');
  out.push('<h1>Resistance histories</h1>');
  out.push(
    `<p class="note">${data.histories.length} histor${data.histories.length === 1 ? 'y' : 'ies'} from ${data.files.length} results file${data.files.length === 1 ? '' : 's'}: ${esc(data.files.join(', '))}. ` +
      `Each check's IC50 and RF intervals are as saved; the trend's and the level's are ${Math.round(data.confidence * 1000) / 10}% intervals (docs/trend.md).</p>`,
  );
  const flags = new Set<string>();
  const statuses = new Set<CheckStatus>();
  data.histories.forEach((history, h) => {
    out.push(`<section id="history-${h + 1}">`);
    out.push(`<h2>${esc(historyTitle(history))}</h2>`);
    out.push(`<p class="note">resistant when the RF interval lies wholly above ${esc(formatNumber(history.fold, 3))}; checks ordered by ${esc(history.by)}</p>`);
    out.push('<dl class="summary">');
    for (const [label, text] of historySentences(history, data.confidence)) out.push(`<dt>${esc(label)}</dt><dd${label === 'flags' || label === 'fading' ? ' class="flag"' : ''}>${esc(text)}</dd>`);
    out.push('</dl>');
    // Inline SVG needs no namespace in HTML5 (and the namespace is a URL: the page names none).
    out.push(`<figure>${trendPlotSvg([history], data.confidence).replace(' xmlns="http://www.w3.org/2000/svg"', '').trim()}</figure>`);
    const columns = data.labelColumns.filter((c) => c !== 'time');
    const head = [...columns, 'IC50 [CI]', `${history.parental} IC50 [CI]`, 'unit', 'RF [CI]', 'log10 RF ± SE', 'status', 'flags', 'file'];
    out.push('<div class="scroll"><table class="checks">', `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`, '<tbody>');
    for (const check of history.checks) {
      const checkFlags = [...new Set([...check.flags, ...check.historyFlags])];
      for (const f of checkFlags) flags.add(f);
      statuses.add(check.status);
      const se = Number.isFinite(check.log10RfSe) ? `${formatNumber(check.log10Rf, 3)} ± ${formatNumber(check.log10RfSe, 2)}` : '—';
      const cells = [
        ...columns.map((c) => (c === history.by ? check.at : (check.labels[c] ?? ''))),
        intervalCell(check.ic50),
        intervalCell(check.parentalIc50),
        check.unit,
        intervalCell(check.rf),
        se,
        check.status,
        checkFlags.join(' '),
        check.source.line !== undefined ? `${check.source.file}:${check.source.line}` : check.source.file,
      ];
      out.push(`<tr class="${check.status}">${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    }
    out.push('</tbody></table></div>', '</section>');
    for (const f of history.flags) flags.add(f);
  });
  if (data.warnings.length > 0 || data.mismatches.length > 0) {
    out.push('<h2>Warnings</h2>', '<ul class="warnings">');
    for (const m of data.mismatches) out.push(`<li>${esc(mismatchText(m))}</li>`);
    for (const w of data.warnings) out.push(`<li>${esc(formatDiagnostic(w.location, w.message))}</li>`);
    out.push('</ul>');
  }
  out.push('<h2>Glossary</h2>', '<dl class="summary">');
  for (const status of statuses) out.push(`<dt>${esc(status)}</dt><dd>${esc(STATUS_MEANINGS[status])}</dd>`);
  for (const flag of [...flags].sort()) out.push(`<dt class="flag">${esc(flag)}</dt><dd>${esc(FLAG_MEANINGS[flag as Flag] ?? '')}</dd>`);
  out.push('</dl>', '</main>', '</body>', '</html>');
  return out.join('\n') + '\n';
}
