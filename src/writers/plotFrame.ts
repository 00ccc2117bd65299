import type { ConcentrationUnit } from '../plate/concentrationUnit.js';
import { formatNumber } from './formatNumber.js';

/**
 * The frame of a plot with a log10 concentration axis: where the plot area lies in the figure,
 * the data window it shows, and its axes drawn as SVG (ticks, grid, labels) — shared by the
 * dose-response and residual figures.
 */
export interface PlotFrame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** The window, in the axis unit's log10 (x) and the response (y). */
  readonly xLo: number;
  readonly xHi: number;
  readonly yLo: number;
  readonly yHi: number;
  readonly fontSize: number;
}

/** A coordinate with at most two decimals and no "-0". */
export function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}

export function xPixel(frame: PlotFrame, u: number): number {
  return frame.left + ((u - frame.xLo) / (frame.xHi - frame.xLo)) * (frame.right - frame.left);
}

/** The y pixel of a response, held to the frame (a value beyond it is drawn on its edge). */
export function yPixel(frame: PlotFrame, y: number): number {
  const held = Math.min(frame.yHi, Math.max(frame.yLo, y));
  return frame.bottom - ((held - frame.yLo) / (frame.yHi - frame.yLo)) * (frame.bottom - frame.top);
}

/** A round tick step (1, 2, 2.5 or 5 × 10^k) giving about `ticks` intervals over `span`. */
export function niceStep(span: number, ticks = 6): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / ticks;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/**
 * A y window that covers every value with room to spare: [min(values, floor) − pad, max(values,
 * ceiling) + pad], pad = `padding` × the span, so no point sits on the frame.
 */
export function paddedRange(values: Iterable<number>, floor: number, ceiling: number, padding = 0.05): [number, number] {
  let low = floor;
  let high = ceiling;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const pad = (high - low) * padding || 1;
  return [low - pad, high + pad];
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/** Label of the decade 10^k in a linear unit: plain from 0.001 to 10000, else 10ᵏ. */
export function decadeLabel(k: number, unit: ConcentrationUnit): string {
  if (unit.isLog) return k < 0 ? `−${-k}` : String(k);
  if (k >= -3 && k <= 4) return formatNumber(Math.pow(10, k), 3);
  return '10' + [...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** Label of a minor tick m·10^k (used only when the window spans too few decades). */
function minorLabel(m: number, k: number, unit: ConcentrationUnit): string {
  if (unit.isLog) return formatNumber(Math.log10(m) + k, 3).replace('-', '−');
  const value = m * Math.pow(10, k);
  return k >= -3 && k <= 3 ? formatNumber(value, 3) : `${m}·${decadeLabel(k, unit)}`;
}

/** A tick value as text: a true minus sign, no float noise. */
export function tickText(value: number): string {
  const text = formatNumber(Math.abs(value) < 1e-9 ? 0 : value, 4);
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/**
 * The axes of a frame as SVG lines (a `<g class="axes">`): horizontal grid and labelled ticks every
 * `yStep` (the lines at `emphasise` darker), decade ticks and grid on the log10 x axis — labelled
 * as often as the labels fit — with minor ticks at 2…9 × 10^k, and the frame.
 */
export function axesSvg(frame: PlotFrame, unit: ConcentrationUnit, yStep: number, emphasise: readonly number[] = []): string[] {
  const { left, right, top, bottom, xLo, xHi, yLo, yHi, fontSize: f } = frame;
  const out: string[] = ['<g class="axes" stroke-width="1">'];
  for (let k = Math.ceil(yLo / yStep - 1e-9); k * yStep <= yHi + 1e-9; k++) {
    const y = k * yStep;
    const yy = yPixel(frame, y);
    const strong = emphasise.some((e) => Math.abs(e - y) < 1e-9);
    out.push(`<line x1="${n(left)}" y1="${n(yy)}" x2="${n(right)}" y2="${n(yy)}" stroke="${strong ? '#c8c8c8' : '#ececec'}"/>`);
    out.push(`<line x1="${n(left - 5)}" y1="${n(yy)}" x2="${n(left)}" y2="${n(yy)}" stroke="#333333"/>`);
    out.push(`<text x="${n(left - 8)}" y="${n(yy + f / 3)}" text-anchor="end" fill="#333333">${tickText(y)}</text>`);
  }
  const decades: number[] = [];
  for (let k = Math.ceil(xLo); k <= Math.floor(xHi); k++) decades.push(k);
  const perDecade = (right - left) / (xHi - xLo);
  const widest = Math.max(3, ...decades.map((k) => [...decadeLabel(k, unit)].length));
  const labelStep = Math.max(1, Math.ceil((widest * 0.68 * f + f) / perDecade));
  const minorLabels = decades.length < 2;
  for (const k of decades) {
    const x = xPixel(frame, k);
    out.push(`<line x1="${n(x)}" y1="${n(top)}" x2="${n(x)}" y2="${n(bottom)}" stroke="#ececec"/>`);
    out.push(`<line x1="${n(x)}" y1="${n(bottom)}" x2="${n(x)}" y2="${n(bottom + 6)}" stroke="#333333"/>`);
    if (k % labelStep === 0) {
      out.push(`<text x="${n(x)}" y="${n(bottom + 6 + f * 1.1)}" text-anchor="middle" fill="#333333">${decadeLabel(k, unit)}</text>`);
    }
  }
  if (decades.length <= 12) {
    for (let k = Math.floor(xLo); k <= Math.ceil(xHi); k++) {
      for (let m = 2; m <= 9; m++) {
        const u = k + Math.log10(m);
        if (u < xLo || u > xHi) continue;
        const x = xPixel(frame, u);
        out.push(`<line x1="${n(x)}" y1="${n(bottom)}" x2="${n(x)}" y2="${n(bottom + 3)}" stroke="#333333"/>`);
        if (minorLabels && (m === 2 || m === 5)) {
          out.push(`<text x="${n(x)}" y="${n(bottom + 6 + f * 1.1)}" text-anchor="middle" fill="#333333">${minorLabel(m, k, unit)}</text>`);
        }
      }
    }
  }
  out.push(`<rect class="plot-area" x="${n(left)}" y="${n(top)}" width="${n(right - left)}" height="${n(bottom - top)}" fill="none" stroke="#333333"/>`);
  out.push('</g>');
  return out;
}
