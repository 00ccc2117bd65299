// Loads the bundled CLI (dist/bundle/cli.cjs) with the V8 code cache that `npm run build` made for
// it. A one-plate run is mostly start-up, and most of start-up is compiling the bundle: with the
// cache V8 reads the compiled bytecode instead (docs/performance.md has the numbers). The bundle's
// first line names its build; the cache is `cli.cjs.<build>.cache`, so a rebuilt bundle never meets
// an old cache. When V8 refuses a cache (another Node version or other V8 flags), or there is none,
// the bundle is compiled as usual: slower, never different.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';

/** The cache file for a bundle, or undefined when the bundle names no build. */
export function cachePath(file, source) {
  const build = /^\/\/ build ([0-9a-f]{16,})\n/.exec(source)?.[1];
  return build === undefined ? undefined : `${file}.${build}.cache`;
}

/** Runs the CommonJS bundle `file` and returns its exports and the compiled script. */
export function loadBundle(path, { useCache = true } = {}) {
  const file = resolve(path);
  const source = readFileSync(file, 'utf8');
  const cache = cachePath(file, source);
  let cachedData;
  if (useCache && cache !== undefined) {
    try {
      cachedData = readFileSync(cache);
    } catch {
      // no cache made (or removed): compile as usual
    }
  }
  // The wrapper shares the bundle's first line, so line numbers in a stack trace stay the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script, cache };
}
