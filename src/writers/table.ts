import type { ChalkInstance } from 'chalk';
import { fromLog10Molar, unitOrMolar } from '../plate/concentrationUnit.js';
import { gatheringSink, type Sink } from '../engine/sink.js';
import type { ExcludedWell, Flag, PlateQc, ResultRow } from '../types.js';
import { terminalText } from './escape.js';
import { formatNumber } from './formatNumber.js';
import { LABEL_GROUP } from './labelGroup.js';
import { icxLevels } from '../icxLevels.js';
import { recordOf, type OutputOptions } from './records.js';

/** Flags that mean "do not use this number" (red); the others ask for a look (yellow). */
const SERIOUS: readonly Flag[] = ['not_converged', 'too_few_concentrations', 'ambiguous', 'rf_undetermined', 'flat'];

function interval(value: number | null, low: number | null, high: number | null): string {
  if (value === null) return '—';
  const v = formatNumber(value, 3);
  if (low === null || high === null) return v;
  return `${v} [${formatNumber(low, 3)}–${formatNumber(high, 3)}]`;
}

/**
 * The IC50 as people should read it: an IC50 beyond the tested concentrations is only a bound,
 * printed "> highest tested" or "< lowest tested" (its extrapolated value stays in CSV and JSON).
 */
export function ic50Cell(row: ResultRow): string {
  const r = recordOf(row);
  if (row.kind === 'fit') {
    const fit = row.fit;
    const unit = unitOrMolar(fit.unit);
    const tested = (u: number) => formatNumber(fromLog10Molar(u, unit), 3);
    if (fit.flags.includes('ic50_above_range')) return `> ${tested(fit.log10Range[1])}`;
    if (fit.flags.includes('ic50_below_range')) return `< ${tested(fit.log10Range[0])}`;
  }
  return interval(r.ic50 as number | null, r.ic50_ci_low as number | null, r.ic50_ci_high as number | null);
}

/** RF [CI] (">"/"<" when only a bound) as people read it; "" when the row has no comparison. */
export function rfCell(row: ResultRow): string {
  if (!row.comparison) return '';
  const r = recordOf(row);
  const rf = r.rf as number | null;
  if (rf === null) return '—';
  const flags = row.comparison.flags;
  const prefix = flags.includes('rf_lower_bound') ? '> ' : flags.includes('rf_upper_bound') ? '< ' : '';
  return prefix + (prefix ? formatNumber(rf, 3) : interval(rf, r.rf_ci_low as number | null, r.rf_ci_high as number | null));
}

/** ICP [CI] of a row in its unit, a bound ("> highest tested") where it lies beyond the tested range; "" when not estimated. */
export function icxCell(row: ResultRow, level: number): string {
  if (row.kind !== 'fit') return '';
  const fit = row.fit;
  const x = fit.icx?.find((e) => e.level === level)?.log10Relative;
  if (!x || !Number.isFinite(x.value)) return '—';
  const unit = unitOrMolar(fit.unit);
  const at = (u: number) => (Number.isFinite(u) ? fromLog10Molar(u, unit) : null);
  if (x.value > fit.log10Range[1]) return `> ${formatNumber(at(fit.log10Range[1]), 3)}`;
  if (x.value < fit.log10Range[0]) return `< ${formatNumber(at(fit.log10Range[0]), 3)}`;
  return interval(at(x.value), at(x.lower), at(x.upper));
}

/** RF at ICx level P [CI] (">"/"<" when only a bound) of a row's comparison; "" when none. */
export function rfAtCell(row: ResultRow, level: number): string {
  const rf = row.comparison?.rfAt?.find((r) => r.level === level)?.log10Rf;
  if (!row.comparison) return '';
  if (!rf || !Number.isFinite(rf.value)) return '—';
  const flags = row.comparison.flags;
  const power = (x: number) => (Number.isFinite(x) ? Math.pow(10, x) : null);
  const prefix = flags.includes('icx_rf_lower_bound') ? '> ' : flags.includes('icx_rf_upper_bound') ? '< ' : '';
  return prefix ? prefix + formatNumber(power(rf.value), 3) : interval(power(rf.value), power(rf.lower), power(rf.upper));
}

