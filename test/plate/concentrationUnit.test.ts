import { describe, expect, it } from 'vitest';
import { fromLog10Molar, parseConcentrationUnit, toLog10Molar, unitKind } from '../../src/plate/concentrationUnit.js';
import { splitHeaderUnit } from '../../src/plate/columns.js';
import { curveUnit } from '../../src/plate/groupCurves.js';

describe('concentration units', () => {
  it.each([
    ['pM', 'pM'], ['nM', 'nM'], ['µM', 'uM'], ['μM', 'uM'], ['uM', 'uM'], ['mM', 'mM'], ['M', 'M'], ['log10 M', 'log10 M'], ['logM', 'log10 M'],
  ])('%s', (text, name) => expect(parseConcentrationUnit(text)?.name).toBe(name));

  it('rejects unknown units', () => {
    expect(parseConcentrationUnit('ppm')).toBeNull();
    expect(parseConcentrationUnit('')).toBeNull();
  });

  it('converts to and from log10 molar', () => {
    const nM = parseConcentrationUnit('nM')!;
    expect(toLog10Molar(15.2, nM)).toBeCloseTo(Math.log10(15.2e-9), 12);
    expect(fromLog10Molar(toLog10Molar(15.2, nM), nM)).toBeCloseTo(15.2, 10);
    expect(toLog10Molar(0, nM)).toBeNaN();
    expect(toLog10Molar(-7, parseConcentrationUnit('log10 M')!)).toBe(-7);
  });

  it.each([
    ['ng/mL', 'ng/mL', -6], ['µg/mL', 'ug/mL', -3], ['μg/ml', 'ug/mL', -3], ['ug/mL', 'ug/mL', -3], ['UG/ML', 'ug/mL', -3], ['mg/mL', 'mg/mL', 0], ['g/L', 'g/L', 0],
  ])('mass unit %s is %s, 10^%d g/L', (text, name, log10) => {
    const unit = parseConcentrationUnit(text)!;
    expect(unit.name).toBe(name);
    expect(unit.kind).toBe('mass');
    expect(unit.log10Molar).toBe(log10);
  });

  it('tells molar from mass units, and converts within a kind only', () => {
    expect(unitKind('nM')).toBe('molar');
    expect(unitKind('ug/mL')).toBe('mass');
    expect(fromLog10Molar(toLog10Molar(2.5, parseConcentrationUnit('ug/mL')!), parseConcentrationUnit('ng/mL')!)).toBeCloseTo(2500, 9);
    // --unit-out converts a curve's unit only within its kind.
    expect(curveUnit('ug/mL', 'ng/mL')).toBe('ng/mL');
    expect(curveUnit('ug/mL', 'nM')).toBe('ug/mL');
    expect(curveUnit('nM', 'ug/mL')).toBe('nM');
    expect(curveUnit('uM', 'nM')).toBe('nM');
  });

  it('reads mass units in headers', () => {
    expect(splitHeaderUnit('concentration_ug/mL').unit?.name).toBe('ug/mL');
    expect(splitHeaderUnit('conc (µg/mL)').unit?.name).toBe('ug/mL');
    expect(splitHeaderUnit('dose [ng/ml]').unit?.name).toBe('ng/mL');
    expect(splitHeaderUnit('concentration_nM').unit?.name).toBe('nM');
  });
});
