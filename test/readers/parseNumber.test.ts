import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/readers/parseNumber.js';

/** A seeded generator, so a failure names a reproducible text. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('parseNumber', () => {
  it('reads plain decimals to exactly the double Number() gives, whatever their digits', () => {
    const uniform = generator(20261204);
    const digit = () => String(Math.floor(10 * uniform()));
    for (let n = 0; n < 100_000; n++) {
      const length = 1 + Math.floor(20 * uniform());
      let text = '';
      for (let i = 0; i < length; i++) text += digit();
      const dot = Math.floor((length + 2) * uniform());
      if (dot <= length) text = `${text.slice(0, dot)}.${text.slice(dot)}`;
      const sign = uniform();
      if (sign < 0.2) text = `-${text}`;
      else if (sign < 0.3) text = `+${text}`;
      const expected = Number(text);
      const got = parseNumber(text);
      if (!Object.is(got, expected)) expect.fail(`${text}: ${got} instead of ${expected}`);
    }
  });

  it('keeps the sign of zero and reads the edges of the fast path', () => {
    expect(Object.is(parseNumber('-0'), -0)).toBe(true);
    expect(Object.is(parseNumber('-0.000'), -0)).toBe(true);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('5.')).toBe(5);
    expect(parseNumber('+12.25')).toBe(12.25);
    expect(parseNumber('0.1')).toBe(0.1);
    expect(parseNumber('999999999999999')).toBe(999999999999999);
    expect(parseNumber('9007199254740993')).toBe(Number('9007199254740993'));
    expect(parseNumber('0.000000000000001')).toBe(1e-15);
  });

  it('refuses what is not plainly a number, as before', () => {
    for (const text of ['', '.', '-', '1.2.3', '1,5', 'NaN', 'Infinity', '0x10', '1 000', '--1', '1-']) {
      expect(parseNumber(text), text).toBeNaN();
    }
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber(' 2.5 ')).toBe(2.5);
    expect(parseNumber('1.5e-3')).toBe(0.0015);
  });
});
