import type { Sink } from '../engine/sink.js';
import { unitOrMolar } from '../plate/concentrationUnit.js';
import type { CurveFit, ResultRow } from '../types.js';
import { compoundOrder, displayUnit, escapeXml, lineName, lineOrder, plotLines } from './curvePlotSvg.js';

export interface PrismProjectOptions {
  /** X of every table: log10 of the concentration (default; Prism's "log(inhibitor) vs. response") or the concentration. */
  readonly x?: 'log' | 'linear' | undefined;
}

/** One point of a data set: where, what, and whether Prism should show it struck out. */
interface Point {
  readonly log10Molar: number;
  readonly response: number;
  readonly excluded: boolean;
}

/** The points of a fit as Prism should hold them: the fitted ones, then those left out (user exclusions, removed ROUT outliers) struck out. */
function pointsOf(fit: CurveFit): Point[] {
  const points: Point[] = fit.points.log10Molar.map((u, i) => ({ log10Molar: u, response: fit.points.response[i]!, excluded: false }));
  const add = (log10Molar: readonly number[], response: readonly number[]) =>
    log10Molar.forEach((u, i) => {
      if (Number.isFinite(u) && Number.isFinite(response[i]!)) points.push({ log10Molar: u, response: response[i]!, excluded: true });
    });
  if (fit.excluded) add(fit.excluded.log10Molar, fit.excluded.response);
  if (fit.outliers?.removed) add(fit.outliers.log10Molar, fit.outliers.response);
  return points;
}

/**
 * A number to 12 significant digits, in the shortest form ("0.05081", not the
 * 0.050810000000000004 that 10^(log10 − unit) leaves): far beyond any measurement's precision.
 */
export function prismNumber(value: number): number {
  return Number(value.toPrecision(12));
}

function numberText(value: number): string {
  return String(prismNumber(value));
}

function cell(value: number | undefined, excluded: boolean): string {
  if (value === undefined) return '<d/>';
  return excluded ? `<d Excluded="1">${numberText(value)}</d>` : `<d>${numberText(value)}</d>`;
}

/**
 * The data of a run as a GraphPad Prism project (.pzfx, Prism's XML file format): one XY data
 * table per compound — X the concentration in the unit of the compound's first curve (log10 of
 * it by default), one Y data set per cell line (and experiment) with its replicate wells as
 * subcolumns, responses in % viability as fitted — so a lab can go on in Prism (fit, graph,
 * annotate). Wells the user excluded and ROUT outliers removed from the fit are there, struck
 * out (Prism's excluded values, `<d Excluded="1">`), so Prism's own fit leaves them out too.
 * Numbers have 12 significant digits. Rows are the distinct concentrations, ascending; the table's subcolumn count is the most
 * replicates any data set has at a concentration (fewer: empty cells). No npm package writes
 * pzfx; the format follows the files Prism writes (as the R package pzfx reads them, which is
 * how the tests check every number). Deterministic: no dates.
 */
export function prismProject(rows: readonly ResultRow[], options: PrismProjectOptions = {}): string {
  const log = (options.x ?? 'log') === 'log';
  const lines = plotLines(rows);
  const compounds = compoundOrder(lines);
  const order = lineOrder(lines);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<GraphPadPrismFile PrismXMLVersion="5.00">',
    '<Created>',
    '<OriginalVersion CreatedByProgram="ic50" CreatedByVersion="6.0"/>',
    '</Created>',
    '<InfoSequence>',
    '<Ref ID="Info0" Selected="1"/>',
    '</InfoSequence>',
    '<Info ID="Info0">',
    '<Title>ic50</Title>',
    '<Notes>',
    '<Font Color="#000000" Face="Helvetica">' +
      escapeXml(
        `Written by ic50: one XY table per compound, X = ${log ? 'log10 of the concentration' : 'the concentration'} (unit in the X title), ` +
          'Y = % viability of each well (100 = vehicle, 0 = background, each plate normalized to its own controls), replicate wells as subcolumns. ' +
          'Struck-out values are wells excluded on request or removed as ROUT outliers: not in ic50’s fit.',
      ) +
      '<BR/></Font>',
    '</Notes>',
    '</Info>',
    '<TableSequence>',
    ...compounds.map((_, t) => `<Ref ID="Table${t}"${t === 0 ? ' Selected="1"' : ''}/>`),
    '</TableSequence>',
  ];
  compounds.forEach((compound, t) => {
    const fits = lines
      .map((l) => l.fit)
      .filter((f) => f.compound === compound)
      .map((fit, i) => ({ fit, i }))
      .sort((a, b) => order.indexOf(a.fit.cellLine) - order.indexOf(b.fit.cellLine) || a.i - b.i)
      .map((e) => e.fit);
    const unit = unitOrMolar(fits[0]!.unit);
    const sets = fits.map(pointsOf);
    // Rows: the distinct concentrations of every data set, ascending.
    const concentrations = [...new Set(sets.flatMap((points) => points.map((p) => p.log10Molar)))].sort((a, b) => a - b);
    const row = new Map(concentrations.map((u, r) => [u, r]));
    const cells = sets.map((points) => {
      const byRow: Point[][] = concentrations.map(() => []);
      for (const point of points) byRow[row.get(point.log10Molar)!]!.push(point);
      return byRow;
    });
    const replicates = Math.max(1, ...cells.flatMap((byRow) => byRow.map((c) => c.length)));
    const xOf = (u: number) => (log ? u - unit.log10Molar : 10 ** (u - unit.log10Molar));
    const unitName = displayUnit(unit.name);
    out.push(`<Table ID="Table${t}" XFormat="numbers" YFormat="replicates" Replicates="${replicates}" TableType="XY" EVFormat="AsteriskAfterNumber">`);
    out.push(`<Title>${escapeXml(compound)}</Title>`);
    out.push(`<XColumn Width="120" Decimals="${log ? 4 : 3}" Subcolumns="1">`);
    out.push(`<Title>${escapeXml(log ? `log10 concentration (${unitName})` : `concentration (${unitName})`)}</Title>`);
    out.push('<Subcolumn>', ...concentrations.map((u) => cell(xOf(u), false)), '</Subcolumn>', '</XColumn>');
    fits.forEach((fit, s) => {
      out.push(`<YColumn Width="${81 * replicates}" Decimals="2" Subcolumns="${replicates}">`);
      out.push(`<Title>${escapeXml(lineName(fit))}</Title>`);
      for (let k = 0; k < replicates; k++) {
        out.push('<Subcolumn>', ...cells[s]!.map((points) => cell(points[k]?.response, points[k]?.excluded ?? false)), '</Subcolumn>');
      }
      out.push('</YColumn>');
    });
    out.push('</Table>');
  });
  out.push('</GraphPadPrismFile>');
  return out.join('\n') + '\n';
}

/** A sink that gathers the rows (with their points) and writes the Prism project at the end. */
export function prismSink(write: (text: string) => void | Promise<void>, options: PrismProjectOptions = {}): Sink {
  const rows: ResultRow[] = [];
  return {
    wants: { points: true, plateMaps: false },
    begin() {},
    text() {
      throw new Error('the Prism project takes rows, not text');
    },
    row(row) {
      rows.push(row);
    },
    end() {
      return write(prismProject(rows, options));
    },
  };
}
