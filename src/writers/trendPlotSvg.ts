import type { CheckStatus, HistoryCheck, ResistanceHistory } from '../compare/resistanceHistory.js';
import { escapeXml, FONT_FAMILY, SVG_NS } from './curvePlotSvg.js';
import { formatNumber } from './formatNumber.js';
import { n } from './plotFrame.js';
import { historySentences, historyTitle, intervalCell } from './trendTable.js';

const WIDTH = 720;
const LEFT = 70;
const RIGHT = 600;
const HEAD = 40;
const PLOT = 250;
const LINE = 16;
const FOLD_COLOUR = '#B34700';
const DAY = 86_400_000;

/** How each status is drawn: Okabe–Ito colours; fading and unused checks hollow, so they differ in more than colour. */
const STYLE: Record<CheckStatus, { colour: string; hollow: boolean; shape: 'circle' | 'square' }> = {
  below: { colour: '#000000', hollow: false, shape: 'circle' },
  established: { colour: '#0072B2', hollow: false, shape: 'circle' },
  resistant: { colour: '#0072B2', hollow: false, shape: 'circle' },
  fading: { colour: '#D55E00', hollow: true, shape: 'circle' },
  unused: { colour: '#8c8c8c', hollow: true, shape: 'square' },
};

/** RF ticks on the log axis: the densest of 1-2-5-like sets with at most 9 ticks in [lo, hi] (log10). */
function rfTicks(lo: number, hi: number): number[] {
  const sets = [[1], [1, 2, 5], [1, 1.5, 2, 3, 5, 7], [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9]];
  let best: number[] = [];
  for (const set of sets) {
    const ticks: number[] = [];
    for (let k = Math.floor(lo) - 1; k <= Math.ceil(hi); k++) for (const m of set) if (Math.log10(m) + k >= lo - 1e-9 && Math.log10(m) + k <= hi + 1e-9) ticks.push(m * Math.pow(10, k));
    if (ticks.length <= 9 && ticks.length > best.length) best = ticks;
  }
  return best;
}

/** Ticks of a number axis: multiples of a 1-2-5 step, at most 10. */
function numberTicks(lo: number, hi: number): number[] {
  const span = Math.max(hi - lo, 1e-9);
  let step = 1;
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000]) {
    step = s;
    if (span / s <= 10) break;
  }
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** Ticks of a date axis (x in days / 30): month starts, every 1, 2, 3, 6 or 12 months, at most 8; labels YYYY-MM. */
function dateTicks(lo: number, hi: number): { x: number; label: string }[] {
  const start = new Date(lo * 30 * DAY);
  for (const step of [1, 2, 3, 6, 12, 24, 60]) {
    const ticks: { x: number; label: string }[] = [];
    for (let m = 0; ; m += step) {
      const time = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1 + m, 1);
      const x = time / DAY / 30;
      if (x > hi) break;
      ticks.push({ x, label: new Date(time).toISOString().slice(0, 7) });
    }
    if (ticks.length <= 8) return ticks;
  }
  return [];
}

function marker(check: HistoryCheck, x: number, y: number): string {
  const style = STYLE[check.status];
  const fill = style.hollow ? '#ffffff' : style.colour;
  const attributes = `fill="${fill}" stroke="${style.colour}" stroke-width="${style.hollow ? 2 : 1}"`;
  if (style.shape === 'square') return `<rect x="${n(x - 3.5)}" y="${n(y - 3.5)}" width="7" height="7" ${attributes}/>`;
  return `<circle cx="${n(x)}" cy="${n(y)}" r="4" ${attributes}/>`;
}

