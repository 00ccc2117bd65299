import { describe, expect, it } from 'vitest';
import { fromLog10Molar, parseConcentrationUnit, toLog10Molar } from '../../src/plate/concentrationUnit.js';

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
});
