import { describe, expect, it } from 'vitest';
import { ll4 } from '../../src/models/ll4.js';
import { ll5 } from '../../src/models/ll5.js';
import { pinned } from '../../src/models/pinned.js';

describe('pinned', () => {
  it('makes drc’s pinned variants of LL.4 as values with their own names and free parameters', () => {
    const ll3 = pinned(ll4, { bottom: 0 });
    expect(ll3.name).toBe('ll3');
    expect(ll3.pinned).toEqual({ bottom: 0 });
    expect(ll3.free).toEqual([true, true, true, false]);
    expect(ll3.minConcentrations).toBe(4);
    expect(pinned(ll4, { top: 100 }).name).toBe('ll3u');
    const ll2 = pinned(ll4, { top: 100, bottom: 0 });
    expect(ll2.name).toBe('ll2');
    expect(ll2.free).toEqual([true, true, false, false]);
    // The curve itself is LL.4's.
    expect(ll2.shape([1, 2], 0.7)).toBe(ll4.shape([1, 2], 0.7));
  });

  it('keeps LL.5’s name with pinned asymptotes, and its five concentrations', () => {
    const model = pinned(ll5, { top: 100 });
    expect(model.name).toBe('ll5');
    expect(model.free).toEqual([true, true, true, false, true]);
    expect(model.minConcentrations).toBe(5);
  });

  it('is the model itself when nothing new is pinned, and adds to earlier pins', () => {
    expect(pinned(ll4, {})).toBe(ll4);
    expect(pinned(ll4, { top: undefined, bottom: undefined })).toBe(ll4);
    const ll3 = pinned(ll4, { bottom: 5 });
    expect(pinned(ll3, {})).toBe(ll3);
    expect(pinned(ll3, { bottom: 5 })).toBe(ll3);
    expect(pinned(ll3, { top: 100 }).pinned).toEqual({ top: 100, bottom: 5 });
    expect(pinned(ll3, { bottom: 0 }).pinned).toEqual({ bottom: 0 });
  });
});
