import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Before any test: the report's review script (dist/review.js) bundled from the sources as
 * they are, so that reports written by the tests (and the browser tests) run the code under test.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync(process.execPath, ['scripts/bundle.mjs', 'review'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bundling the review script failed:\n${result.stderr}`);
}