/** One history's panel at vertical offset `top`: its SVG elements and its height. */
function panel(history: ResistanceHistory, top: number, confidence: number): { parts: string[]; height: number } {
  const parts: string[] = [];
  const checks = history.checks.filter((c) => Number.isFinite(c.log10Rf));
  // y window (log10 RF): every interval, RF = 1 and the fold, a little wider.
  const ys = [0, Math.log10(history.fold)];
  for (const c of checks) {
    ys.push(c.log10Rf);
    if (c.rf.lower > 0) ys.push(Math.log10(c.rf.lower));
    if (c.rf.upper > 0 && Number.isFinite(c.rf.upper)) ys.push(Math.log10(c.rf.upper));
  }
  let yLo = Math.min(...ys);
  let yHi = Math.max(...ys);
  const yPad = Math.max(0.04, (yHi - yLo) * 0.06);
  yLo -= yPad;
  yHi += yPad;
  // x window: the checks, a little wider.
  const xs = history.checks.map((c) => c.x);
  let xLo = Math.min(...xs);
  let xHi = Math.max(...xs);
  if (!(xHi > xLo)) {
    xLo -= 1;
    xHi += 1;
  }
  const xPad = (xHi - xLo) * 0.04;
  xLo -= xPad;
  xHi += xPad;
  const plotTop = top + HEAD;
  const plotBottom = plotTop + PLOT;
  const px = (x: number) => LEFT + ((x - xLo) / (xHi - xLo)) * (RIGHT - LEFT);
  const py = (y: number) => plotBottom - ((Math.min(yHi, Math.max(yLo, y)) - yLo) / (yHi - yLo)) * PLOT;

  const title = historyTitle(history);
  parts.push(`<text x="${LEFT}" y="${top + 24}" font-size="15" font-weight="bold" fill="#111111">${escapeXml(title)}</text>`);
  // Grid and axes.
  parts.push('<g class="axes" stroke-width="1">');
  for (const t of rfTicks(yLo, yHi)) {
    const y = py(Math.log10(t));
    parts.push(`<line x1="${LEFT}" y1="${n(y)}" x2="${RIGHT}" y2="${n(y)}" stroke="#ececec"/>`);
    parts.push(`<line x1="${LEFT - 5}" y1="${n(y)}" x2="${LEFT}" y2="${n(y)}" stroke="#333333"/>`);
    parts.push(`<text x="${LEFT - 8}" y="${n(y + 4)}" text-anchor="end" fill="#333333">${formatNumber(t, 3)}</text>`);
  }
  const xTicks = history.axis === 'date' ? dateTicks(xLo, xHi) : numberTicks(xLo, xHi).map((x) => ({ x, label: formatNumber(x, 6) }));
  for (const t of xTicks) {
    const x = px(t.x);
    parts.push(`<line x1="${n(x)}" y1="${plotTop}" x2="${n(x)}" y2="${plotBottom}" stroke="#ececec"/>`);
    parts.push(`<line x1="${n(x)}" y1="${plotBottom}" x2="${n(x)}" y2="${plotBottom + 5}" stroke="#333333"/>`);
    parts.push(`<text x="${n(x)}" y="${plotBottom + 18}" text-anchor="middle" fill="#333333">${escapeXml(t.label)}</text>`);
  }
  parts.push(`<rect x="${LEFT}" y="${plotTop}" width="${RIGHT - LEFT}" height="${PLOT}" fill="none" stroke="#333333"/>`);
  parts.push('</g>');
  parts.push(`<text x="${n((LEFT + RIGHT) / 2)}" y="${plotBottom + 36}" text-anchor="middle" fill="#111111">${escapeXml(history.by)}</text>`);
  const mid = (plotTop + plotBottom) / 2;
  parts.push(`<text x="18" y="${n(mid)}" text-anchor="middle" fill="#111111" transform="rotate(-90 18 ${n(mid)})">RF (log scale)</text>`);

  // RF = 1 and the fold.
  parts.push(`<line class="rf-one" x1="${LEFT}" y1="${n(py(0))}" x2="${RIGHT}" y2="${n(py(0))}" stroke="#9a9a9a" stroke-width="1.2"/>`);
  const foldY = py(Math.log10(history.fold));
  parts.push(
    `<g class="fold"><line x1="${LEFT}" y1="${n(foldY)}" x2="${RIGHT}" y2="${n(foldY)}" stroke="${FOLD_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>` +
      `<text x="${RIGHT + 6}" y="${n(foldY + 4)}" fill="${FOLD_COLOUR}">RF ${escapeXml(formatNumber(history.fold, 3))}: resistant</text></g>`,
  );
  // The level since resistance was established, over its checks.
  if (history.level && history.levelChecks.length > 0) {
    const a = px(history.levelChecks[0]!.x);
    const b = px(history.levelChecks[history.levelChecks.length - 1]!.x);
    const { mean, lower, upper } = history.level;
    const band = Number.isFinite(lower) && Number.isFinite(upper) ? `<rect x="${n(a)}" y="${n(py(upper))}" width="${n(Math.max(1, b - a))}" height="${n(Math.max(1, py(lower) - py(upper)))}" fill="#0072B2" fill-opacity="0.12"/>` : '';
    const tip = `level since established: RF ${intervalCell({ value: 10 ** mean, lower: 10 ** lower, upper: 10 ** upper })}`;
    parts.push(`<g class="level"><title>${escapeXml(tip)}</title>${band}<line x1="${n(a)}" y1="${n(py(mean))}" x2="${n(b)}" y2="${n(py(mean))}" stroke="#0072B2" stroke-width="1.5" stroke-dasharray="2 3"/></g>`);
  }
  if (history.established) {
    const x = px(history.established.x);
    parts.push(
      `<g class="established-at"><line x1="${n(x)}" y1="${plotTop}" x2="${n(x)}" y2="${plotBottom}" stroke="#0072B2" stroke-width="1" stroke-dasharray="1 3"/>` +
        `<text x="${n(x + 4)}" y="${plotTop + 14}" fill="#0072B2">established</text></g>`,
    );
  }
  // The checks: a thin line through the used ones, then intervals and points.
  const used = checks.filter((c) => c.status !== 'unused');
  if (used.length > 1) parts.push(`<path class="path" d="${used.map((c, i) => `${i === 0 ? 'M' : 'L'}${n(px(c.x))},${n(py(c.log10Rf))}`).join('')}" fill="none" stroke="#555555" stroke-width="1" stroke-opacity="0.6"/>`);
  parts.push('<g class="checks">');
  for (const check of checks) {
    const style = STYLE[check.status];
    const x = px(check.x);
    const bar =
      check.rf.lower > 0 && Number.isFinite(check.rf.upper)
        ? `<path d="M${n(x)},${n(py(Math.log10(check.rf.lower)))}V${n(py(Math.log10(check.rf.upper)))}M${n(x - 3)},${n(py(Math.log10(check.rf.lower)))}H${n(x + 3)}M${n(x - 3)},${n(py(Math.log10(check.rf.upper)))}H${n(x + 3)}" stroke="${style.colour}" stroke-width="1.4" fill="none"/>`
        : '';
    const tip = `${history.by} ${check.at}: RF ${intervalCell(check.rf)} (${check.status})`;
    parts.push(`<g class="check ${check.status}"><title>${escapeXml(tip)}</title>${bar}${marker(check, x, py(check.log10Rf))}</g>`);
  }
  parts.push('</g>');

  // What the history says, under the plot.
  let y = plotBottom + 58;
  const key = (status: CheckStatus, text: string, x: number) => {
    const style = STYLE[status];
    const fill = style.hollow ? '#ffffff' : style.colour;
    const shape = style.shape === 'square' ? `<rect x="${x - 3.5}" y="${y - 7.5}" width="7" height="7" fill="${fill}" stroke="${style.colour}" stroke-width="${style.hollow ? 2 : 1}"/>` : `<circle cx="${x}" cy="${y - 4}" r="4" fill="${fill}" stroke="${style.colour}" stroke-width="${style.hollow ? 2 : 1}"/>`;
    return `${shape}<text x="${x + 9}" y="${y}" fill="#333333">${text}</text>`;
  };
  // A key of what this panel shows: the statuses present, and the level.
  const present = new Set<CheckStatus>(checks.map((c) => (c.status === 'established' ? 'resistant' : c.status)));
  const entries: [CheckStatus, string, number][] = [
    ['below', 'before established', 150],
    ['resistant', 'resistant', 100],
    ['fading', 'fading', 80],
    ['unused', 'not used', 90],
  ];
  let keyX = LEFT + 4;
  const keyParts: string[] = [];
  for (const [status, text, step] of entries) {
    if (!present.has(status)) continue;
    keyParts.push(key(status, text, keyX));
    keyX += step;
  }
  if (history.level) {
    keyParts.push(`<line x1="${keyX - 4}" y1="${y - 4}" x2="${keyX + 20}" y2="${y - 4}" stroke="#0072B2" stroke-width="1.5" stroke-dasharray="2 3"/><text x="${keyX + 26}" y="${y}" fill="#333333">level since established</text>`);
  }
  parts.push(`<g class="key" font-size="11">${keyParts.join('')}</g>`);
  y += LINE + 4;
  parts.push('<g class="summary" font-size="11">');
  for (const [label, text] of historySentences(history, confidence)) {
    parts.push(`<text x="${LEFT}" y="${y}" fill="${label === 'flags' || label === 'fading' ? FOLD_COLOUR : '#111111'}">${label ? `<tspan font-weight="bold">${escapeXml(label)}</tspan> ` : ''}${escapeXml(text)}</text>`);
    y += LINE;
  }
  parts.push('</g>');
  return { parts, height: y - top + 4 };
}