/** GR50 [CI] of a row in its unit, a bound ("> highest tested") where it lies beyond the tested range; "" without GR metrics. */
export function gr50Cell(row: ResultRow): string {
  if (row.kind !== 'fit' || !row.fit.gr) return '';
  const fit = row.fit;
  const x = fit.gr!.log10Gr50;
  if (!Number.isFinite(x.value)) return '—';
  const unit = unitOrMolar(fit.unit);
  const at = (u: number) => (Number.isFinite(u) ? fromLog10Molar(u, unit) : null);
  if (fit.flags.includes('gr50_above_range')) return `> ${formatNumber(at(Math.min(x.value, fit.log10Range[1])), 3)}`;
  if (fit.flags.includes('gr50_below_range')) return `< ${formatNumber(at(Math.max(x.value, fit.log10Range[0])), 3)}`;
  return interval(at(x.value), at(x.lower), at(x.upper));
}

/** The GR50 resistance factor [CI] (">"/"<" when only a bound) of a row's comparison; "" when none. */
export function grRfCell(row: ResultRow): string {
  const rf = row.comparison?.grLog10Rf;
  if (!row.comparison) return '';
  if (!rf || !Number.isFinite(rf.value)) return '—';
  const flags = row.comparison.flags;
  const power = (x: number) => (Number.isFinite(x) ? Math.pow(10, x) : null);
  const prefix = flags.includes('gr_rf_lower_bound') ? '> ' : flags.includes('gr_rf_upper_bound') ? '< ' : '';
  return prefix ? prefix + formatNumber(power(rf.value), 3) : interval(power(rf.value), power(rf.lower), power(rf.upper));
}

/** The experiment column of a row: the experiment, or "mean of n" for a summary. */
export function experimentCell(row: ResultRow): string {
  return row.kind === 'summary' ? `mean of ${row.summary.nExperiments}` : row.fit.experiment;
}

/** Visible width of a string, ignoring ANSI colour codes. */
function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/**
 * A table for people: one row per result row with IC50 [95 % CI] in its unit (a bound where it
 * lies beyond the tested range), Hill slope, r², the resistance factor against the parental line
 * and flags, then one QC line per plate. Columns are aligned; colour comes from `chalk` (a
 * level-0 instance for plain text); names pass through terminalText (no control sequences).
 */
