import { readFileSync } from 'node:fs';

/**
 * The HTML report's review script, dist/review.js (made by `npm run build`, shipped in the
 * package), to inline in the page; undefined when it is missing (a source checkout not built).
 * The same relative path serves dist/io/, dist/bundle/ and src/io/.
 */
export function reviewScript(): string | undefined {
  try {
    return readFileSync(new URL('../../dist/review.js', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}
