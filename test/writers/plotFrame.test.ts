import { describe, expect, it } from 'vitest';
import { parseConcentrationUnit } from '../../src/plate/concentrationUnit.js';
import { axesSvg, niceStep, paddedRange, tickText, xPixel, yPixel, type PlotFrame } from '../../src/writers/plotFrame.js';

describe('plotFrame', () => {
  it('niceStep: 1, 2, 2.5 or 5 × 10^k for about six intervals', () => {
    expect(niceStep(100)).toBe(20);
    expect(niceStep(115)).toBe(20);
    expect(niceStep(140)).toBe(25);
    expect(niceStep(300)).toBe(50);
    expect(niceStep(12)).toBe(2);
    expect(niceStep(0.9)).toBeCloseTo(0.2, 12);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
  });

  it('paddedRange: covers 0–100 and every finite value, with 5 % of the span to spare', () => {
    expect(paddedRange([50], 0, 100)).toEqual([-5, 105]);
    const [low, high] = paddedRange([105, -5, Number.NaN, Infinity], 0, 100);
    expect(low).toBeCloseTo(-10.5, 9);
    expect(high).toBeCloseTo(110.5, 9);
    expect(paddedRange([], 0, 0)).toEqual([-1, 1]);
  });

  it('maps values to pixels, holding a y beyond the window on its edge', () => {
    const frame: PlotFrame = { left: 50, right: 150, top: 10, bottom: 110, xLo: -9, xHi: -5, yLo: 0, yHi: 100, fontSize: 12 };
    expect(xPixel(frame, -9)).toBe(50);
    expect(xPixel(frame, -7)).toBe(100);
    expect(yPixel(frame, 0)).toBe(110);
    expect(yPixel(frame, 100)).toBe(10);
    expect(yPixel(frame, 250)).toBe(10);
    expect(yPixel(frame, -250)).toBe(110);
  });

  it('draws labelled ticks every step, with true minus signs, and the frame', () => {
    const frame: PlotFrame = { left: 50, right: 550, top: 10, bottom: 290, xLo: -0.3, xHi: 3.3, yLo: -6, yHi: 112, fontSize: 12 };
    const svg = axesSvg(frame, parseConcentrationUnit('nM')!, 20, [0, 100]).join('\n');
    const labels = [...svg.matchAll(/text-anchor="end" fill="#333333">([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['0', '20', '40', '60', '80', '100']);
    expect([...svg.matchAll(/text-anchor="middle" fill="#333333">([^<]*)</g)].map((m) => m[1])).toEqual(['1', '10', '100', '1000']);
    expect(svg).toContain('class="plot-area"');
    expect(tickText(-10)).toBe('−10');
    expect(tickText(1e-12)).toBe('0');
    expect(tickText(2.5)).toBe('2.5');
  });
});
