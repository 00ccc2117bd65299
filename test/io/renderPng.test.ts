import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curvePlotSvg, lineOrder } from '../../src/writers/curvePlotSvg.js';
import { plateHeatmapSvg } from '../../src/writers/plateHeatmapSvg.js';
import { renderSvg, svgToPng } from '../../src/io/renderPng.js';
import { mm1sReport } from '../writers/mm1s.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether this machine has a font file where fontconfig looks (Debian: /usr/share/fonts). */
function hasSystemFonts(): boolean {
  try {
    return readdirSync('/usr/share/fonts', { recursive: true }).some((name) => /\.(ttf|otf|ttc)$/i.test(String(name)));
  } catch {
    return false;
  }
}

/** Distinct RGBA colours among the pixels (capped: we only need to know it is more than one). */
function colours(pixels: Uint8Array, cap = 50): number {
  const seen = new Set<number>();
  for (let i = 0; i < pixels.length && seen.size < cap; i += 4) {
    seen.add(((pixels[i]! << 24) | (pixels[i + 1]! << 16) | (pixels[i + 2]! << 8) | pixels[i + 3]!) >>> 0);
  }
  return seen.size;
}

/** Pixels of `rgb` (exactly), e.g. the Okabe–Ito blue of the second line. */
function countColour(pixels: Uint8Array, rgb: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === rgb[0] && pixels[i + 1] === rgb[1] && pixels[i + 2] === rgb[2]) n++;
  return n;
}

const report = await mm1sReport();
const svg = curvePlotSvg(report.fits.filter((f) => f.compound === 'bortezomib'), { lineOrder: lineOrder(report.fits) });

describe('svgToPng', () => {
  it('renders a curve plot to a non-blank PNG without system fonts', () => {
    const png = svgToPng(svg, { loadSystemFonts: false });
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const image = renderSvg(svg, { loadSystemFonts: false });
    expect(image.width).toBe(1280); // 640 × scale 2
    expect(image.pixels.length).toBe(image.width * image.height * 4);
    expect(colours(image.pixels)).toBeGreaterThan(10);
    // The curves are there: plenty of pixels in the second line's blue (#0072B2).
    expect(countColour(image.pixels, [0x00, 0x72, 0xb2])).toBeGreaterThan(500);
  });

  it('renders the same bytes for the same SVG', () => {
    expect(svgToPng(svg, { loadSystemFonts: false })).toEqual(svgToPng(svg, { loadSystemFonts: false }));
  });

  it('honours the scale and renders plate maps', () => {
    const values = new Float64Array(96).map((_, i) => i);
    const map = plateHeatmapSvg({ id: 'P1', rows: 8, columns: 12, values, roles: null, markers: new Map() });
    const image = renderSvg(map, { loadSystemFonts: false, scale: 1 });
    expect(image.width).toBe(Number(/width="([\d.]+)"/.exec(map)![1]));
    expect(colours(image.pixels)).toBeGreaterThan(10);
  });

  it.skipIf(!hasSystemFonts())('draws text only when it has a font: more ink with the system fonts than without', () => {
    const ink = (pixels: Uint8Array): number => {
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128 && pixels[i + 1]! < 128 && pixels[i + 2]! < 128) n++;
      return n;
    };
    const without = ink(renderSvg(svg, { loadSystemFonts: false }).pixels);
    const withSystem = ink(renderSvg(svg).pixels);
    expect(withSystem).toBeGreaterThan(without);
  });
});
