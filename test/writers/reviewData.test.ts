import { describe, expect, it } from 'vitest';
import type { ReviewData } from '../../src/engine/review.js';
import { parseReviewData, reviewDataJson } from '../../src/writers/reviewData.js';

describe('reviewDataJson', () => {
  it('round-trips what JSON cannot hold, and never ends its script element', () => {
    const data = {
      settings: { fit: { bounds: { log10Ic50Margin: Number.POSITIVE_INFINITY, hillMin: 0.05, hillMax: 30 } }, confidence: 0.95, rfCi: 'delta', rfAt: [], pairs: [] },
      curves: [{ cellLine: '</script><script>alert(1)</script>', compound: 'a & b', plates: ['P1'], unit: 'nM', log10Molar: new Float64Array([-9, Number.NaN]), response: [Number.NEGATIVE_INFINITY, 50], wells: ['P1:A1', 'P1:A2'], noBlank: false }],
      rowOrder: [],
      plates: [],
      plateMaps: [{ id: 'P1', rows: 8, columns: 12, values: new Float64Array([1, Number.NaN]), roles: null, markers: new Map([[3, 'OVRFLW']]) }],
      warnings: [],
      errors: [],
      excluded: [],
    } as unknown as ReviewData;
    const text = reviewDataJson(data);
    expect(text).not.toMatch(/[<>&]/);
    const back = parseReviewData(text);
    expect(back.curves[0]!.cellLine).toBe('</script><script>alert(1)</script>');
    expect(back.curves[0]!.compound).toBe('a & b');
    expect(back.curves[0]!.log10Molar).toEqual([-9, Number.NaN]);
    expect(back.curves[0]!.response).toEqual([Number.NEGATIVE_INFINITY, 50]);
    expect(back.settings.fit.bounds!.log10Ic50Margin).toBe(Number.POSITIVE_INFINITY);
    expect(back.plateMaps[0]!.markers).toEqual(new Map([[3, 'OVRFLW']]));
    expect(Array.from(back.plateMaps[0]!.values)).toEqual([1, Number.NaN]);
  });
});
