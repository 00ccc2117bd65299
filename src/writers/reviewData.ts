import type { ReviewData } from '../engine/review.js';

/**
 * The report's review data as text for a `<script type="application/json">` element, and back:
 * JSON in which what JSON cannot hold is tagged — a non-finite number as {"$n": "NaN"}, a Map as
 * {"$map": [[key, value], …]}, a typed array as a plain array — and "<", ">" and "&" are
 * escaped (\u003c …), so the text can neither end the element nor break the page as XML.
 */
export function reviewDataJson(data: ReviewData): string {
  const text = JSON.stringify(data, function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'number') return Number.isFinite(value) ? value : { $n: String(value) };
    if (value instanceof Map) return { $map: [...value] };
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
    return value;
  });
  return text.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** The review data from reviewDataJson's text. */
export function parseReviewData(text: string): ReviewData {
  return JSON.parse(text, (_key: string, value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$n') return Number((value as { $n: string }).$n);
      if (keys.length === 1 && keys[0] === '$map') return new Map((value as { $map: [unknown, unknown][] }).$map);
    }
    return value;
  }) as ReviewData;
}
