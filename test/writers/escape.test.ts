import { describe, expect, it } from 'vitest';
import { delimitedField, neutraliseFormula, terminalText } from '../../src/writers/escape.js';

describe('neutraliseFormula', () => {
  it('quotes text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+A1', '-2+3', '@SUM(A1)', '\tx', '\rx', '-cmd|calc']) expect(neutraliseFormula(text, false)).toBe(`'${text}`);
  });
  it('leaves a lone - or + (standard input as a file name) and plain names alone', () => {
    for (const text of ['-', '+', 'MM1S', 'a-b', '', 'x=1']) expect(neutraliseFormula(text, false)).toBe(text);
  });
  it('writes everything as it is when raw', () => {
    expect(neutraliseFormula('=1+1', true)).toBe('=1+1');
  });
});

describe('delimitedField and terminalText', () => {
  it('quote what would split a field and mask terminal controls', () => {
    expect(delimitedField('a,b', ',')).toBe('"a,b"');
    expect(delimitedField('a"b', '\t')).toBe('"a""b"');
    expect(delimitedField('a;b', ',')).toBe('a;b');
    expect(terminalText('a\u001b[31mb')).toBe('a?[31mb');
  });
});
