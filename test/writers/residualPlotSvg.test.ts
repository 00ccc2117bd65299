import { describe, expect, it } from 'vitest';
import { fittedModel } from '../../src/fit/fittedModel.js';
import { evaluateModel } from '../../src/models/model.js';
import type { CurveFit } from '../../src/types.js';
import { plotLines } from '../../src/writers/curvePlotSvg.js';
import { residualPlotSvg } from '../../src/writers/residualPlotSvg.js';
import { mm1sReport, unfitted } from './mm1s.js';
import { allText, byClass, findAll, parseXml } from './xml.js';

const report = await mm1sReport();
const wt = plotLines(report.rows).find((l) => l.fit.cellLine === 'MM1S WT' && l.fit.compound === 'bortezomib')!.fit;

/** The pixel of residual r, from the zero line and the frame (the axis is symmetric about zero). */
function residualAxis(root: ReturnType<typeof parseXml>, half: number): (r: number) => number {
  const zero = Number(byClass(root, 'zero', 'line')[0]!.attributes.y1);
  const area = byClass(root, 'plot-area', 'rect')[0]!.attributes;
  const top = Number(area.y);
  return (r) => zero - ((zero - top) * r) / half;
}

describe('residualPlotSvg', () => {
  it('draws observed − fitted for every fitted well about a zero line, on a symmetric axis covering them all', () => {
    const root = parseXml(residualPlotSvg(wt)!);
    expect(root.attributes.class).toBe('ic50-residuals');
    const fitted = fittedModel(wt)!;
    const residuals = wt.points.log10Molar.map((u, i) => wt.points.response[i]! - evaluateModel(fitted.model, fitted.parameters, u));
    const marks = findAll(byClass(root, 'residuals', 'g')[0]!, (e) => e.name === 'circle');
    expect(marks).toHaveLength(wt.nPoints);
    const half = Math.max(...residuals.map(Math.abs)) * 1.12;
    const pixel = residualAxis(root, half);
    marks.forEach((mark, i) => expect(Math.abs(Number(mark.attributes.cy) - pixel(residuals[i]!))).toBeLessThan(0.02));
    const area = byClass(root, 'plot-area', 'rect')[0]!.attributes;
    const zero = Number(byClass(root, 'zero', 'line')[0]!.attributes.y1);
    expect(zero).toBeCloseTo(Number(area.y) + Number(area.height) / 2, 1);
    for (const mark of marks) {
      expect(Number(mark.attributes.cy)).toBeGreaterThan(Number(area.y));
      expect(Number(mark.attributes.cy)).toBeLessThan(Number(area.y) + Number(area.height));
    }
    expect(allText(root)).toContain('MM1S WT — bortezomib');
    expect(allText(root)).toContain('residual (%)');
  });

  it('shows removed outliers as crosses and excluded wells hollow and crossed, at their distance from the curve', () => {
    const fit: CurveFit = {
      ...wt,
      outliers: { wells: ['P-WT-1:B5'], log10Molar: [wt.points.log10Molar[4]!], response: [3], removed: true },
      excluded: { wells: ['P-WT-1:A4'], log10Molar: [wt.points.log10Molar[3]!], response: [60], reasons: [''] },
    };
    const root = parseXml(residualPlotSvg(fit)!);
    expect(findAll(byClass(root, 'outliers', 'g')[0]!, (e) => e.name === 'path')).toHaveLength(1);
    const excluded = byClass(root, 'excluded', 'g')[0]!;
    expect(findAll(excluded, (e) => e.name === 'circle')).toHaveLength(1);
    expect(allText(excluded)).toContain('P-WT-1:A4 excluded');
    // Kept outliers are among the fitted wells already: no second mark.
    const kept = { ...fit, outliers: { ...fit.outliers!, removed: false } };
    expect(byClass(parseXml(residualPlotSvg(kept)!), 'outliers')).toHaveLength(0);
  });

  it('is null for a fit without a curve, and deterministic', () => {
    expect(residualPlotSvg(unfitted(wt, 'X'))).toBeNull();
    expect(residualPlotSvg(wt)).toBe(residualPlotSvg({ ...wt }));
  });
});
