import { describe, it } from 'vitest';
import { checkAnalyze, checkText } from './properties.js';

// Sizes at the edges: no rows, one row, 100,000 rows (beyond what a spread Math.max can take),
// lines of a million characters. Each must read, or fail with an Ic50Error naming the file.
const ROWS = 100_000;

describe('inputs of extreme size', () => {
  it('a tidy CSV of 100,000 rows: one curve of 90,000 points, analyzed end to end', async () => {
    const lines = ['cell_line,compound,concentration_nM,signal'];
    for (let i = 0; i < ROWS; i++) {
      const dose = 10 ** ((i % 9) - 4);
      lines.push(i % 10 === 0 ? `L,DMSO,0,${1000 + (i % 7)}` : `L,d,${dose},${1000 / (1 + dose) + (i % 5)}`);
    }
    const text = lines.join('\n');
    await checkAnalyze([{ name: 'big.csv', text }], {}, text);
  });

  it('a well table of 100,000 rows, a bare block of 100,000 numeric lines, 100,000 blank lines', () => {
    const wells = ['Well,Value'];
    for (let i = 0; i < ROWS; i++) wells.push(`${String.fromCharCode(65 + (i % 16))}${(i % 24) + 1},${i}`);
    checkText(wells.join('\n'), 'wells.csv');
    checkText(Array.from({ length: ROWS }, (_, i) => `${i},${i + 1},${i + 2}`).join('\n'), 'numbers.csv');
    checkText('\n'.repeat(ROWS), 'blank.csv');
  });

  it('one line of a million characters, and 20 lines of 100,000', () => {
    checkText('1,'.repeat(500_000), 'long.csv');
    checkText(Array.from({ length: 20 }, () => `A,${'1,'.repeat(50_000)}`).join('\n'), 'long.csv');
    checkText(`,${Array.from({ length: 200_000 }, (_, i) => i + 1).join(',')}\nA,${'5,'.repeat(200_000)}`, 'wide.csv');
  });

  it('no rows and one row', async () => {
    for (const text of ['', '\uFEFF', '\n', 'cell_line,compound,concentration_nM,signal', 'cell_line,compound,concentration_nM,signal\nL,d,1,2']) {
      checkText(text, 'small.csv');
      await checkAnalyze([{ name: 'small.csv', text }], {}, text);
    }
  });
});
