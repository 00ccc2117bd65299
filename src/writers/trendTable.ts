import type { ChalkInstance } from 'chalk';
import type { CheckStatus, ResistanceHistory } from '../compare/resistanceHistory.js';
import type { IntervalValue } from '../compare/resistanceChecks.js';
import { terminalText } from './escape.js';
import { formatNumber } from './formatNumber.js';

/** "2.36 [2.09–2.67]" to 3 significant digits; "—" without a value. */
export function intervalCell(v: IntervalValue | { value: number; lower: number; upper: number }): string {
  if (!Number.isFinite(v.value)) return '—';
  const n = (x: number) => formatNumber(x, 3);
  return Number.isFinite(v.lower) && Number.isFinite(v.upper) ? `${n(v.value)} [${n(v.lower)}–${n(v.upper)}]` : n(v.value);
}

/** A signed number for people: "+0.0071", "−0.02" (a true minus sign). */
export function signed(value: number, digits = 2): string {
  const text = formatNumber(Math.abs(value), digits);
  return value < 0 ? `−${text}` : `+${text}`;
}

/** "passages 20, 22, 24" / "passage 8" / "2026-03-16": checks named by their label. */
export function checksNamed(by: string, ats: readonly string[], axis: 'number' | 'date'): string {
  if (axis === 'date') return ats.join(', ');
  return `${by}${ats.length === 1 ? '' : by.endsWith('s') ? '' : 's'} ${ats.join(', ')}`;
}

/** "MM1S/R BTZ on bortezomib, against MM1S WT" — "… on bortezomib at 96 h, …" for results with several end times. */
export function historyTitle(history: ResistanceHistory): string {
  return `${history.cellLine} on ${history.compound}${history.time !== '' ? ` at ${history.time} h` : ''}, against ${history.parental}`;
}

/** The sentences a history answers, one per line, each a label and its text (shared by the table and the report). */
export function historySentences(history: ResistanceHistory, confidence: number): [string, string][] {
  const lines: [string, string][] = [];
  const level = `${Math.round(confidence * 1000) / 10}%`;
  const at = (value: string) => checksNamed(history.by, [value], history.axis);
  const { trend, established, latest, latestTest } = history;
  if (trend) {
    const fold = (x: number) => formatNumber(Math.pow(10, x), 3);
    lines.push([
      'trend',
      `log10 RF ${signed(trend.slope)} per ${history.per} [${level} CI ${signed(trend.lower)}, ${signed(trend.upper)}] (RF ×${fold(trend.slope)} per ${history.per}), p ${formatNumber(trend.p, 2)}, ${trend.n} checks`,
    ]);
    if (trend.dispersion > 2) {
      lines.push(['', `the checks scatter ${formatNumber(trend.dispersion, 2)}× their standard errors about the line: a straight line describes them poorly`]);
    }
  } else lines.push(['trend', `fewer than 3 usable checks (${history.used}): no slope`]);
  if (established) {
    lines.push(['established', `${at(established.at)}: the first RF interval wholly above ${formatNumber(history.fold, 3)} (${intervalCell(established.rf)})`]);
  } else lines.push(['established', `no check's RF interval lies wholly above ${formatNumber(history.fold, 3)}`]);
  if (history.level) {
    const from = history.levelChecks[0]!.at;
    const to = history.levelChecks[history.levelChecks.length - 1]!.at;
    const span = from === to ? at(from) : history.axis === 'date' ? `${from} to ${to}` : `${checksNamed(history.by, [from, to], 'number').replace(/, /, '–')}`;
    const rf = { value: Math.pow(10, history.level.mean), lower: Math.pow(10, history.level.lower), upper: Math.pow(10, history.level.upper) };
    lines.push(['level', `RF ${intervalCell(rf)} over ${span} (${history.level.n} check${history.level.n === 1 ? '' : 's'} since established)`]);
  }
  if (latest && latestTest) {
    const p = Number.isFinite(latestTest.p) ? `p ${formatNumber(latestTest.p, 2)}` : 'no test (one check before it since established)';
    lines.push(['latest', `${at(latest.at)}: RF ${intervalCell(latest.rf)}, ${formatNumber(Math.pow(10, latestTest.difference), 3)}× the level, ${p}`]);
  } else if (latest) lines.push(['latest', `${at(latest.at)}: RF ${intervalCell(latest.rf)}`]);
  const fading = history.checks.filter((c) => c.status === 'fading').map((c) => c.at);
  if (fading.length > 0) lines.push(['fading', `${checksNamed(history.by, fading, history.axis)}: RF interval no longer wholly above ${formatNumber(history.fold, 3)}`]);
  const unused = history.checks.filter((c) => c.status === 'unused').map((c) => c.at);
  if (unused.length > 0) lines.push(['not used', `${checksNamed(history.by, unused, history.axis)}: RF only a bound, without a standard error, or from an unusable fit (flags)`]);
  if (history.flags.length > 0) lines.push(['flags', history.flags.join(' ')]);
  return lines;
}

const STATUS_COLOUR: Record<CheckStatus, 'green' | 'yellow' | 'red' | 'dim' | 'reset'> = {
  below: 'reset',
  established: 'green',
  resistant: 'green',
  fading: 'yellow',
  unused: 'dim',
};

function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/**
 * The histories for people: per history a heading, a table of its checks in order (labels, both
 * IC50s, RF with the intervals they were saved with, status, flags) and what it answers — the
 * trend, where resistance was established, the level since, the latest check against it, the
 * fading checks. Names pass through terminalText.
 */
export function writeTrendTable(histories: readonly ResistanceHistory[], labelColumns: readonly string[], chalk: ChalkInstance, confidence: number): string {
  const out: string[] = [];
  // The end time of a history is in its heading.
  const columns = labelColumns.filter((c) => c !== 'time');
  for (const history of histories) {
    if (out.length > 0) out.push('');
    out.push(
      chalk.bold(terminalText(historyTitle(history))) +
        ` (resistant when the RF interval lies wholly above ${formatNumber(history.fold, 3)})`,
    );
    const header = [...columns, 'IC50 [CI]', `${history.parental} IC50 [CI]`, 'unit', 'RF [CI]', 'status', 'flags'].map(terminalText);
    const body = history.checks.map((check) => [
      ...columns.map((c) => terminalText(c === history.by ? check.at : (check.labels[c] ?? ''))),
      intervalCell(check.ic50),
      intervalCell(check.parentalIc50),
      terminalText(check.unit),
      intervalCell(check.rf),
      chalk[STATUS_COLOUR[check.status]](check.status),
      terminalText([...new Set([...check.flags, ...check.historyFlags])].join(' ')),
    ]);
    const widths = header.map((h, c) => Math.max(width(h), ...body.map((row) => width(row[c]!))));
    const pad = (text: string, c: number) => text + ' '.repeat(widths[c]! - width(text));
    out.push(header.map((h, c) => chalk.bold(pad(h, c))).join('  ').trimEnd());
    for (const row of body) out.push(row.map((cell, c) => pad(cell, c)).join('  ').trimEnd());
    const sentences = historySentences(history, confidence);
    const labelWidth = Math.max(...sentences.map(([label]) => label.length));
    for (const [label, text] of sentences) out.push(`${label.padEnd(labelWidth)}  ${label === 'flags' ? chalk.yellow(text) : terminalText(text)}`);
  }
  return out.join('\n') + '\n';
}
