import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

type ResvgModule = typeof import('@resvg/resvg-js');
let resvg: ResvgModule | undefined;

/** resvg's native addon, loaded on first use so that commands without PNG output never pay for it. */
function loadResvg(): ResvgModule {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  return resvg;
}

export interface PngOptions {
  /**
   * Use the fonts installed on the system (default true). Text is drawn only with a font:
   * resvg ships none, so with no system fonts (or with this false and no fontFiles) the PNG
   * has every line, point and shape but no text. Nothing fails either way.
   */
  readonly loadSystemFonts?: boolean;
  /** Font files (TTF/OTF) to load, e.g. for reproducible text on any machine. */
  readonly fontFiles?: readonly string[];
  /** Pixels per SVG unit (default 2: crisp on high-density screens and in slides). */
  readonly scale?: number;
}

/**
 * An SVG as a PNG, rendered by resvg (no browser). The background is white where the SVG
 * paints none. Deterministic for the same SVG, options and fonts.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  return renderSvg(svg, options).png;
}

/** The PNG and its raw RGBA pixels (for checks such as "not blank"). */
export function renderSvg(svg: string, options: PngOptions = {}): { png: Uint8Array; pixels: Uint8Array; width: number; height: number } {
  const render: ResvgRenderOptions = {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    font: {
      loadSystemFonts: options.loadSystemFonts ?? true,
      fontFiles: [...(options.fontFiles ?? [])],
      // Generic families, resolved among whatever fonts are loaded.
      sansSerifFamily: 'DejaVu Sans',
      defaultFontFamily: 'DejaVu Sans',
    },
    logLevel: 'off',
  };
  const image = new (loadResvg().Resvg)(svg, render).render();
  return {
    png: new Uint8Array(image.asPng()),
    pixels: new Uint8Array(image.pixels),
    width: image.width,
    height: image.height,
  };
}
