import { fittedModel } from '../fit/fittedModel.js';
import { evaluateModel } from '../models/model.js';
import { unitOrMolar } from '../plate/concentrationUnit.js';
import type { CurveFit } from '../types.js';
import { displayUnit, escapeXml, FONT_FAMILY, lineName, lineStyle, marker, SVG_NS } from './curvePlotSvg.js';
import { axesSvg, n, niceStep, tickText, xPixel, yPixel, type PlotFrame } from './plotFrame.js';
import { textWidth, wrapText } from './wrapText.js';

export interface ResidualPlotOptions {
  /** The cell line's place in the colour order (lineOrder), so it keeps its colour and marker. */
  readonly lineIndex?: number;
  /** Width in pixels; default 320. */
  readonly width?: number;
  /** Font size in pixels; default 11. */
  readonly fontSize?: number;
}

const X_PAD = 0.3;

/**
 * The residuals of one fitted curve as SVG text: observed − fitted response (% viability) against
 * log10 concentration, with a line at zero — a curve that fits leaves them scattered evenly about
 * it; runs above or below say the shape does not fit the data. Each fitted well is a point
 * (`<g class="residuals">`, in the line's colour and marker); removed ROUT outliers are crosses
 * and excluded wells hollow crossed circles, at their distance from the curve they were left out
 * of. The y axis is symmetric about zero and covers every point. Null when the fit has no curve.
 * Deterministic: the same fit gives the same bytes.
 */
export function residualPlotSvg(fit: CurveFit, options: ResidualPlotOptions = {}): string | null {
  const fitted = fittedModel(fit);
  if (!fitted) return null;
  const f = options.fontSize ?? 11;
  const width = options.width ?? 320;
  const { colour, shape } = lineStyle(options.lineIndex ?? 0);
  const unit = unitOrMolar(fit.unit);
  const shift = unit.log10Molar;
  const residual = (u: number, y: number): number => y - evaluateModel(fitted.model, fitted.parameters, u);
  const sets = {
    points: fit.points.log10Molar.map((u, i) => ({ u, r: residual(u, fit.points.response[i]!) })),
    outliers: fit.outliers?.removed ? fit.outliers.log10Molar.map((u, i) => ({ u, r: residual(u, fit.outliers!.response[i]!), well: fit.outliers!.wells[i]! })) : [],
    excluded: (fit.excluded?.log10Molar ?? []).map((u, i) => ({ u, r: residual(u, fit.excluded!.response[i]!), well: fit.excluded!.wells[i]! })),
  };
  const all = [...sets.points, ...sets.outliers, ...sets.excluded].filter((p) => Number.isFinite(p.u) && Number.isFinite(p.r));
  const largest = Math.max(1, ...all.map((p) => Math.abs(p.r)));
  const yHi = largest * 1.12;
  const yStep = niceStep(2 * yHi, 4);
  const [lo, hi] = fit.log10Range;
  const xLo = (Number.isFinite(lo) ? lo : Math.min(...all.map((p) => p.u))) - shift - X_PAD;
  const xHi = (Number.isFinite(hi) ? hi : Math.max(...all.map((p) => p.u))) - shift + X_PAD;

  const margin = 8;
  const titleLines = wrapText(`${lineName(fit)} — ${fit.compound}`, width - 2 * margin, f, true);
  const top = margin + titleLines.length * f * 1.3 + f * 0.5;
  let widest = 0;
  for (let k = Math.ceil(-yHi / yStep); k * yStep <= yHi; k++) widest = Math.max(widest, textWidth(tickText(k * yStep), f));
  const left = Math.round(f * 2 + widest + 10);
  const right = width - Math.max(12, f * 1.4);
  const bottom = top + 130;
  const height = Math.round(bottom + 6 + f * 1.1 + f * 1.7 + 8);
  const frame: PlotFrame = { left, right, top, bottom, xLo, xHi, yLo: -yHi, yHi, fontSize: f };
  const px = (u: number): number => xPixel(frame, u - shift);
  const py = (r: number): number => yPixel(frame, r);

  const out: string[] = [
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" font-size="${n(f)}" class="ic50-residuals" role="img">`,
    `<title>${escapeXml(`${lineName(fit)}, ${fit.compound}: residuals`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="${margin}" y="${n(margin + f)}" font-weight="bold" fill="#111111">${titleLines.map((line, i) => `<tspan x="${margin}"${i === 0 ? '' : ` dy="${n(f * 1.3)}"`}>${escapeXml(line)}</tspan>`).join('')}</text>`,
    ...axesSvg(frame, unit, yStep),
    `<line class="zero" x1="${n(left)}" y1="${n(py(0))}" x2="${n(right)}" y2="${n(py(0))}" stroke="#666666" stroke-width="1"/>`,
  ];
  const xTitle = unit.isLog ? 'concentration (log10 M)' : `concentration (${displayUnit(unit.name)})`;
  out.push(`<text x="${n((left + right) / 2)}" y="${n(bottom + 6 + f * 1.1 + f * 1.5)}" text-anchor="middle" fill="#111111">${escapeXml(xTitle)}</text>`);
  const middle = (top + bottom) / 2;
  out.push(`<text x="${n(f * 0.9)}" y="${n(middle)}" text-anchor="middle" fill="#111111" transform="rotate(-90 ${n(f * 0.9)} ${n(middle)})">residual (%)</text>`);
  out.push(`<g class="residuals" fill="${colour}" fill-opacity="0.8">`);
  for (const p of sets.points) if (Number.isFinite(p.u) && Number.isFinite(p.r)) out.push(marker(shape, px(p.u), py(p.r), 2.8, 'stroke="none"'));
  out.push('</g>');
  const cross = (x: number, y: number, d: number): string => `M${n(x - d)},${n(y - d)}L${n(x + d)},${n(y + d)}M${n(x - d)},${n(y + d)}L${n(x + d)},${n(y - d)}`;
  if (sets.outliers.length > 0) {
    out.push(`<g class="outliers" stroke="${colour}" stroke-width="1.6">`);
    for (const p of sets.outliers) out.push(`<path d="${cross(px(p.u), py(p.r), 3.5)}"><title>${escapeXml(`outlier ${p.well} (removed from the fit)`)}</title></path>`);
    out.push('</g>');
  }
  if (sets.excluded.length > 0) {
    out.push(`<g class="excluded" stroke="${colour}" stroke-width="1.2" fill="#ffffff">`);
    for (const p of sets.excluded) {
      if (!Number.isFinite(p.u) || !Number.isFinite(p.r)) continue;
      const [x, y] = [px(p.u), py(p.r)];
      out.push(`<g><title>${escapeXml(`${p.well} excluded`)}</title><circle cx="${n(x)}" cy="${n(y)}" r="3.5"/><path d="${cross(x, y, 3.5)}"/></g>`);
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
