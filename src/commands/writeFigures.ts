import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAtomic } from '../io/writeAtomic.js';
import type { Report } from '../types.js';
import { compoundOrder, curvePlotSvg, lineOrder } from '../writers/curvePlotSvg.js';
import { htmlReport } from '../writers/htmlReport.js';
import { svgToPng } from '../writers/renderPng.js';

export interface FigureOptions {
  /** Directory for one plot per compound (created if needed). */
  readonly plotDir?: string | undefined;
  /** Plot files as SVG (default) or PNG. */
  readonly plotFormat?: 'svg' | 'png' | undefined;
  /** Path of the self-contained HTML report. */
  readonly reportPath?: string | undefined;
  /** Plate id → heat-map SVG: written to plotDir as plate-<id>.<format> and shown in the report. */
  readonly heatmaps?: ReadonlyMap<string, string> | undefined;
  /** Report title. */
  readonly title?: string | undefined;
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A file-name stem for any name: accents dropped, lower case, runs of anything but a–z, 0–9,
 * "." and "-" turned into "-", trimmed, at most 80 characters; "compound" when nothing is left.
 * Lower case so that names differing only by case collide here (and get a suffix) rather than
 * on a case-insensitive file system.
 */
export function fileStem(name: string, fallback = 'compound'): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .replace(/[-.]+$/, '');
  if (stem === '') return fallback;
  return RESERVED.test(stem) ? `_${stem}` : stem;
}

/** Unique stems in order: the first keeps its stem, later ones with the same stem get -2, -3, … */
export function uniqueStems(names: readonly string[], fallback?: string, taken: Set<string> = new Set()): string[] {
  return names.map((name) => {
    const stem = fileStem(name, fallback);
    let candidate = stem;
    for (let k = 2; taken.has(candidate); k++) candidate = `${stem}-${k}`;
    taken.add(candidate);
    return candidate;
  });
}

/**
 * Writes the figures of a report: with plotDir, one plot per compound (every cell line
 * overlaid; file names from the compound, see fileStem; SVG or PNG) and, when heat maps are
 * given, one plate map per plate (plate-<id>); with reportPath, the HTML report (its directory
 * is created if needed). Every file is written atomically. Returns the paths written, in order.
 */
export function writeFigures(report: Report, options: FigureOptions): string[] {
  const written: string[] = [];
  const format = options.plotFormat ?? 'svg';
  const write = (path: string, svg: string): void => {
    if (format === 'png') writeAtomic(path, svgToPng(svg));
    else writeAtomic(path, svg);
    written.push(path);
  };
  if (options.plotDir !== undefined) {
    mkdirSync(options.plotDir, { recursive: true });
    const compounds = compoundOrder(report.fits);
    const lines = lineOrder(report.fits);
    const taken = new Set<string>();
    const stems = uniqueStems(compounds, 'compound', taken);
    compounds.forEach((compound, i) => {
      const svg = curvePlotSvg(
        report.fits.filter((f) => f.compound === compound),
        { lineOrder: lines },
      );
      write(join(options.plotDir!, `${stems[i]!}.${format}`), svg);
    });
    if (options.heatmaps) {
      const ids = [...options.heatmaps.keys()];
      const plateStems = uniqueStems(
        ids.map((id) => `plate-${id}`),
        'plate',
        taken,
      );
      ids.forEach((id, i) => write(join(options.plotDir!, `${plateStems[i]!}.${format}`), options.heatmaps!.get(id)!));
    }
  }
  if (options.reportPath !== undefined) {
    mkdirSync(dirname(options.reportPath), { recursive: true });
    writeAtomic(options.reportPath, htmlReport(report, { title: options.title, heatmaps: options.heatmaps }));
    written.push(options.reportPath);
  }
  return written;
}
