import type { ChalkInstance } from 'chalk';
import type { CurveFit, Flag, PlateQc, Report } from '../types.js';
import { formatNumber } from './formatNumber.js';
import { toRecord } from './records.js';

/** Flags that mean "do not use this number" (red); the others ask for a look (yellow). */
const SERIOUS: readonly Flag[] = ['not_converged', 'too_few_concentrations', 'ambiguous', 'rf_undetermined'];

function interval(value: number | null, low: number | null, high: number | null): string {
  if (value === null) return '—';
  const v = formatNumber(value, 3);
  if (low === null || high === null) return v;
  return `${v} [${formatNumber(low, 3)}–${formatNumber(high, 3)}]`;
}

function rfText(fit: CurveFit, rf: number | null, low: number | null, high: number | null): string {
  if (fit.parental === '') return '';
  if (rf === null) return '—';
  const prefix = fit.flags.includes('rf_lower_bound') ? '>' : fit.flags.includes('rf_upper_bound') ? '<' : '';
  return prefix + interval(rf, low, high);
}

/** Visible width of a string, ignoring ANSI colour codes. */
function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/**
 * A table for people: one row per fit with IC50 [95 % CI] in its unit, Hill slope, r², the
 * resistance factor against the parental line (">"/"<" when only a bound) and flags. Columns
 * are aligned; colour comes from `chalk` (pass a level-0 instance for plain text).
 */
export function writeTable(report: Report, chalk: ChalkInstance): string {
  const withExperiments = report.fits.some((f) => f.experiment);
  const header = ['cell line', 'compound', ...(withExperiments ? ['experiment'] : []), 'IC50 [95% CI]', 'unit', 'hill', 'r2', 'parental', 'RF [95% CI]', 'flags'];
  const rows: string[][] = report.fits.map((fit) => {
    const r = toRecord(fit);
    const flags = fit.flags
      .map((f) => (SERIOUS.includes(f) ? chalk.red(f) : chalk.yellow(f)))
      .join(' ');
    return [
      fit.cellLine,
      fit.compound,
      ...(withExperiments ? [fit.experiment === 'mean' ? `mean (n=${fit.nExperiments})` : (fit.experiment ?? '')] : []),
      interval(r.ic50 as number | null, r.ic50_ci_low as number | null, r.ic50_ci_high as number | null),
      String(r.unit),
      formatNumber(r.hill as number | null, 3),
      formatNumber(r.r2 as number | null, 3),
      fit.parental,
      rfText(fit, r.rf as number | null, r.rf_ci_low as number | null, r.rf_ci_high as number | null),
      flags,
    ];
  });
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((row) => width(row[c]!))));
  const pad = (text: string, c: number): string => text + ' '.repeat(widths[c]! - width(text));
  const lines = [header.map((h, c) => chalk.bold(pad(h, c))).join('  ').trimEnd()];
  for (const row of rows) lines.push(row.map((cell, c) => pad(cell, c)).join('  ').trimEnd());
  if (report.plates.length > 0) lines.push('');
  for (const qc of report.plates) lines.push(qcLine(qc, chalk));
  return lines.join('\n') + '\n';
}

/** One line of plate QC: "QC P-WT-1, MM1S WT: Z′ 0.82  vehicle CV 3.1 %  blank CV 4.0 %  S/B 360  excluded 0  pass". */
export function qcLine(qc: PlateQc, chalk: ChalkInstance): string {
  const n = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  const verdict = qc.passed ? chalk.green('pass') : chalk.red(`FAIL (${qc.reasons.join('; ')})`);
  const name = qc.cellLine ? `${qc.plate}, ${qc.cellLine}` : qc.plate;
  return (
    `QC ${name}: Z′ ${n(qc.zPrime, 2)}  vehicle CV ${n(qc.vehicleCv, 1)} %  blank CV ${n(qc.blankCv, 1)} %  ` +
    `S/B ${n(qc.signalToBackground, 1)}  excluded ${qc.nExcluded}  ${verdict}`
  );
}
