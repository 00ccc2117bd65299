import { describe, expect, it } from 'vitest';
import { ll4 } from '../../src/models/ll4.js';
import { ll5 } from '../../src/models/ll5.js';
import { pinned } from '../../src/models/pinned.js';
import { resolveModel } from '../../src/models/resolveModel.js';

describe('resolveModel', () => {
  it('gives the model value the CLI options describe, named as drc names it', () => {
    expect(resolveModel({})).toBe(ll4);
    expect(resolveModel({ model: 'll4' })).toBe(ll4);
    expect(resolveModel({ model: 'll5' })).toBe(ll5);
    const cases = [
      [{ model: 'll3' }, 'll3', { bottom: 0 }],
      [{ model: 'll3', bottom: 5 }, 'll3', { bottom: 5 }],
      [{ model: 'll3', top: 100 }, 'll2', { top: 100, bottom: 0 }],
      [{ bottom: 0 }, 'll3', { bottom: 0 }],
      [{ top: 100 }, 'll3u', { top: 100 }],
      [{ top: 100, bottom: 0 }, 'll2', { top: 100, bottom: 0 }],
      [{ model: 'll5', top: 100 }, 'll5', { top: 100 }],
    ] as const;
    for (const [options, name, pins] of cases) {
      const model = resolveModel(options);
      expect(model.name).toBe(name);
      expect(model.pinned).toEqual(pins);
    }
  });

  it('takes a model value as it is, pinning what the options add', () => {
    const ll3 = pinned(ll4, { bottom: 0 });
    expect(resolveModel({ model: ll3 })).toBe(ll3);
    expect(resolveModel({ model: ll3, top: 100 }).name).toBe('ll2');
  });
});