export function writeTable(
  rows: readonly ResultRow[],
  plates: readonly PlateQc[],
  chalk: ChalkInstance,
  confidence = 0.95,
  options: OutputOptions = {},
  excluded: readonly ExcludedWell[] = [],
): string {
  const withExperiments = rows.some((row) => row.kind === 'summary' || row.fit.experiment !== '');
  // The check's labels (--label, passage and date columns), each in its own column.
  const labels = LABEL_GROUP.columns(options);
  const compared = rows.some((row) => row.comparison !== undefined);
  const modelsCompared = rows.some((row) => row.kind === 'fit' && row.fit.modelComparison !== undefined);
  const shared = (options.share?.length ?? 0) > 0;
  const level = `${Math.round(confidence * 1000) / 10}%`;
  const icx = icxLevels({ icx: options.icx ?? [], rfAt: options.rfAt ?? [] });
  const rfAt = options.rfAt ?? [];
  const times = options.detected?.times === true;
  const growth = options.detected?.growth === true;
  const header = [
    'cell line',
    'compound',
    ...(withExperiments ? ['experiment'] : []),
    ...labels,
    ...(times ? ['time (h)'] : []),
    ...(modelsCompared ? ['model', 'preferred (p)'] : []),
    `IC50 [${level} CI]`,
    ...icx.map((p) => `IC${p} [${level} CI]`),
    ...(growth ? [`GR50 [${level} CI]`, 'GRmax'] : []),
    'unit',
    'hill',
    'r2',
    ...(compared ? ['parental', `RF [${level} CI]`, ...rfAt.map((p) => `RF IC${p} [${level} CI]`), ...(growth ? [`GR RF [${level} CI]`] : [])] : []),
    ...(shared ? [`shared ${options.share!.join('+')}: IC50`, `RF [${level} CI]`, 'share p'] : []),
    'flags',
  ];
  const body: string[][] = rows.map((row) => {
    const r = recordOf(row, options);
    const comparison = row.kind === 'fit' ? row.fit.modelComparison : undefined;
    const sharedCells = (): string[] => {
      if (row.kind !== 'fit' || !row.shared) return ['', '', ''];
      return [
        formatNumber(r.shared_ic50 as number | null, 3),
        row.comparison ? interval(r.shared_rf as number | null, r.shared_rf_ci_low as number | null, r.shared_rf_ci_high as number | null) : '',
        formatNumber(r.share_p as number | null, 2),
      ];
    };
    const flags = (r.flags as string[]).map((f) => (SERIOUS.includes(f as Flag) ? chalk.red(f) : chalk.yellow(f))).join(' ');
    return [
      terminalText(r.cell_line as string),
      terminalText(r.compound as string),
      ...(withExperiments ? [terminalText(experimentCell(row))] : []),
      ...(labels.length > 0 ? Object.values(LABEL_GROUP.cells(row, options)).map((cell) => terminalText(String(cell))) : []),
      ...(times ? [formatNumber(row.kind === 'fit' ? (row.fit.time ?? null) : (row.summary.time ?? null), 4)] : []),
      ...(modelsCompared ? [String(r.model), comparison?.preferred ? `${comparison.preferred} (${formatNumber(comparison.p, 2) || '—'})` : ''] : []),
      ic50Cell(row),
      ...icx.map((p) => icxCell(row, p)),
      ...(growth ? [gr50Cell(row), formatNumber(row.kind === 'fit' && row.fit.gr ? row.fit.gr.grMax : null, 3)] : []),
      String(r.unit),
      formatNumber(r.hill as number | null, 3),
      formatNumber(r.r2 as number | null, 3),
      ...(compared ? [terminalText(r.parental as string), rfCell(row), ...rfAt.map((p) => rfAtCell(row, p)), ...(growth ? [grRfCell(row)] : [])] : []),
      ...(shared ? sharedCells() : []),
      flags,
    ];
  });
  const widths = header.map((h, c) => Math.max(width(h), ...body.map((row) => width(row[c]!))));
  const pad = (text: string, c: number): string => text + ' '.repeat(widths[c]! - width(text));
  const lines = [header.map((h, c) => chalk.bold(pad(h, c))).join('  ').trimEnd()];
  for (const row of body) lines.push(row.map((cell, c) => pad(cell, c)).join('  ').trimEnd());
  if (plates.length > 0) lines.push('');
  for (const qc of plates) lines.push(qcLine(qc, chalk));
  if (excluded.length > 0) lines.push('');
  for (const well of excluded) {
    const what = well.role === 'sample' ? `${well.cellLine}, ${well.compound}` : `${well.role}${well.cellLine ? `, ${well.cellLine}` : ''}`;
    lines.push(terminalText(`excluded ${well.label} (${what}): ${well.reason || 'no reason given'}`));
  }
  return lines.join('\n') + '\n';
}

/** One line of plate QC: "QC P-WT-1, MM1S WT: Z′ 0.82  vehicle CV 3.1 %  blank CV 4.0 %  S/B 360  excluded 0  pass". */
export function qcLine(qc: PlateQc, chalk: ChalkInstance): string {
  const n = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  const verdict = qc.passed ? chalk.green('pass') : chalk.red(`FAIL (${qc.reasons.join('; ')})`);
  const plate = (qc.experiment ? `${qc.plate} (${qc.experiment})` : qc.plate) + (qc.time !== undefined ? `, ${qc.time} h` : '');
  const name = terminalText(qc.cellLine ? `${plate}, ${qc.cellLine}` : plate);
  return (
    `QC ${name}: Z′ ${n(qc.zPrime, 2)}  vehicle CV ${n(qc.vehicleCv, 1)} %  blank CV ${n(qc.blankCv, 1)} %  ` +
    `S/B ${n(qc.signalToBackground, 1)}  excluded ${qc.nExcluded}  ${verdict}`
  );
}

/** A sink that gathers the rows and writes the table at the end (a terminal shows a few curves). */
export function tableSink(write: (text: string) => void | Promise<void>, chalk: ChalkInstance, confidence: number, given: OutputOptions = {}): Sink {
  return gatheringSink('the table', given, (rows, tail, options) => write(writeTable(rows, tail.plates, chalk, confidence, options, tail.excluded)));
}
