import { dirname, join } from 'node:path';
import { systemError } from '../errors.js';
import { makeFolder } from '../io/makeFolder.js';
import type { Sink } from '../engine/sink.js';
import { writeOutput } from '../io/outputFile.js';
import type { ReviewSettings } from '../engine/review.js';
import type { ResultRow } from '../types.js';
import type { FigureStyle } from '../writers/curvePlotSvg.js';

export interface FigureOptions {
  /** Directory for one plot per compound (created if needed). */
  readonly plotDir?: string | undefined;
  /** Plot files as SVG (default) or PNG. */
  readonly plotFormat?: 'svg' | 'png' | undefined;
  /** Path of the self-contained HTML report. */
  readonly reportPath?: string | undefined;
  /**
   * Title of the report, and of the dose-response figures: as given when there is one compound,
   * "TITLE: compound" for each of several; "" leaves the figures untitled (the report keeps its default).
   */
  readonly title?: string | undefined;
  /** Size, font, error bars and band of the dose-response figures (here and in the report). */
  readonly style?: FigureStyle | undefined;
  /** Checked between files: true once the run is being stopped (a signal), so that no more are written. */
  readonly stopped?: () => boolean;
  /** Review in the report's page (htmlReport's `review`): the run's settings and the page's script; the fits then keep their curves. */
  readonly review?: { readonly settings: ReviewSettings; readonly script: string } | undefined;
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

/** The title of one compound's figure: the given title (with ": compound" when there are several compounds), else the default (undefined). */
export function figureTitle(title: string | undefined, compound: string, compounds: number): string | undefined {
  if (title === undefined || title === '') return title;
  return compounds > 1 ? `${title}: ${compound}` : title;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A sink that gathers the rows (with their points) and plate maps and, at the end, writes the
 * figures: with plotDir, one plot per compound (every cell line overlaid; file names from the
 * compound, see fileStem; SVG or PNG) — with growth-rate metrics also its GR curves
 * (<compound>-gr) and its IC50s beside its GR50s (<compound>-ic50-gr50) — and one heat map per
 * plate (plate-<id>); with reportPath,
 * the HTML report (with `review`, one whose page refits when a point is clicked). Every file is written completely or not at all; between files the event
 * loop turns, and a run being stopped writes no more. `written` lists the files, in order.
 */
export function figureSink(options: FigureOptions): Sink & { readonly written: string[] } {
  const rows: ResultRow[] = [];
  const written: string[] = [];
  return {
    written,
    wants: { points: true, plateMaps: true, curves: options.reportPath !== undefined && options.review !== undefined },
    begin() {},
    text() {
      throw new Error('figures take rows, not text');
    },
    row(row) {
      rows.push(row);
    },
    async end(tail) {
      // The plotting code is loaded only when figures are asked for.
      const [{ compoundOrder, curvePlotSvg, lineOrder, plotLines, summaryLines }, { plateHeatmapSvg }, { htmlReport }, { grPlotSvg, ic50Gr50Svg }] = await Promise.all([
        import('../writers/curvePlotSvg.js'),
        import('../writers/plateHeatmapSvg.js'),
        import('../writers/htmlReport.js'),
        import('../writers/grPlotSvg.js'),
      ]);
      const format = options.plotFormat ?? 'svg';
      const heatmaps = new Map(tail.plateMaps.map((map) => [map.id, plateHeatmapSvg(map)] as const));
      const write = async (path: string, svg: string): Promise<void> => {
        if (options.stopped?.()) return;
        const data = format === 'png' ? (await import('../io/renderPng.js')).svgToPng(svg) : svg;
        writeOutput(path, data);
        written.push(path);
        await yieldToEventLoop();
      };
      if (options.plotDir !== undefined) {
        try {
          makeFolder(options.plotDir);
        } catch (error) {
          throw systemError(error, options.plotDir, 'cannot make the plot folder') ?? error;
        }
        const lines = plotLines(rows);
        const summaries = summaryLines(rows);
        const compounds = compoundOrder(lines);
        const order = lineOrder(lines);
        const taken = new Set<string>();
        const stems = uniqueStems(compounds, 'compound', taken);
        for (let i = 0; i < compounds.length; i++) {
          const title = figureTitle(options.title, compounds[i]!, compounds.length);
          const svg = curvePlotSvg(
            lines.filter((l) => l.fit.compound === compounds[i]),
            { ...options.style, lineOrder: order, summaries, ...(title !== undefined ? { title } : {}) },
          );
          await write(join(options.plotDir, `${stems[i]!}.${format}`), svg);
        }
        // Growth-rate figures of the compounds with GR metrics: the GR curves, and IC50 beside GR50.
        for (let i = 0; i < compounds.length; i++) {
          const of = lines.filter((l) => l.fit.compound === compounds[i] && l.fit.gr);
          if (of.length === 0) continue;
          const [gr, pair] = uniqueStems([`${stems[i]!}-gr`, `${stems[i]!}-ic50-gr50`], 'compound', taken);
          await write(join(options.plotDir, `${gr!}.${format}`), grPlotSvg(of, { lineOrder: order }));
          await write(join(options.plotDir, `${pair!}.${format}`), ic50Gr50Svg(of, { lineOrder: order }));
        }
        const ids = [...heatmaps.keys()];
        const plateStems = uniqueStems(
          ids.map((id) => `plate-${id}`),
          'plate',
          taken,
        );
        for (let i = 0; i < ids.length; i++) await write(join(options.plotDir, `${plateStems[i]!}.${format}`), heatmaps.get(ids[i]!)!);
      }
      if (options.reportPath !== undefined && !options.stopped?.()) {
        try {
          makeFolder(dirname(options.reportPath));
        } catch (error) {
          throw systemError(error, options.reportPath, 'cannot make the report folder') ?? error;
        }
        const review = options.review ? { ...options.review, plateMaps: tail.plateMaps } : undefined;
        writeOutput(
          options.reportPath,
          htmlReport(
            { rows, plates: tail.plates, warnings: tail.warnings, errors: tail.errors, ...(tail.excluded ? { excluded: tail.excluded } : {}) },
            { ...(options.title ? { title: options.title } : {}), heatmaps, ...(options.style ? { style: options.style } : {}), review },
          ),
        );
        written.push(options.reportPath);
      }
    },
  };
}
