import { describe, expect, it } from 'vitest';
import { textWidth, wrapText } from '../../src/writers/wrapText.js';

describe('textWidth', () => {
  it('estimates DejaVu Sans widths: wider for wide letters, bold and larger fonts', () => {
    expect(textWidth('', 12)).toBe(0);
    expect(textWidth('MMMM', 12)).toBeGreaterThan(textWidth('iiii', 12) * 2);
    expect(textWidth('IC50', 12, true)).toBeGreaterThan(textWidth('IC50', 12));
    expect(textWidth('IC50', 24)).toBeCloseTo(2 * textWidth('IC50', 12), 9);
    // "0" is 0.636 em in DejaVu Sans: ten of them at 10 px, with 3 % to spare.
    expect(textWidth('0000000000', 10)).toBeCloseTo(64 * 1.03, 6);
  });
});

describe('wrapText', () => {
  it('leaves text that fits as one line', () => {
    expect(wrapText('MM1S WT: IC50 15.3 nM', 400, 12)).toEqual(['MM1S WT: IC50 15.3 nM']);
  });

  it('breaks at spaces, keeps every character (the lines joined give the text back) and each line fits', () => {
    const text = 'MM1S/R BTZ resistant subclone 7, passage 14 (bortezomib-sel): IC50 45 [42.6–47.5] nM, RF 2.95 [2.75–3.16]';
    for (const width of [120, 200, 333, 500]) {
      const lines = wrapText(text, width, 12);
      expect(lines.join('')).toBe(text);
      for (const line of lines) expect(textWidth(line.trimEnd(), 12)).toBeLessThanOrEqual(width);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines.slice(0, -1)) expect(line.endsWith(' ') || /[/\-_|,]$/.test(line)).toBe(true);
    }
  });

  it('breaks a word longer than the line after "/", "-", "_", "|" or ",", else anywhere', () => {
    const code = 'Carfilzomib-derivative_compound_with_a_long_internal_code_X1';
    const lines = wrapText(code, 150, 12);
    expect(lines.join('')).toBe(code);
    expect(lines.slice(0, -1).every((l) => /[-_]$/.test(l))).toBe(true);
    const bare = 'A'.repeat(40);
    const hard = wrapText(bare, 100, 12);
    expect(hard.join('')).toBe(bare);
    expect(hard.length).toBeGreaterThan(3);
    // A width too small for any character still loses none: one per line.
    expect(wrapText('abc', 1, 12)).toEqual(['a', 'b', 'c']);
  });
});