/**
 * RF over the checks as SVG text, one panel per history (line, compound, parental), stacked: RF
 * on a log axis with each check's saved interval as a bar, the `--resistant-at` fold as a dashed
 * line, RF = 1 as a grey line, where resistance was established, the level since (its interval as
 * a band), each check's status in its marker, and under the plot what the history answers (the
 * table's sentences). Deterministic: the same histories give the same bytes.
 */
export function trendPlotSvg(histories: readonly ResistanceHistory[], confidence = 0.95): string {
  const body: string[] = [];
  let top = 0;
  for (const history of histories) {
    const { parts, height } = panel(history, top, confidence);
    body.push(`<g class="history" data-cell-line="${escapeXml(history.cellLine)}" data-compound="${escapeXml(history.compound)}">`, ...parts, '</g>');
    top += height + 12;
  }
  const height = Math.max(60, top);
  const title = histories.map((h) => `${h.cellLine} on ${h.compound}`).join('; ') || 'no histories';
  return (
    [
      `<svg xmlns="${SVG_NS}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}" font-size="12" class="ic50-trend" role="img">`,
      `<title>${escapeXml(`resistance over the checks: ${title}`)}</title>`,
      `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
      ...body,
      ...(histories.length === 0 ? [`<text x="${LEFT}" y="30" fill="#333333">no histories</text>`] : []),
      '</svg>',
    ].join('\n') + '\n'
  );
}
